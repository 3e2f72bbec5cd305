package io.keyport.model.kio;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A team id, valid by construction: lower-case letters, digits, {@code -} and {@code _}, 2 to
 * {@value #MAX_LENGTH} characters, starting with a letter and ending with a letter or digit (the
 * rule the server applies when a team is created, so no team exists under any other id). Written
 * to JSON as the bare string; the constructor throws {@link IllegalArgumentException} when
 * {@code value} breaks the rule.
 */
public record TeamId(@JsonValue String value) {

    public static final int MAX_LENGTH = 64;
    /** The rule, with its check and the message a refused value gets ({@code Invalid team id; it must match ...}). */
    public static final IdRule RULE = new IdRule("team id", MAX_LENGTH, "^[a-z][a-z0-9_-]{0,62}[a-z0-9]$");

    @JsonCreator
    public TeamId {
        RULE.require(value);
    }
}
