package io.keyport.backend.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The chart repository and the catalogue over real HTTP: uploads (raw and multipart) with their
 * rules, the Helm index read back as Helm reads it, downloads, packages sorted by SemVer and
 * searched, details, deployment targets, deletions, and that refused uploads store nothing.
 */
@KeyportTest
class AppStoreIT {

    static TestServer server;
    static ApiClient api;
    static Cast cast;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start(TestServer s, ApiClient client, Cast c) {
        server = s;
        api = client;
        cast = c;
    }

    private static HttpResponse<String> upload(String as, byte[] tgz) {
        return AppStoreTables.upload(server.baseUrl(), cast.token(as), tgz, null);
    }

    private static HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void uploadsRawAndMultipartAndRefusesOverwrites() throws Exception {
        byte[] first = TestCharts.chart("web", "1.0.0");
        HttpResponse<String> saved = upload("alice", first);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
        assertThat(json(saved.body()).get("saved").asBoolean()).isTrue();
        assertThat(json(saved.body()).get("digest").asText()).isEqualTo(sha256(first));

        TestCharts.Multipart form = TestCharts.form(
                List.of("prov", "chart"), List.of(new byte[] {1, 2, 3}, TestCharts.chart("web", "1.1.0")));
        HttpResponse<String> multipart = AppStoreTables.send(
                server.baseUrl() + "/api/charts", cast.token("carol"), form.body(), form.contentType());
        assertThat(multipart.statusCode()).as(multipart.body()).isEqualTo(201);

        HttpResponse<String> again = upload("alice", TestCharts.chart("web", "1.0.0", "changed", List.of()));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
        ErrorBodies.APPSTORE.check(409, "application/json", again.body());
        assertThat(json(again.body()).get("error").asText()).contains("file already exists");

        HttpResponse<String> otherTeam = upload("bob", TestCharts.chart("web", "2.0.0"));
        assertThat(otherTeam.statusCode()).as(otherTeam.body()).isEqualTo(403);
        assertThat(json(otherTeam.body()).get("error").asText()).contains("team-a");

        HttpResponse<String> noTeam = upload("nadia", TestCharts.chart("loner", "1.0.0"));
        assertThat(noTeam.statusCode()).as(noTeam.body()).isEqualTo(403);

        HttpResponse<byte[]> download = get("/charts/web-1.0.0.tgz");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(first);
        assertThat(download.headers().firstValue("ETag")).contains("\"" + sha256(first) + "\"");
        assertThat(get("/charts/web-1.0.0.tgz", "If-None-Match", "\"" + sha256(first) + "\"")
                        .statusCode())
                .isEqualTo(304);

        JsonNode audit = api.get("/api/audit?action=chart.upload&target=chart:web/version:1.0.0", cast.token("admin"))
                .json();
        assertThat(audit.toString()).contains("chart:web/version:1.0.0").contains(sha256(first));
    }

