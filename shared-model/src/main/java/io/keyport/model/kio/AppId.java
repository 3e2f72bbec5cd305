package io.keyport.model.kio;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A Kio application id, valid by construction: lower-case letters, digits and {@code -}, starting
 * with a letter, not ending with {@code -}, at most {@value #MAX_LENGTH} characters (Kio's rule).
 * Written to JSON as the bare string; the constructor throws {@link IllegalArgumentException}
 * when {@code value} breaks the rule.
 */
public record AppId(@JsonValue String value) {

    public static final int MAX_LENGTH = 64;
    /** The rule, with its check and the message a refused value gets ({@code Invalid application id; it must match ...}). */
    public static final IdRule RULE = new IdRule("application id", MAX_LENGTH, "^[a-z][a-z0-9-]*[a-z0-9]$");

    @JsonCreator
    public AppId {
        RULE.require(value);
    }
}
