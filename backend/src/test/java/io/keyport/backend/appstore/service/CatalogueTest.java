package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.model.common.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The catalogue answers searches from JSON written at build time (decision 0045): the bytes must be
 * exactly what Jackson writes for the same packages, and repositories filter as {@code ?repo=} asks.
 */
class CatalogueTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static ChartStore.VersionRow row(String name, String version, String description) {
        return new ChartStore.VersionRow(
                name,
                version,
                "ab".repeat(32),
                1234,
                NOW,
                "alice",
                "{\"apiVersion\":\"v2\",\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"description\":\""
                        + description + "\",\"keywords\":[\"web\"]}");
    }

    private static Catalogue catalogue() {
        List<ChartStore.VersionRow> rows = new ArrayList<>();
        rows.add(row("nginx", "1.0.0", "a web server"));
        rows.add(row("nginx", "10.0.0", "a web server"));
        rows.add(row("redis", "7.0.0", "a cache"));
        rows.add(row("pushed", "0.1.0", "from the registry"));
        return Catalogue.build(
                3,
                rows,
                List.of(
                        new ChartStore.ChartRow("nginx", "team-a", Catalogue.REPO),
                        new ChartStore.ChartRow("redis", "team-b", Catalogue.REPO),
                        new ChartStore.ChartRow("pushed", "team-a", Catalogue.OCI_REPO)),
                NOW);
    }

    @Test
    void searchJsonIsWhatJacksonWritesForTheSearch() throws Exception {
        Catalogue c = catalogue();
        for (String[] q : new String[][] {
            {null, null},
            {"web", null},
            {"cache", null},
            {"nothing-matches", null},
            {null, "oci"},
            {"web", "keyport"},
            {"  WEB  server ", null}
        }) {
            assertThat(new String(c.searchJson(q[0], q[1]).bytes()))
                    .as("query %s repo %s", q[0], q[1])
                    .isEqualTo(Json.mapper().writeValueAsString(c.search(q[0], q[1])));
        }
        assertThat(c.searchJson(null, null)).isSameAs(c.packagesJson());
        assertThat(new String(c.searchJson("nothing-matches", null).bytes())).isEqualTo("[]");
    }

    @Test
    void repositoriesFilterPackages() {
        Catalogue c = catalogue();
        assertThat(c.search(null, null)).extracting(p -> p.id()).containsExactly("nginx", "pushed", "redis");
        assertThat(c.search(null, Catalogue.OCI_REPO)).extracting(p -> p.id()).containsExactly("pushed");
        assertThat(c.search("server", Catalogue.REPO)).extracting(p -> p.id()).containsExactly("nginx");
        assertThat(c.search(null, "elsewhere")).isEmpty();
        assertThat(c.get("pushed").orElseThrow().repo()).isEqualTo("oci");
    }
}
