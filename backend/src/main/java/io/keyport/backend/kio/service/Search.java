package io.keyport.backend.kio.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keyport.backend.kio.store.SearchIndex;
import io.keyport.model.common.Json;
import io.keyport.model.kio.Application;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Kio's search semantics over a portable index (decision 0009): a query is split into words, an
 * application matches when its id, name, subtitle and description together contain every word, and
 * hits are ranked by where the words occur, weighted as Kio weighted its document vector (id 1.0,
 * name 0.4, subtitle 0.2, description 0.1, PostgreSQL's default A-D weights). The excerpt marks
 * matched words with {@code <b>...</b>} as {@code ts_headline} does.
 *
 * <p>Each candidate's fields are lower-cased once and shared by the match, the rank and the
 * excerpt (decision 0023); the index only narrows the candidates, this class decides.
 */
public final class Search {

    private static final int HEADLINE_WORDS = 35;
    private static final double[] WEIGHTS = {1.0, 0.4, 0.2, 0.1};

    private Search() {}

    /** The lower-cased words of a query; empty when it has none. */
    public static List<String> terms(String query) {
        // The same word split as the search index's, so that every term is looked up as indexed.
        Set<String> terms = new LinkedHashSet<>(SearchIndex.words(query.toLowerCase(Locale.ROOT)));
        return List.copyOf(terms);
    }

    /**
     * {@code a} as a search hit, with its rank and excerpt, or null when its fields do not contain
     * every term.
     */
    public static Application hit(Application a, List<String> terms) {
        return new Document(a).hit(terms);
    }

    public static double rank(Application a, List<String> terms) {
        return new Document(a).rank(terms);
    }

    public static String headline(Application a, List<String> terms) {
        return new Document(a).headline(terms);
    }

    /**
     * The four searched fields of one application with their lower-cased forms, made once per
     * application and kept by {@link SearchCopy} (decision 0051). Lower-casing keeps every position
     * except for U+0130 (the one character whose lower case is two chars), so a field without it is
     * matched in place; one with it is matched word by word.
     */
    public static final class Document {
        private final Application application;
        private final String[] texts;
        private final String[] lower;
        private final boolean[] aligned;
        /** The application's JSON, written on first use; a race writes the same bytes twice. */
        private volatile byte[] json;

        public Document(Application a) {
            application = a;
            texts = new String[] {a.id(), a.name(), a.subtitle(), a.description()};
            lower = new String[texts.length];
            aligned = new boolean[texts.length];
            for (int f = 0; f < texts.length; f++) {
                if (texts[f] != null) {
                    lower[f] = texts[f].toLowerCase(Locale.ROOT);
                    aligned[f] = lower[f].length() == texts[f].length();
                }
            }
        }

        public Application application() {
            return application;
        }

        /** The application as {@code Json.mapper()} writes it (without the two {@code matched_*} fields). */
        public byte[] json() {
            byte[] bytes = json;
            if (bytes == null) {
                try {
                    bytes = Json.mapper().writeValueAsBytes(application);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("cannot serialize application " + application.id(), e);
                }
                json = bytes;
            }
            return bytes;
        }

        /** The application as a search hit, with its rank and excerpt, or null when it lacks a term. */
        public Application hit(List<String> terms) {
            return containsAll(terms) ? application.withMatch(rank(terms), headline(terms)) : null;
        }

        /**
         * Whether the fields contain every term. The same as the lower-cased {@code search_text}
         * containing it: a term is letters and digits only, so it never spans the space between
         * two fields.
         */
        public boolean containsAll(List<String> terms) {
            for (String term : terms) {
                if (!contains(term)) {
                    return false;
                }
            }
            return true;
        }

        private boolean contains(String term) {
            for (String l : lower) {
                if (l != null && l.contains(term)) {
                    return true;
                }
            }
            return false;
        }

        public double rank(List<String> terms) {
            double rank = 0;
            for (String term : terms) {
                for (int f = 0; f < lower.length; f++) {
                    rank += WEIGHTS[f] * occurrences(lower[f], term);
                }
            }
            return Math.round(rank * 10_000) / 10_000.0;
        }

        /**
         * Up to {@link #HEADLINE_WORDS} whitespace-separated words of the fields, starting five
         * words before the first matched one, with the matched words marked; read in two passes
         * over the text without splitting it.
         */
        public String headline(List<String> terms) {
            int total = 0;
            int first = -1;
            for (int f = 0; f < texts.length; f++) {
                String text = texts[f];
                if (text == null) {
                    continue;
                }
                for (int s = nextWord(text, 0); s < text.length(); ) {
                    int e = wordEnd(text, s);
                    if (first < 0 && matches(f, s, e, terms)) {
                        first = total;
                    }
                    total++;
                    s = nextWord(text, e);
                }
            }
            int start = Math.max(0, Math.min(Math.max(first, 0) - 5, total - HEADLINE_WORDS));
            int end = Math.min(total, start + HEADLINE_WORDS);
            StringBuilder out = new StringBuilder();
            int index = 0;
            for (int f = 0; f < texts.length && index < end; f++) {
                String text = texts[f];
                if (text == null) {
                    continue;
                }
                for (int s = nextWord(text, 0); s < text.length() && index < end; index++) {
                    int e = wordEnd(text, s);
                    if (index >= start) {
                        if (index > start) {
                            out.append(' ');
                        }
                        boolean marked = matches(f, s, e, terms);
                        out.append(marked ? "<b>" : "").append(text, s, e).append(marked ? "</b>" : "");
                    }
                    s = nextWord(text, e);
                }
            }
            return out.toString();
        }

        /** Whether the word {@code texts[f][s, e)}, lower-cased, contains a term. */
        private boolean matches(int f, int s, int e, List<String> terms) {
            if (!aligned[f]) {
                String word = texts[f].substring(s, e).toLowerCase(Locale.ROOT);
                for (String t : terms) {
                    if (word.contains(t)) {
                        return true;
                    }
                }
                return false;
            }
            String l = lower[f];
            for (String t : terms) {
                for (int p = s; p + t.length() <= e; p++) {
                    if (l.startsWith(t, p)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The start of the first word at or after {@code from}, or the length of {@code text}. */
    private static int nextWord(String text, int from) {
        int i = from;
        while (i < text.length() && isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The end of the word starting at {@code from}. */
    private static int wordEnd(String text, int from) {
        int i = from;
        while (i < text.length() && !isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** What the regular expression {@code \\s} matches: space, tab, line breaks, form feed. */
    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }

    /** Occurrences of {@code term} in an already lower-cased text. */
    private static int occurrences(String lower, String term) {
        if (lower == null) {
            return 0;
        }
        int count = 0;
        int from = 0;
        while ((from = lower.indexOf(term, from)) >= 0) {
            count++;
            from += term.length();
        }
        return count;
    }
}
