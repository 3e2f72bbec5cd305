package io.keyport.backend.registry.service;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A team's mutable-tag patterns (Pier One's {@code *-SNAPSHOT}, changeable per team): a tag that
 * matches one of them may move to another manifest, every other tag is immutable. A pattern is a
 * tag in which {@code *} stands for any run of characters, matched against the whole tag. Pure: no
 * I/O; parsing refuses what could not be a tag pattern with a 400 in the OCI family.
 */
public final class TagRules {

    /** The patterns of a team that never changed them. */
    public static final List<String> DEFAULT_PATTERNS = List.of("*-SNAPSHOT");

    /** At most this many patterns per team. */
    public static final int MAX_PATTERNS = 32;

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9_.*-]{1,128}");

    private final List<String> patterns;

    private TagRules(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
    }

    /** The default rules ({@link #DEFAULT_PATTERNS}). */
    public static TagRules defaults() {
        return new TagRules(DEFAULT_PATTERNS);
    }

    /** Rules of patterns read back from the database (valid when written). */
    public static TagRules stored(List<String> patterns) {
        return new TagRules(patterns);
    }

    /**
     * Parses patterns a caller sent: each 1 to 128 characters of a tag ({@code [A-Za-z0-9_.-]}) or
     * {@code *}, at most {@link #MAX_PATTERNS}, duplicates dropped; 400 otherwise.
     */
    public static TagRules parse(List<String> patterns) {
        if (patterns == null) {
            throw invalid("patterns is required (a list; empty: every tag is immutable)", null);
        }
        if (patterns.size() > MAX_PATTERNS) {
            throw invalid("at most " + MAX_PATTERNS + " patterns", Map.of("limit", MAX_PATTERNS));
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String p : patterns) {
            if (p == null || !SYNTAX.matcher(p).matches()) {
                throw invalid(
                        "a pattern is 1 to 128 characters of A-Z a-z 0-9 _ . - and *",
                        Map.of("pattern", p == null ? "null" : abbreviate(p)));
            }
            unique.add(p);
        }
        return new TagRules(new ArrayList<>(unique));
    }

    public List<String> patterns() {
        return patterns;
    }

    /** Whether {@code tag} may move to another manifest. */
    public boolean mutable(String tag) {
        for (String p : patterns) {
            if (matches(p, tag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code pattern} ({@code *}: any run of characters) matches all of {@code text}.
     * Greedy with one backtrack point (the last star), so at most pattern × text steps, whatever
     * the number of stars; a regular expression of {@code .*} runs would backtrack exponentially.
     */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static io.keyport.backend.http.ApiException invalid(String message, Object detail) {
        return OciError.INVALID_SETTING.with(message, detail);
    }

    private static String abbreviate(String value) {
        return value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }
}