    /** The index as Helm reads it: SnakeYAML, Helm's fields, newest first, digests and URLs that resolve. */
    @Test
    @SuppressWarnings("unchecked")
    void indexIsHelmsRepositoryFormat() throws Exception {
        for (String v : List.of("0.9.0", "0.10.0", "0.10.0-rc.1", "0.2.0")) {
            assertThat(upload("alice", TestCharts.chart("idx", v)).statusCode()).isEqualTo(201);
        }
        HttpResponse<byte[]> response = get("/charts/index.yaml");
        assertThat(response.statusCode()).isEqualTo(200);
        String etag = response.headers().firstValue("ETag").orElseThrow();
        Map<String, Object> index = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(index.get("apiVersion")).isEqualTo("v1");
        assertThat(OffsetDateTime.parse(String.valueOf(index.get("generated")))).isNotNull();
        Map<String, List<Map<String, Object>>> entries = (Map<String, List<Map<String, Object>>>) index.get("entries");
        List<Map<String, Object>> idx = entries.get("idx");
        assertThat(idx.stream().map(e -> e.get("version")).toList())
                .containsExactly("0.10.0", "0.10.0-rc.1", "0.9.0", "0.2.0");
        Map<String, Object> newest = idx.getFirst();
        assertThat(newest.keySet())
                .contains("apiVersion", "name", "version", "appVersion", "description", "urls", "created", "digest");
        assertThat(newest.get("keywords")).isEqualTo(List.of("test", "idx"));
        assertThat(OffsetDateTime.parse(String.valueOf(newest.get("created")))).isNotNull();
        String url = ((List<String>) newest.get("urls")).getFirst();
        // relative to the repository URL, as `helm repo add keyport <base>/charts` resolves it
        URI archive = URI.create(server.baseUrl() + "/charts/").resolve(url);
        HttpResponse<byte[]> tgz =
                HTTP.send(HttpRequest.newBuilder(archive).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(tgz.statusCode()).isEqualTo(200);
        assertThat(sha256(tgz.body())).isEqualTo(newest.get("digest"));
        for (Map.Entry<String, List<Map<String, Object>>> chart : entries.entrySet()) {
            for (Map<String, Object> e : chart.getValue()) {
                assertThat(e.get("name")).isEqualTo(chart.getKey());
                assertThat(String.valueOf(e.get("digest"))).matches("[0-9a-f]{64}");
            }
        }

        assertThat(get("/charts/index.yaml", "If-None-Match", etag).statusCode())
                .isEqualTo(304);
        assertThat(get("/charts/index.yaml", "If-None-Match", "W/" + etag + ", \"other\"")
                        .statusCode())
                .isEqualTo(304);
        assertThat(get("/charts/index.yaml", "If-None-Match", "\"stale\"").statusCode())
                .isEqualTo(200);
        assertThat(upload("alice", TestCharts.chart("idx", "0.11.0")).statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> changed = get("/charts/index.yaml", "If-None-Match", etag);
        assertThat(changed.statusCode()).as("the index changed with the upload").isEqualTo(200);
        assertThat(changed.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    }

    @Test
    void packagesListVersionsBySemverNewestFirst() {
        for (String v : List.of("9.0.0", "10.0.0", "10.0.0-rc.1", "1.0.0", "10.0.0-alpha")) {
            assertThat(upload("alice", TestCharts.chart("sorted", v)).statusCode())
                    .isEqualTo(201);
        }
        assertThat(upload("alice", TestCharts.chart("only-pre", "2.0.0-beta.1")).statusCode())
                .isEqualTo(201);
        JsonNode sorted = pkg(api.get("/packages", null).json(), "sorted");
        List<String> versions = new ArrayList<>();
        sorted.get("versions").forEach(v -> versions.add(v.get("version").asText()));
        assertThat(versions).containsExactly("10.0.0", "10.0.0-rc.1", "10.0.0-alpha", "9.0.0", "1.0.0");
        assertThat(sorted.get("repo").asText()).isEqualTo("keyport");
        assertThat(sorted.get("id").asText()).isEqualTo("sorted");
        assertThat(sorted.get("chart").get("version").asText()).isEqualTo("10.0.0");
        assertThat(sorted.get("versions").get(1).get("prerelease").asBoolean()).isTrue();
        JsonNode onlyPre = pkg(api.get("/packages", null).json(), "only-pre");
        assertThat(onlyPre.get("chart").get("version").asText()).isEqualTo("2.0.0-beta.1");
    }

    @Test
    void searchesNameDescriptionAndKeywords() {
        assertThat(upload("alice", TestCharts.chart("wordpress", "1.0.0", "A blog engine", List.of("cms", "php")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(upload("bob", TestCharts.chart("ghost-blog", "1.0.0", "Publishing platform", List.of("blog")))
                        .statusCode())
                .isEqualTo(201);
        assertThat(ids("/packages?query=wordpress")).containsExactly("wordpress");
        assertThat(ids("/packages?query=BLOG")).containsExactly("ghost-blog", "wordpress");
        assertThat(ids("/packages?query=php")).containsExactly("wordpress");
        assertThat(ids("/packages?query=blog%20cms")).containsExactly("wordpress");
        assertThat(ids("/packages?query=blog&repo=keyport")).containsExactly("ghost-blog", "wordpress");
        assertThat(ids("/packages?query=blog&repo=stable")).isEmpty();
        assertThat(ids("/packages?query=nothing-like-this")).isEmpty();
        assertThat(ids("/packages?query="
                        + java.net.URLEncoder.encode("' OR 1=1 --", java.nio.charset.StandardCharsets.UTF_8)))
                .isEmpty();
    }

    @Test
    void detailsCarryValuesSchemaAndReadmeOfAVersion() {
        assertThat(upload("alice", TestCharts.chart("detailed", "1.0.0")).statusCode())
                .isEqualTo(201);
        assertThat(upload("alice", TestCharts.chart("detailed", "2.0.0-rc.1")).statusCode())
                .isEqualTo(201);
        JsonNode detail = api.get("/packages/detailed", null).json();
        assertThat(detail.get("version").asText()).as("newest stable").isEqualTo("1.0.0");
        assertThat(detail.get("team").asText()).isEqualTo("team-a");
        assertThat(detail.get("values").asText()).contains("replicaCount: 1");
        assertThat(detail.get("valuesSchema").get("properties").has("replicaCount"))
                .isTrue();
        assertThat(detail.get("readme").asText()).contains("Installs detailed");
        assertThat(detail.get("versions")).hasSize(2);
        JsonNode pre = api.get("/packages/detailed?version=2.0.0-rc.1", null).json();
        assertThat(pre.get("version").asText()).isEqualTo("2.0.0-rc.1");
        assertThat(pre.get("chart").get("version").asText()).isEqualTo("2.0.0-rc.1");
        ApiClient.Response missing = api.get("/packages/detailed?version=3.0.0", null);
        assertThat(missing.status()).isEqualTo(404);
        ErrorBodies.APPSTORE.check(missing);
        assertThat(api.get("/packages/detailed?repo=stable", null).status()).isEqualTo(404);
    }

    @Test
    void deploymentTargetsAreConfiguredByAdminsAndListedPerTeam() {
        String admin = cast.token("admin");
        String body = "{\"cluster\":\"prod-1\",\"kubeconfig\":\"file:/etc/keyport/kube/prod.yaml\","
                + "\"namespace\":\"team-a-apps\",\"description\":\"Team A production\",\"teams\":[\"team-a\"]}";
        ApiClient.Response created = api.putJson("/namespaces/prod-a", admin, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("kubeconfig").asText()).isEqualTo("file:/etc/keyport/kube/prod.yaml");
        assertThat(api.putJson("/namespaces/prod-a", admin, body).status()).isEqualTo(200);

        JsonNode alice = api.get("/namespaces", cast.token("alice")).json();
        assertThat(alice.findValuesAsText("id")).contains("prod-a");
        JsonNode mine = find(alice, "prod-a");
        assertThat(mine.get("kubeconfig").isNull())
                .as("no kubeconfig reference for non-admins")
                .isTrue();
        assertThat(mine.get("teams").get(0).asText()).isEqualTo("team-a");
        assertThat(api.get("/namespaces", cast.token("bob")).json().findValuesAsText("id"))
                .doesNotContain("prod-a");

        assertThat(api.delete("/namespaces/prod-a", admin).status()).isEqualTo(204);
        assertThat(api.get("/namespaces", admin).json().findValuesAsText("id")).doesNotContain("prod-a");
        JsonNode audit = api.get("/api/audit?target=namespace:prod-a", admin).json();
        assertThat(audit.toString())
                .contains("deployment-target.create")
                .contains("deployment-target.update")
                .contains("deployment-target.delete");
    }

    @Test
    void adminsDeleteVersionsAndTheArchiveGoesWithTheLastReference() {
        byte[] tgz = TestCharts.chart("doomed", "1.0.0");
        assertThat(upload("alice", tgz).statusCode()).isEqualTo(201);
        ApiClient.Response refused = api.delete("/api/charts/doomed/1.0.0", cast.token("alice"));
        assertThat(refused.status()).isEqualTo(403);
        ErrorBodies.APPSTORE.check(refused);
        ApiClient.Response deleted = api.delete("/api/charts/doomed/1.0.0", cast.token("admin"));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(get("/charts/doomed-1.0.0.tgz").statusCode()).isEqualTo(404);
        assertThat(new String(get("/charts/index.yaml").body())).doesNotContain("doomed");
        assertThat(api.get("/packages/doomed", null).status()).isEqualTo(404);
        assertThat(chartBlobs()).doesNotContain("charts/sha256/" + sha256Unchecked(tgz));
        assertThat(api.get("/api/audit?action=chart.delete", cast.token("admin"))
                        .body())
                .contains("chart:doomed/version:1.0.0");
        // the name stays with its team: another team cannot take it over
        assertThat(upload("bob", TestCharts.chart("doomed", "2.0.0")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void refusedUploadsStoreNothing() {
        List<String> before = chartBlobs();
        String indexBefore = new String(get("/charts/index.yaml").body());
        assertThat(upload("alice", TestCharts.gzipBomb("boom", 30, 4L << 20)).statusCode())
                .isEqualTo(413);
        assertThat(upload(
                                "alice",
                                new TestCharts.Builder()
                                        .file("evil/Chart.yaml", TestCharts.chartYaml("evil", "1.0.0", "d", List.of()))
                                        .file("evil/../../x", "x")
                                        .gzip())
                        .statusCode())
                .isEqualTo(400);
        assertThat(upload("alice", TestCharts.chart("evil", "1.0")).statusCode())
                .isEqualTo(400);
        assertThat(chartBlobs()).as("no archive stored by refused uploads").isEqualTo(before);
        assertThat(new String(get("/charts/index.yaml").body())).isEqualTo(indexBefore);
    }

    /** The module's scope is known to the server: a service granted it uploads for its team. */
    @Test
    void aServiceWithTheAppStoreScopeUploadsForItsTeam() {
        String admin = cast.token("admin");
        api.app(admin, "chart-pusher", "team-a");
        ApiClient.expect(api.putJson("/apps/chart-pusher/scopes", admin, "{\"scopes\":[\"appstore.write\"]}"), 200);
        JsonNode credential = ApiClient.expect(api.postJson("/apps/chart-pusher/credentials", admin, null), 201)
                .json();
        String token = ApiClient.expect(
                        api.form(
                                "/oauth2/token",
                                Map.of("grant_type", "client_credentials"),
                                credential.get("client_id").asText(),
                                credential.get("client_secret").asText()),
                        200)
                .json()
                .get("access_token")
                .asText();
        HttpResponse<String> pushed =
                AppStoreTables.upload(server.baseUrl(), token, TestCharts.chart("pushed", "1.0.0"), null);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        assertThat(api.get("/packages/pushed", null).json().get("team").asText())
                .isEqualTo("team-a");
        HttpResponse<String> withoutScope =
                AppStoreTables.upload(server.baseUrl(), cast.token("svc-w"), TestCharts.chart("pushed", "1.1.0"), null);
        assertThat(withoutScope.statusCode()).isEqualTo(403);
        assertThat(json(withoutScope.body()).get("error").asText()).contains("appstore.write");
    }

    private static List<String> chartBlobs() {
        try (var keys = server.server().storage().list("charts")) {
            return keys.sorted().toList();
        }
    }

    private static String sha256Unchecked(byte[] bytes) {
        try {
            return sha256(bytes);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> ids(String path) {
        ApiClient.Response r = api.get(path, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private static JsonNode pkg(JsonNode list, String id) {
        return find(list, id);
    }

    private static JsonNode find(JsonNode list, String id) {
        for (JsonNode n : list) {
            if (n.get("id").asText().equals(id)) {
                return n;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }
}
