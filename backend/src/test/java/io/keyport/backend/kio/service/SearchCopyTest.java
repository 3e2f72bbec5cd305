package io.keyport.backend.kio.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.common.Json;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApplicationFilter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decision 0051: the search answer assembled from per-application JSON is what Jackson writes. */
class SearchCopyTest {

    private static final Instant T = Instant.parse("2026-11-29T10:00:00.123Z");

    private static Application app(String id, String name, String subtitle, String description, Integer level) {
        return new Application(
                id,
                "team",
                true,
                name,
                subtitle,
                description,
                "https://x/\"q\"",
                null,
                null,
                null,
                null,
                null,
                "on\\call",
                level,
                true,
                null,
                T,
                "u",
                T.plusMillis(1),
                "v",
                null,
                null);
    }

    private static void assertSameAsJackson(List<SearchCopy.Hit> hits) throws Exception {
        List<Application> apps = hits.stream().map(SearchCopy.Hit::application).toList();
        assertThat(new String(SearchCopy.json(hits), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.mapper().writeValueAsBytes(apps), StandardCharsets.UTF_8));
    }

    @Test
    void theAnswerIsByteForByteWhatJacksonWritesForTheHits() throws Exception {
        assertSameAsJackson(List.of());
        List<Application> apps = List.of(
                app("ledger", "Ledger", null, null, null),
                app("quotes", "Say \"hi\" \\ there", "tab\there\nnew line \u0001", "ledger <b>bold</b> & more", 1),
                app("unicode", "Ärger ΟΔΟΣ \uD83D\uDE80", "İstanbul ledger", "Straße\u2028ledger\u00a0x", 4));
        List<SearchCopy.Hit> hits = new ArrayList<>();
        for (Application a : apps) {
            Search.Document d = new Search.Document(a);
            List<String> terms = Search.terms("ledger");
            hits.add(new SearchCopy.Hit(d, d.rank(terms), d.headline(terms)));
        }
        hits.add(new SearchCopy.Hit(new Search.Document(apps.getFirst()), 1.0E-5, ""));
        hits.add(new SearchCopy.Hit(new Search.Document(apps.getFirst()), 123456789.25, "\"quoted\" </b>"));
        assertSameAsJackson(hits);
    }

    @Test
    void randomTextsAndRanksGiveTheSameBytes() throws Exception {
        Random random = new Random(7);
        String alphabet = "aZ09 \"\\/<>&\t\n\r\u0000\u001fÄß\u2028\uD83D\uDE00é";
        List<SearchCopy.Hit> hits = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Application a =
                    app("app-" + i, text(random, alphabet), text(random, alphabet), text(random, alphabet), null);
            hits.add(new SearchCopy.Hit(
                    new Search.Document(a), Math.round(random.nextDouble() * 1e6) / 10_000.0, text(random, alphabet)));
        }
        assertSameAsJackson(hits);
    }

    @Test
    void filtersCompareAsTheDatabaseDoes() {
        Application a = app("x", "X", null, null, null);
        assertThat(SearchCopy.matches(new ApplicationFilter(null, null, null, T.plusMillis(1), T.plusMillis(1)), a))
                .isTrue();
        assertThat(SearchCopy.matches(new ApplicationFilter(null, null, null, T, null), a))
                .isFalse();
        assertThat(SearchCopy.matches(new ApplicationFilter("team", "on\\call", true, null, null), a))
                .isTrue();
        assertThat(SearchCopy.matches(new ApplicationFilter(null, null, false, null, null), a))
                .isFalse();
    }

    private static String text(Random random, String alphabet) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
            int at = random.nextInt(alphabet.length());
            char c = alphabet.charAt(at);
            if (Character.isHighSurrogate(c)) {
                b.append(c).append(alphabet.charAt(at + 1));
            } else if (!Character.isLowSurrogate(c)) {
                b.append(c);
            }
        }
        return b.toString();
    }
}
