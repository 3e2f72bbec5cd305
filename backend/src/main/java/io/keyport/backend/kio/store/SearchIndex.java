package io.keyport.backend.kio.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The trigram index of application search (decision 0009): table
 * {@code application_search_grams(gram, app_key)} holds, for every application, each
 * distinct three-character window of the words of its {@code search_text}. A search word of three
 * or more characters can only occur inside a word of {@code search_text}, so every application
 * containing it has all of its trigrams: the index narrows the candidates by B-tree lookups and
 * {@code LIKE} on {@code search_text} still decides, so results are exactly those of a full scan.
 * Kept by {@link ApplicationStore} in the transaction that writes the application row, so the
 * index is as consistent as the row itself, for every replica sharing the database. A search is
 * driven by its rarest trigram: the numeric keys {@code app_key} (decision 0041) of the
 * applications indexed under it are read here, and each replica's in-memory copy of the
 * applications decides, ranks and excerpts them (decision 0051).
 */
public final class SearchIndex {

    /** What separates words, in queries and in {@code search_text} alike. */
    private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{N}]+");
    /** At most this many trigrams of a query are considered for driving the search. */
    static final int MAX_QUERY_GRAMS = 24;

    private static final int BATCH = 200;

    private SearchIndex() {}

    /** The non-empty words of an already lower-cased text, in order, with repeats. */
    public static List<String> words(String lowerText) {
        List<String> words = new ArrayList<>();
        for (String w : SEPARATOR.split(lowerText)) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }

    /**
     * The distinct trigrams of the words of a lower-cased text. Windows holding half of a
     * surrogate pair are left out on both sides (index and query), so databases that count code
     * points and those that count UTF-16 units agree.
     */
    public static Set<String> grams(String lowerText) {
        Set<String> grams = new LinkedHashSet<>();
        for (String word : words(lowerText)) {
            addGrams(word, grams);
        }
        return grams;
    }

    private static void addGrams(String word, Set<String> into) {
        for (int i = 0; i + 3 <= word.length(); i++) {
            char a = word.charAt(i);
            char b = word.charAt(i + 1);
            char c = word.charAt(i + 2);
            if (!Character.isSurrogate(a) && !Character.isSurrogate(b) && !Character.isSurrogate(c)) {
                into.add(word.substring(i, i + 3));
            }
        }
    }

    /**
     * The trigrams a search for {@code terms} (lower-case words) may require of every hit, at most
     * {@link #MAX_QUERY_GRAMS}; empty when no term has three characters (then nothing narrows).
     */
    public static List<String> queryGrams(List<String> terms) {
        Set<String> grams = new LinkedHashSet<>();
        for (String term : terms) {
            addGrams(term, grams);
        }
        return grams.stream().limit(MAX_QUERY_GRAMS).toList();
    }

    /** The keys of the applications indexed under {@code gram}. */
    static long[] postings(Connection c, String gram) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT app_key FROM application_search_grams WHERE gram = ?")) {
            ps.setString(1, gram);
            ps.setFetchSize(1000);
            long[] keys = new long[64];
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (n == keys.length) {
                        keys = java.util.Arrays.copyOf(keys, n * 2);
                    }
                    keys[n++] = rs.getLong(1);
                }
            }
            return java.util.Arrays.copyOf(keys, n);
        }
    }

    /**
     * The trigram that narrows a search most: the one found in the fewest applications, as far as
     * {@link Frequencies} knows. Any trigram gives the same results, since {@code LIKE} decides.
     */
    static String rarest(Connection c, List<String> grams, Frequencies frequencies) throws SQLException {
        String best = null;
        long bestCount = Long.MAX_VALUE;
        for (String gram : grams) {
            long count = frequencies.count(c, gram);
            if (count < bestCount) {
                best = gram;
                bestCount = count;
            }
        }
        return best;
    }

    /**
     * How many applications have each trigram, capped at {@link #CAP} and remembered for
     * {@link #TTL_NANOS}: only to choose which trigram drives a search, so a stale or capped count
     * can make a search slower, never wrong. Bounded to {@link #MAX_ENTRIES} trigrams. An expired
     * count is refreshed by one search while concurrent ones use the old value.
     */
    public static final class Frequencies {
        static final int CAP = 5_000;
        static final long TTL_NANOS = 60_000_000_000L;
        static final int MAX_ENTRIES = 50_000;

        private record Count(long value, long at) {}

        private final java.util.concurrent.ConcurrentHashMap<String, Count> counts =
                new java.util.concurrent.ConcurrentHashMap<>();

        long count(Connection c, String gram) throws SQLException {
            long now = System.nanoTime();
            Count known = counts.get(gram);
            if (known != null && now - known.at() < TTL_NANOS) {
                return known.value();
            }
            // One search refreshes an expired count; the others go on with the old one meanwhile,
            // instead of all counting the same trigrams at the same moment once a minute.
            if (known != null && !counts.replace(gram, known, new Count(known.value(), now))) {
                return known.value();
            }
            long value;
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT COUNT(*) FROM (SELECT 1 FROM application_search_grams "
                            + "WHERE gram = ? LIMIT " + CAP + ") capped")) {
                ps.setString(1, gram);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    value = rs.getLong(1);
                }
            }
            if (counts.size() >= MAX_ENTRIES) {
                counts.clear();
            }
            counts.put(gram, new Count(value, now));
            return value;
        }
    }

    /** Indexes a new application. */
    static void insert(Connection c, long appKey, String searchText) throws SQLException {
        write(c, "INSERT INTO application_search_grams (gram, app_key) VALUES (?, ?)", appKey, grams(searchText));
    }

    /** Brings an application's index rows to its new text, touching only the trigrams that changed. */
    static void update(Connection c, long appKey, String searchText) throws SQLException {
        Set<String> wanted = grams(searchText);
        Set<String> stored = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT gram FROM application_search_grams WHERE app_key = ?")) {
            ps.setLong(1, appKey);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        Set<String> gone = new HashSet<>(stored);
        gone.removeAll(wanted);
        wanted.removeAll(stored);
        write(c, "DELETE FROM application_search_grams WHERE gram = ? AND app_key = ?", appKey, gone);
        write(c, "INSERT INTO application_search_grams (gram, app_key) VALUES (?, ?)", appKey, wanted);
    }

    private static void write(Connection c, String sql, long appKey, Set<String> grams) throws SQLException {
        if (grams.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int pending = 0;
            for (String gram : grams) {
                ps.setString(1, gram);
                ps.setLong(2, appKey);
                ps.addBatch();
                if (++pending == BATCH) {
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }
}
