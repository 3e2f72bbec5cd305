package io.keyport.backend.appstore.service;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Semantic Versioning 2.0.0 version ({@code MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]}), parsed
 * strictly as the specification's grammar has it: no {@code v} prefix, no leading zeros in numeric
 * identifiers, no empty identifiers. Chart versions are SemVer 2, as Helm requires.
 *
 * <p>Ordering is the specification's precedence (section 11): numeric parts compared as numbers (so
 * 10.0.0 is above 9.0.0, at any length, with no overflow), a prerelease below its release, prerelease
 * identifiers one by one (numeric below alphanumeric, numbers as numbers, text in ASCII order, more
 * identifiers above fewer). Build metadata has no precedence; {@link #compareTo} breaks that tie by
 * the build text only so that the order is total and consistent with {@link #equals}.
 */
public record SemVer(String major, String minor, String patch, List<String> prerelease, String build)
        implements Comparable<SemVer> {

    private static final String NUMBER = "0|[1-9][0-9]*";
    private static final String PRE_ID = "0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*";
    private static final Pattern GRAMMAR = Pattern.compile("(" + NUMBER + ")\\.(" + NUMBER + ")\\.(" + NUMBER + ")"
            + "(?:-((?:" + PRE_ID + ")(?:\\.(?:" + PRE_ID + "))*))?"
            + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    /** The longest version text accepted; the specification sets none, storage and URLs need one. */
    public static final int MAX_LENGTH = 128;

    /** The version of {@code text}, or empty when it is not SemVer 2 (or longer than {@link #MAX_LENGTH}). */
    public static Optional<SemVer> parse(String text) {
        if (text == null || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        Matcher m = GRAMMAR.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> pre = m.group(4) == null ? List.of() : List.of(m.group(4).split("\\."));
        return Optional.of(new SemVer(m.group(1), m.group(2), m.group(3), pre, m.group(5)));
    }

    /** Whether this is a prerelease ({@code 1.0.0-rc.1}); Helm's "latest" skips those. */
    public boolean isPrerelease() {
        return !prerelease.isEmpty();
    }

    /** The specification's precedence: build metadata ignored. */
    public int comparePrecedence(SemVer other) {
        int c = compareNumbers(major, other.major);
        if (c == 0) {
            c = compareNumbers(minor, other.minor);
        }
        if (c == 0) {
            c = compareNumbers(patch, other.patch);
        }
        if (c != 0) {
            return c;
        }
        if (prerelease.isEmpty() || other.prerelease.isEmpty()) {
            return Boolean.compare(prerelease.isEmpty(), other.prerelease.isEmpty());
        }
        for (int i = 0; i < Math.min(prerelease.size(), other.prerelease.size()); i++) {
            c = compareIdentifiers(prerelease.get(i), other.prerelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(prerelease.size(), other.prerelease.size());
    }

    @Override
    public int compareTo(SemVer other) {
        int c = comparePrecedence(other);
        if (c != 0) {
            return c;
        }
        String a = build == null ? "" : build;
        String b = other.build == null ? "" : other.build;
        return a.compareTo(b);
    }

    private static boolean numeric(String id) {
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) < '0' || id.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digit strings without leading zeros: the longer is the larger, equal lengths compare as text. */
    private static int compareNumbers(String a, String b) {
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }

    private static int compareIdentifiers(String a, String b) {
        boolean na = numeric(a);
        boolean nb = numeric(b);
        if (na && nb) {
            return compareNumbers(a, b);
        }
        if (na != nb) {
            return na ? -1 : 1;
        }
        return a.compareTo(b);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (prerelease.isEmpty() ? "" : "-" + String.join(".", prerelease))
                + (build == null ? "" : "+" + build);
    }
}
