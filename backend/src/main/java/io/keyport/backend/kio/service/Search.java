package io.keyport.backend.kio.service;

import io.keyport.backend.kio.store.SearchIndex;
import io.keyport.model.kio.Application;
import java.util.ArrayList;
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
 */
public final class Search {

    private static final int HEADLINE_WORDS = 35;

    private Search() {}

    /** The lower-cased words of a query; empty when it has none. */
    public static List<String> terms(String query) {
        // The same word split as the search index's, so that every term is looked up as indexed.
        Set<String> terms = new LinkedHashSet<>(SearchIndex.words(query.toLowerCase(Locale.ROOT)));
        return List.copyOf(terms);
    }

    public static double rank(Application a, List<String> terms) {
        String id = lower(a.id());
        String name = lower(a.name());
        String subtitle = lower(a.subtitle());
        String description = lower(a.description());
        double rank = 0;
        for (String term : terms) {
            rank += 1.0 * occurrences(id, term)
                    + 0.4 * occurrences(name, term)
                    + 0.2 * occurrences(subtitle, term)
                    + 0.1 * occurrences(description, term);
        }
        return Math.round(rank * 10_000) / 10_000.0;
    }

    private static String lower(String text) {
        return text == null ? null : text.toLowerCase(Locale.ROOT);
    }

    public static String headline(Application a, List<String> terms) {
        List<String> words = new ArrayList<>();
        for (String part : new String[] {a.id(), a.name(), a.subtitle(), a.description()}) {
            if (part != null) {
                splitOnWhitespace(part, words);
            }
        }
        int first = 0;
        for (int i = 0; i < words.size(); i++) {
            if (matches(words.get(i), terms)) {
                first = i;
                break;
            }
        }
        int start = Math.max(0, Math.min(first - 5, words.size() - HEADLINE_WORDS));
        int end = Math.min(words.size(), start + HEADLINE_WORDS);
        StringBuilder out = new StringBuilder();
        for (int i = start; i < end; i++) {
            if (i > start) {
                out.append(' ');
            }
            String w = words.get(i);
            out.append(matches(w, terms) ? "<b>" + w + "</b>" : w);
        }
        return out.toString();
    }

    private static boolean matches(String word, List<String> terms) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (String t : terms) {
            if (lower.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** Adds the non-empty runs of {@code text} between whitespace ({@code \\s}: space, tab, line breaks, form feed). */
    private static void splitOnWhitespace(String text, List<String> into) {
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || isWhitespace(text.charAt(i));
            if (space && start >= 0) {
                into.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
    }

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
