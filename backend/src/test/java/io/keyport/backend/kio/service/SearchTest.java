package io.keyport.backend.kio.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.kio.Application;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SearchTest {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = ';', textBlock = """
            payment;                         payment
            Payment Gateway;                 payment|gateway
            '  payment,gateway;;  PAYMENT '; payment|gateway
            kio-cli 2.0;                     kio|cli|2|0
            Zahlungs-Dienst ÄRGER;           zahlungs|dienst|ärger
            '<b>bold</b> & co';              b|bold|co
            """)
    void splitsAQueryIntoLowerCaseDistinctWords(String query, String expected) {
        assertThat(Search.terms(query)).containsExactly(expected.split("\\|"));
    }

    @ParameterizedTest
    @CsvSource({"''", "'   '", "',;-!?'"})
    void aQueryWithoutWordsHasNoTerms(String query) {
        assertThat(Search.terms(query)).isEmpty();
    }

    @Test
    void idRanksOverNameOverSubtitleOverDescription() {
        List<String> terms = Search.terms("quokka");
        Application inId = app("quokka-api", "Service", null, null);
        Application inName = app("api-one", "Quokka", null, null);
        Application inSubtitle = app("api-two", "Service", "for the quokka", null);
        Application inDescription = app("api-three", "Service", null, "Feeds the quokka.");
        Application nowhere = app("api-four", "Service", "for the wombat", "Feeds the wombat.");

        List<String> ordered = Stream.of(nowhere, inDescription, inName, inId, inSubtitle)
                .sorted(Comparator.comparingDouble((Application a) -> Search.rank(a, terms))
                        .reversed())
                .map(Application::id)
                .toList();

        assertThat(ordered).containsExactly("quokka-api", "api-one", "api-two", "api-three", "api-four");
        assertThat(Search.rank(nowhere, terms)).isZero();
        assertThat(Search.rank(inDescription, terms)).isPositive();
    }

    @Test
    void rankIsCaseInsensitiveAndAddsUpOverTermsAndFields() {
        Application a = app("ledger", "Ledger Service", "the LEDGER", "ledger of payments");

        double ledger = Search.rank(a, List.of("ledger"));
        double payments = Search.rank(a, List.of("payments"));

        assertThat(ledger).isGreaterThan(Search.rank(app("ledger", "x", null, null), List.of("ledger")));
        assertThat(Search.rank(a, List.of("ledger", "payments")))
                .isEqualTo(ledger + payments, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void headlineMarksMatchedWordsKeepingTheirCase() {
        Application a = app("payments-api", "Payments", "Card payments", "Takes PAYMENTS from customers.");

        String headline = Search.headline(a, Search.terms("payments"));

        assertThat(headline)
                .isEqualTo(
                        "<b>payments-api</b> <b>Payments</b> Card <b>payments</b> Takes <b>PAYMENTS</b> from customers.");
    }

    @Test
    void headlineWithoutAMatchIsTheStartOfTheDocumentUnmarked() {
        Application a = app("ledger", "Ledger", null, "Books every transfer.");

        assertThat(Search.headline(a, List.of("zebra"))).isEqualTo("ledger Ledger Books every transfer.");
    }

    @Test
    void headlineOfALongDescriptionIsAWindowAroundTheFirstMatch() {
        String filler = IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        Application a = app("long", "Long", null, filler + " quokka " + filler);

        String headline = Search.headline(a, List.of("quokka"));
        List<String> words = List.of(headline.split(" "));

        assertThat(words).hasSize(35);
        assertThat(words).contains("<b>quokka</b>");
        assertThat(words.indexOf("<b>quokka</b>")).isEqualTo(5);
        assertThat(words.getFirst()).isEqualTo("w95");
        assertThat(headline).doesNotContain("long Long");
    }

    @Test
    void headlineNearTheEndStillShowsAFullWindow() {
        String filler = IntStream.range(0, 100).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
        Application a = app("tail", "Tail", null, filler + " quokka");

        List<String> words = List.of(Search.headline(a, List.of("quokka")).split(" "));

        assertThat(words).hasSize(35);
        assertThat(words.getLast()).isEqualTo("<b>quokka</b>");
    }

    private static Application app(String id, String name, String subtitle, String description) {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        return new Application(
                id,
                "team",
                true,
                name,
                subtitle,
                description,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false,
                null,
                t,
                "u",
                t,
                "u",
                null,
                null);
    }

    /** The excerpt splits on exactly what the regular expression {@code \\s+} splits on, and ranks as before. */
    @Test
    void headlineAndRankAgreeWithTheRegularExpressionDefinitions() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "ab quokka\t\n\u000B\f\r\u00A0\u2003QUOKKA-x";
        for (int round = 0; round < 2_000; round++) {
            String description = IntStream.range(0, random.nextInt(80))
                    .mapToObj(i -> String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))))
                    .collect(Collectors.joining());
            Application a = app("api-" + round, "Quokka\tService", round % 2 == 0 ? null : " sub quokka ", description);
            List<String> terms = List.of("quokka", "x");
            List<String> words = Stream.of(a.id(), a.name(), a.subtitle(), a.description())
                    .filter(java.util.Objects::nonNull)
                    .flatMap(part -> Stream.of(part.split("\\s+")))
                    .filter(w -> !w.isEmpty())
                    .toList();
            String headline = Search.headline(a, terms);
            assertThat(headline.replace("<b>", "").replace("</b>", ""))
                    .isEqualTo(String.join(" ", words.subList(0, Math.min(words.size(), 35))));
            double rank = 0;
            for (String term : terms) {
                for (var weighted : List.of(
                        java.util.Map.entry(a.id(), 1.0),
                        java.util.Map.entry(a.name(), 0.4),
                        java.util.Map.entry(a.subtitle() == null ? "" : a.subtitle(), 0.2),
                        java.util.Map.entry(a.description(), 0.1))) {
                    String lower = weighted.getKey().toLowerCase(java.util.Locale.ROOT);
                    rank += weighted.getValue() * (lower.split(term, -1).length - 1);
                }
            }
            assertThat(Search.rank(a, terms)).isEqualTo(Math.round(rank * 10_000) / 10_000.0);
        }
    }

    /**
     * The one-pass match, rank and excerpt agree with their definitions on text where lower-casing
     * is not position by position: U+0130 (two chars in lower case), Greek final sigma, combining
     * marks. A hit is an application whose lower-cased {@code search_text} contains every term; a
     * word is marked when its own lower-cased form contains a term.
     */
    @Test
    void hitAgreesWithTheDefinitionsOnTrickyText() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "aıIİiΣσς\u0301ο. \tB";
        List<List<String>> queries = List.of(
                List.of("σ"),
                List.of("ς"),
                List.of("οσ"),
                List.of("ος"),
                List.of("i"),
                List.of("ı"),
                List.of("ia"),
                List.of("σ", "b"),
                List.of("b"));
        int hits = 0;
        for (int round = 0; round < 5_000; round++) {
            String[] f = new String[4];
            for (int i = 1; i < 4; i++) {
                f[i] = IntStream.range(0, random.nextInt(14))
                        .mapToObj(k -> String.valueOf(alphabet.charAt(random.nextInt(alphabet.length()))))
                        .collect(Collectors.joining());
            }
            Application a = app("app-" + round, f[1], f[2], f[3]);
            for (List<String> terms : queries) {
                String text = io.keyport.backend.kio.store.ApplicationStore.searchText(a);
                boolean expected = terms.stream().allMatch(text::contains);
                Application hit = Search.hit(a, terms);
                assertThat(hit != null).as("%s in %s", terms, text).isEqualTo(expected);
                if (hit == null) {
                    continue;
                }
                hits++;
                List<String> words = Stream.of(a.id(), a.name(), a.subtitle(), a.description())
                        .flatMap(part -> Stream.of(part.split("\\s+")))
                        .filter(w -> !w.isEmpty())
                        .toList();
                String marked = words.stream()
                        .map(w -> terms.stream().anyMatch(w.toLowerCase(java.util.Locale.ROOT)::contains)
                                ? "<b>" + w + "</b>"
                                : w)
                        .collect(Collectors.joining(" "));
                assertThat(hit.matchedDescription()).as("%s in %s", terms, text).isEqualTo(marked);
                assertThat(hit.matchedRank()).isEqualTo(Search.rank(a, terms));
            }
        }
        assertThat(hits).isGreaterThan(1_000);
    }
}
