package io.keyport.backend.kio.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SearchIndexTest {

    @Test
    void indexesTheTrigramsOfEachWordNotAcrossWords() {
        assertThat(SearchIndex.grams("app-00001 ledger, ab"))
                .containsExactlyInAnyOrder("app", "000", "001", "led", "edg", "dge", "ger");
    }

    @Test
    void aQueryNeedsTheTrigramsOfItsWordsOfThreeOrMoreCharacters() {
        assertThat(SearchIndex.queryGrams(List.of("ab", "deploy"))).containsExactly("dep", "epl", "plo", "loy");
        assertThat(SearchIndex.queryGrams(List.of("ab", "x"))).isEmpty();
    }

    @Test
    void aQueryNeedsAtMostAFixedNumberOfTrigrams() {
        assertThat(SearchIndex.queryGrams(List.of("abcdefghijklmnopqrstuvwxyz0123456789")))
                .hasSize(SearchIndex.MAX_QUERY_GRAMS);
    }

    @Test
    void windowsWithHalfASurrogatePairAreLeftOutOnBothSides() {
        String text = "ab\uD83D\uDE00cd rocket";
        assertThat(SearchIndex.grams(text)).containsExactlyInAnyOrder("roc", "ock", "cke", "ket");
        assertThat(SearchIndex.queryGrams(List.of("b\uD83D\uDE00c"))).isEmpty();
    }

    /**
     * The property search relies on: whenever a text contains a search word, the text's index has
     * every trigram the query asks for, so narrowing by the index never loses a hit.
     */
    @Test
    void everyTextContainingAWordHasAllTheTrigramsItsQueryNeeds() {
        Random random = new Random(42);
        String alphabet = "abcde12 -.,\tÄäßİıΣσς\uD83D\uDE00";
        for (int round = 0; round < 20_000; round++) {
            String text = randomText(random, alphabet, 1 + random.nextInt(40)).toLowerCase(Locale.ROOT);
            List<String> words = SearchIndex.words(text);
            if (words.isEmpty()) {
                continue;
            }
            String word = words.get(random.nextInt(words.size()));
            int from = random.nextInt(word.length());
            String term = word.substring(from, from + 1 + random.nextInt(word.length() - from));
            List<String> termWords = SearchIndex.words(term);
            assertThat(text).contains(term);
            assertThat(SearchIndex.grams(text))
                    .as("text %s, term %s", text, term)
                    .containsAll(SearchIndex.queryGrams(termWords));
        }
    }

    private static String randomText(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c) && at + 1 < alphabet.length()) {
                b.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
