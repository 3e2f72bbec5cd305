package io.keyport.model.kio;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A Kio version id, valid by construction: runs of ASCII letters and digits joined by single
 * {@code .}, {@code _} or {@code -} ({@code 1.0.0}, {@code 2024-05-01_rc1}), at most
 * {@value #MAX_LENGTH} characters. Written
 * to JSON as the bare string; the constructor throws {@link IllegalArgumentException} when
 * {@code value} breaks the rule.
 */
public record VersionId(@JsonValue String value) {

    public static final int MAX_LENGTH = 128;
    /** The rule, with its check and the message a refused value gets ({@code Invalid version id; it must match ...}). */
    public static final IdRule RULE = new IdRule("version id", MAX_LENGTH, "^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$");

    @JsonCreator
    public VersionId {
        RULE.require(value);
    }
}
