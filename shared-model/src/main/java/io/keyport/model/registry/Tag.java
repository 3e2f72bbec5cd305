package io.keyport.model.registry;

import java.util.regex.Pattern;

/**
 * A tag (OCI distribution-spec: {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}). Pier One's rules ride
 * on the name: {@code *-SNAPSHOT} tags may move, and {@code latest} is only a read alias for the
 * newest tag, never pushed.
 */
public record Tag(String value) implements Comparable<Tag> {

    private static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    /** The read alias for a repository's newest tag. */
    public static final String LATEST = "latest";

    public Tag {
        if (!isValid(value)) {
            throw new IllegalArgumentException("invalid tag: " + (value == null ? "null" : abbreviate(value)));
        }
    }

    public static Tag parse(String value) {
        return new Tag(value);
    }

    public static boolean isValid(String value) {
        return value != null && TAG.matcher(value).matches();
    }

    /** Whether this tag may move to another manifest (Pier One: names ending in {@code -SNAPSHOT}). */
    public boolean mutable() {
        return value.endsWith("-SNAPSHOT");
    }

    /** Whether this is the read-only alias {@code latest}. */
    public boolean isLatest() {
        return value.equals(LATEST);
    }

    @Override
    public int compareTo(Tag other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }

    static String abbreviate(String value) {
        return value.length() > 140 ? value.substring(0, 140) + "..." : value;
    }
}
