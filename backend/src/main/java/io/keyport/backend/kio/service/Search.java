package io.keyport.backend.kio.service;

import io.keyport.backend.kio.store.SearchIndex;
import io.keyport.model.kio.Application;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kio's search semantics over a portable index (decision 0009): a query is split into words, an
 * application matches when its id, name, subtitle and description together contain every word, and
 * hits are ranked by where the words occur, weighted as Kio weighted its document vector (id 1.0,
 * name 0.4, subtitle 0.2, description 0.1, PostgreSQL's default A-D weights). The excerpt marks
 * matched words with {@code <b>...</b>} as {@code ts_headline} does.
 */
public final class Search {

    private static final int HEADLINE_WORDS = 35;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Search() {
    }

    /** The lower-cased words of a query; empty when it has none. */
    public static List<String> terms(String query) {
        // The same word split as the search index's, so that every term is looked up as indexed.
        Set<String> terms = new LinkedHashSet<>(SearchIndex.words(query.toLowerCase(Locale.ROOT)));
        return List.copyOf(terms);
    }

    public static double rank(Application a, List<String> terms) {
        double rank = 0;
        for (String term : terms) {
            rank += 1.0 * occurrences(a.id(), term)
                    + 0.4 * occurrences(a.name(), term)
                    + 0.2 * occurrences(a.subtitle(), term)
                    + 0.1 * occurrences(a.description(), term);
        }
        return Math.round(rank * 10_000) / 10_000.0;
    }

    public static String headline(Application a, List<String> terms) {
        List<String> words = new ArrayList<>();
        for (String part : new String[] {a.id(), a.name(), a.subtitle(), a.description()}) {
            if (part != null) {
                for (String w : WHITESPACE.split(part)) {
                    if (!w.isEmpty()) {
                        words.add(w);
                    }
                }
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

    private static int occurrences(String text, String term) {
        if (text == null) {
            return 0;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        int count = 0;
        int from = 0;
        while ((from = lower.indexOf(term, from)) >= 0) {
            count++;
            from += term.length();
        }
        return count;
    }
}
