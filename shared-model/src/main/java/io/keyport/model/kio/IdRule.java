package io.keyport.model.kio;

import java.util.regex.Pattern;

/** The rule behind a Kio id type: at most so many characters, matching a pattern. */
public record IdRule(String what, int maxLength, Pattern pattern) {

    IdRule(String what, int maxLength, String regex) {
        this(what, maxLength, Pattern.compile(regex));
    }

    /** Whether {@code value} follows the rule (false for null); the length is checked first. */
    public boolean allows(String value) {
        return value != null
                && value.length() <= maxLength
                && pattern.matcher(value).matches();
    }

    /** {@code value} if the rule allows it. */
    String require(String value) {
        if (!allows(value)) {
            throw new IllegalArgumentException(message());
        }
        return value;
    }

    /** What a refused value is told, the words the Kio API has always answered. */
    public String message() {
        return "Invalid " + what + "; it must match " + pattern.pattern();
    }
}
