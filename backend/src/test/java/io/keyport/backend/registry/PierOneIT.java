package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.registry.service.ScmSourceScan;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Pier One REST API (issue 8 section 4, reference B.6 and B.5's v1 reads) over images pushed
 * through {@code /v2/}, on a server whose clock the test moves so that tags have distinct times:
 * JSON shapes and orders as pierone-cli reads them, the empty-bodied 404 and 412, scm sources from
 * {@code X-SCM-Source} and from {@code scm-source.json} inside a gzip layer, statistics, and the v1
 * tag map (H2 and PostgreSQL).
 */
class PierOneIT {

    static SettableClock clock;
    static TestServer server;
    static ApiClient api;
    static String admin;
    static RegistryClient registry;

    /** Tags of po-a/app in push order, with their manifests and configs. */
    static final List<String> PUSHED = List.of("2.0", "1.0", "1.1-SNAPSHOT");

    static final Map<String, Digest> CONFIGS = new LinkedHashMap<>();
    static final Map<String, Digest> MANIFESTS = new LinkedHashMap<>();
    /** Sizes of the distinct blobs pushed, by digest. */
    static final Map<Digest, Integer> BLOBS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        clock = new SettableClock(Instant.parse("2031-03-04T05:06:07.089Z"));
        server = TestServer.start(Map.of(), clock);
        api = server.client();
        admin = api.adminToken();
        api.team(admin, "po-a");
        api.team(admin, "po-b");
        registry = RegistryClient.bearer(server.baseUrl(), admin);
        for (String tag : PUSHED) {
            push("po-a/app", tag, List.of(), null);
            clock.advance(Duration.ofSeconds(1));
        }
        push("po-b/tool", "x", List.of(), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Pushes a distinct image (config naming the tag) with {@code layers}; returns its manifest digest. */
    static Digest push(String repository, String tag, List<byte[]> layers, String scmSource) {
        byte[] config = ("{\"tag\":\"" + repository + ":" + tag + "\"}").getBytes(StandardCharsets.UTF_8);
        registry.pushBlob(repository, config);
        BLOBS.put(Digest.sha256(config), config.length);
        List<Images.Blob> descriptors = new ArrayList<>();
        for (byte[] layer : layers) {
            registry.pushBlob(repository, layer);
            BLOBS.put(Digest.sha256(layer), layer.length);
            descriptors.add(Images.blob(Images.OCI_LAYER, layer));
        }
        byte[] manifest = Images.manifest(Images.blob(Images.OCI_CONFIG, config), descriptors, null);
        RegistryClient.Reply reply = scmSource == null
                ? registry.putManifest(repository, tag, Images.OCI_MANIFEST, manifest)
                : registry.send(
                        "PUT",
                        "/v2/" + repository + "/manifests/" + tag,
                        manifest,
                        "Content-Type",
                        Images.OCI_MANIFEST,
                        "X-SCM-Source",
                        scmSource);
        expect(reply, 201);
        CONFIGS.put(repository + ":" + tag, Digest.sha256(config));
        MANIFESTS.put(repository + ":" + tag, Digest.sha256(manifest));
        return Digest.sha256(manifest);
    }

    static JsonNode json(String path) {
        return ApiClient.expect(api.get(path, admin), 200).json();
    }

    @Test
    void teamsAndArtifactsAreSortedNameLists() {
        assertThat(json("/teams").toString()).contains("\"po-a\"", "\"po-b\"");
        List<String> teams = new ArrayList<>();
        json("/teams").forEach(t -> teams.add(t.asText()));
        assertThat(teams).isSorted().doesNotHaveDuplicates();
        assertThat(json("/teams/po-a/artifacts").toString()).isEqualTo("[\"app\"]");
        assertThat(json("/teams/nobody/artifacts").toString()).isEqualTo("[]");

        ApiClient.Response anonymous = api.get("/teams", null);
        assertThat(anonymous.status()).isEqualTo(401);
        ErrorBodies.STUPS.check(anonymous);
        ApiClient.Response invalid = api.get("/teams/No_Team!/artifacts", admin);
        assertThat(invalid.status()).isEqualTo(400);
        ErrorBodies.STUPS.check(invalid);
    }

    @Test
    void tagsAreListedOldestFirstInPierOnesShape() {
        JsonNode tags = json("/teams/po-a/artifacts/app/tags");
        List<String> names = new ArrayList<>();
        tags.forEach(t -> names.add(t.get("name").asText()));
        assertThat(names).containsExactlyElementsOf(PUSHED);

        JsonNode first = tags.get(0);
        assertThat(first.get("created").asText()).isEqualTo("2031-03-04T05:06:07.089Z");
        assertThat(tags.get(2).get("created").asText()).isEqualTo("2031-03-04T05:06:09.089Z");
        assertThat(first.get("created_by").asText()).isEqualTo("admin");
        assertThat(first.get("image").asText())
                .isEqualTo(CONFIGS.get("po-a/app:2.0").toString());
        assertThat(first.get("digest").asText())
                .isEqualTo(MANIFESTS.get("po-a/app:2.0").toString());
        assertThat(first.get("media_type").asText()).isEqualTo(Images.OCI_MANIFEST);
        assertThat(first.get("mutable").asBoolean()).isFalse();
        assertThat(tags.get(2).get("mutable").asBoolean()).isTrue();
        assertThat(first.get("size").asLong()).isGreaterThan(0);
        for (String clair :
                List.of("clair_id", "clair_details", "severity_fix_available", "severity_no_fix_available")) {
            assertThat(first.has(clair)).as(clair).isTrue();
            assertThat(first.get(clair).isNull()).as(clair).isTrue();
        }

        JsonNode one = json("/teams/po-a/artifacts/app/tags/1.0");
        assertThat(one).isEqualTo(tags.get(1));
        assertThat(json("/teams/po-a/artifacts/app/tags/latest")).isEqualTo(tags.get(2));
    }

    @Test
    void aTagIsMarkedMutableByItsTeamsPatterns() {
        ApiClient.expect(
                api.send(
                        "PUT",
                        "/v2/_keyport/teams/po-b/mutable-tag-patterns",
                        "{\"patterns\":[\"nightly-*\"]}",
                        "Authorization",
                        "Bearer " + admin,
                        "Content-Type",
                        "application/json"),
                200);
        push("po-b/nightly", "nightly-7", List.of(), null);
        push("po-b/nightly", "7-SNAPSHOT", List.of(), null);
        JsonNode tags = json("/teams/po-b/artifacts/nightly/tags");
        Map<String, Boolean> mutable = new LinkedHashMap<>();
        tags.forEach(t -> mutable.put(t.get("name").asText(), t.get("mutable").asBoolean()));
        assertThat(mutable).containsEntry("nightly-7", true).containsEntry("7-SNAPSHOT", false);
        assertThat(json("/teams/po-b/artifacts/nightly/tags/nightly-7")
                        .get("mutable")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void absentTagsAre404WithoutABody() {
        for (String path : List.of(
                "/teams/po-a/artifacts/nothing/tags",
                "/teams/nobody/artifacts/app/tags",
                "/teams/po-a/artifacts/app/tags/9.9",
                "/teams/po-a/artifacts/app/tags/9.9/scm-source",
                "/teams/po-a/artifacts/app/tags/1.0/scm-source")) {
            ApiClient.Response r = api.get(path, admin);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.body()).as(path).isEmpty();
        }
        ApiClient.Response badTag = api.get("/teams/po-a/artifacts/app/tags/.bad", admin);
        assertThat(badTag.status()).isEqualTo(400);
        ErrorBodies.STUPS.check(badTag);
    }

    @Test
    void imagePrefixFindsOneImageOrSaysWhy() {
        String config = CONFIGS.get("po-a/app:1.0").toString();
        JsonNode found = json("/tags/" + config.substring(0, 7 + 20));
        assertThat(found.toString()).isEqualTo("[{\"name\":\"1.0\",\"team\":\"po-a\",\"artifact\":\"app\"}]");
        // hex alone means sha256
        assertThat(json("/tags/" + config.substring(7)).toString()).isEqualTo(found.toString());

        ApiClient.Response several = api.get("/tags/sha256:", admin);
        assertThat(several.status()).isEqualTo(412);
        assertThat(several.body()).isEmpty();
        String unknown =
                Digest.sha256("no image".getBytes(StandardCharsets.UTF_8)).toString();
        ApiClient.Response none = api.get("/tags/" + unknown, admin);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).isEmpty();
        ApiClient.Response invalid = api.get("/tags/xyz", admin);
        assertThat(invalid.status()).isEqualTo(400);
        ErrorBodies.STUPS.check(invalid);
    }

    @Test
    void scmSourceComesFromTheHeaderAndFromALayer() throws Exception {
        byte[] withFile = TarLayers.tarGz(Map.of(
                "app/bin",
                "binary".getBytes(StandardCharsets.UTF_8),
                "scm-source.json",
                ("{\"url\":\"git:github.com/po/app\",\"revision\":\"cafe01\",\"author\":\"robot\",\"status\":\"\"}")
                        .getBytes(StandardCharsets.UTF_8)));
        byte[] plain = TarLayers.tarGz(Map.of("etc/motd", "hello".getBytes(StandardCharsets.UTF_8)));
        clock.advance(Duration.ofSeconds(10));
        Instant layerTime = clock.instant();
        push("po-b/scm", "layer", List.of(plain, withFile), null);
        clock.advance(Duration.ofSeconds(1));
        push("po-b/scm", "none", List.of(plain), null);
        clock.advance(Duration.ofSeconds(1));
        Instant headerTime = clock.instant();
        push(
                "po-b/scm",
                "header",
                List.of(withFile),
                "%7B%22url%22%3A%22https%3A%2F%2Fscm.example%2Fheader%22%2C%22revision%22%3A%22beef%22%2C"
                        + "%22author%22%3A%22ci%22%2C%22status%22%3A%22%22%7D");

        Eventually.until(
                Duration.ofSeconds(20),
                "the layer scan finds scm-source.json",
                () -> api.get("/teams/po-b/artifacts/scm/tags/layer/scm-source", admin)
                                .status()
                        == 200);
        JsonNode fromLayer = json("/teams/po-b/artifacts/scm/tags/layer/scm-source");
        assertThat(fromLayer.toString())
                .isEqualTo("{\"url\":\"git:github.com/po/app\",\"revision\":\"cafe01\",\"author\":\"robot\","
                        + "\"status\":\"\",\"created\":\"" + io.keyport.model.common.Timestamps.format(layerTime)
                        + "\"}");
        // the header is newer than the layer (uploaded before), so it wins
        JsonNode fromHeader = json("/teams/po-b/artifacts/scm/tags/header/scm-source");
        assertThat(fromHeader.get("url").asText()).isEqualTo("https://scm.example/header");
        assertThat(fromHeader.get("revision").asText()).isEqualTo("beef");
        assertThat(fromHeader.get("created").asText()).isEqualTo(io.keyport.model.common.Timestamps.format(headerTime));
        // a layer without the file: nothing, once its scan ran
        Eventually.until(Duration.ofSeconds(20), "every scan task ran", PierOneIT::scansDone);
        ApiClient.Response none = api.get("/teams/po-b/artifacts/scm/tags/none/scm-source", admin);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).isEmpty();
    }

    @Test
    void aSmallLayerIsScannedWithItsBlobAndQueuesNoTask() {
        byte[] layer = TarLayers.tarGz(Map.of(
                "scm-source.json",
                "{\"url\":\"git:github.com/po/small\",\"revision\":\"5a11\",\"author\":\"ci\",\"status\":\"\"}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertThat((long) layer.length).isLessThanOrEqualTo(ScmSourceScan.INLINE_MAX);

        push("po-b/inline", "1", List.of(layer), null);

        // no waiting: the scan committed with the blob, before the manifest was pushed
        JsonNode found = json("/teams/po-b/artifacts/inline/tags/1/scm-source");
        assertThat(found.get("url").asText()).isEqualTo("git:github.com/po/small");
        assertThat(found.get("revision").asText()).isEqualTo("5a11");
        assertThat(scanTasksNaming(Digest.sha256(layer))).isZero();
    }

    @Test
    void aLayerAboveTheInlineLimitIsScannedByATask() throws Exception {
        byte[] noise = new byte[(int) ScmSourceScan.INLINE_MAX + 4096];
        new java.util.Random(8).nextBytes(noise); // incompressible: the gzip stays above the limit
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("opt/noise", noise);
        files.put(
                "scm-source.json",
                "{\"url\":\"git:github.com/po/large\",\"revision\":\"1a26e\",\"author\":\"ci\",\"status\":\"\"}"
                        .getBytes(StandardCharsets.UTF_8));
        byte[] layer = TarLayers.tarGz(files);
        assertThat((long) layer.length).isGreaterThan(ScmSourceScan.INLINE_MAX);

        push("po-b/large", "1", List.of(layer), null);

        assertThat(scanTasksNaming(Digest.sha256(layer))).isEqualTo(1);
        Eventually.until(
                Duration.ofSeconds(20),
                "the task's scan finds scm-source.json",
                () -> api.get("/teams/po-b/artifacts/large/tags/1/scm-source", admin)
                                .status()
                        == 200);
        assertThat(json("/teams/po-b/artifacts/large/tags/1/scm-source")
                        .get("url")
                        .asText())
                .isEqualTo("git:github.com/po/large");
    }

    /** How many registry.scm-scan tasks, in any state, name {@code layer} in their payload. */
    static long scanTasksNaming(Digest layer) {
        long n = 0;
        for (JsonNode task : json("/api/tasks?limit=1000").path("tasks")) {
            if (task.path("kind").asText().equals(ScmSourceScan.KIND)) {
                for (JsonNode l : task.path("payload").path("layers")) {
                    if (l.asText().equals(layer.toString())) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /** No registry.scm-scan task is queued or running any more. */
    static boolean scansDone() {
        for (JsonNode task : json("/api/tasks?limit=1000").path("tasks")) {
            if (task.path("kind").asText().equals("registry.scm-scan")
                    && !task.path("state").asText().equals("succeeded")) {
                return false;
            }
        }
        return true;
    }

    @Test
    void statisticsCountTeamsArtifactsTagsAndBytes() {
        // po-a holds only the three configs pushed at start (its images have no layers)
        long poA = CONFIGS.entrySet().stream()
                .filter(e -> e.getKey().startsWith("po-a/"))
                .mapToLong(e -> BLOBS.get(e.getValue()))
                .sum();
        JsonNode team = json("/stats/teams/po-a");
        assertThat(team.toString()).isEqualTo("{\"artifacts\":1,\"tags\":3,\"storage\":" + poA + "}");
        assertThat(json("/stats/teams/nobody").toString()).isEqualTo("{\"artifacts\":0,\"tags\":0,\"storage\":0}");
        JsonNode teams = json("/stats/teams");
        assertThat(teams.get(0).toString())
                .isEqualTo("{\"team\":\"po-a\",\"stats\":{\"artifacts\":1,\"tags\":3,\"storage\":" + poA + "}}");
        JsonNode stats = json("/stats");
        assertThat(stats.get("teams").asLong()).isEqualTo(teams.size());
        assertThat(stats.get("storage").asLong())
                .isEqualTo(BLOBS.values().stream().mapToLong(Integer::longValue).sum());
    }

    @Test
    void v1ReadsServeTheTagMap() {
        ApiClient.Response ping = api.get("/v1/_ping", null);
        assertThat(ping.status()).isEqualTo(200);
        assertThat(ping.body()).isEqualTo("true");
        assertThat(ping.header("X-Docker-Registry-Version")).contains("0.6.3");

        JsonNode map = json("/v1/repositories/po-a/app/tags");
        assertThat(map.toString())
                .isEqualTo("{\"2.0\":\"" + CONFIGS.get("po-a/app:2.0") + "\",\"1.0\":\"" + CONFIGS.get("po-a/app:1.0")
                        + "\",\"1.1-SNAPSHOT\":\"" + CONFIGS.get("po-a/app:1.1-SNAPSHOT") + "\",\"latest\":\""
                        + CONFIGS.get("po-a/app:1.1-SNAPSHOT") + "\"}");
        ApiClient.Response none = api.get("/v1/repositories/po-a/nothing/tags", admin);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.body()).isEqualTo("{}");
        assertThat(api.get("/v1/repositories/po-a/app/tags", null).status()).isEqualTo(401);
    }

    @Test
    void theOpenApiDocumentNamesThePierOneApi() {
        ApiClient.Response swagger = api.get("/swagger.json", null);
        assertThat(swagger.status()).isEqualTo(200);
        assertThat(swagger.body()).contains("Pier One API");
    }
}
