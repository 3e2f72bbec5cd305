package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static io.keyport.backend.tuf.TufTesting.artifact;
import static io.keyport.backend.tuf.TufTesting.awaitTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.keyport.backend.archives.ArchivesTables;
import io.keyport.backend.archives.KployArchives;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An independent TUF client accepts the repository: tuf-js 5 (npm, on Node 20) starts from root v1,
 * refreshes timestamp, snapshot, targets and the hash bin through {@code /tuf/metadata/}, and
 * downloads a target (consistent snapshots: {@code dir/<sha256>.name}) from a content server the test
 * runs, checking its length and hash. It refuses a tampered target and no longer finds a deleted one,
 * and follows a root rotation and an online-key rotation (decision 0037) from root v1.
 */
@KeyportTest
class TufJsClientIT {

    static final String PATH = "apps/demo/1.0/demo.tar.gz";
    static final byte[] CONTENT = "the demo archive".getBytes(StandardCharsets.UTF_8);

    static TestServer server;
    static ApiClient api;
    static String admin;
    static HttpServer content;
    static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    static List<Signer> offline;

    @BeforeAll
    static void start(TestServer testServer, ApiClient client) throws Exception {
        TufJs.install();
        server = testServer;
        api = client;
        admin = api.adminToken();
        offline = TufTesting.bootstrap(api, admin, 256);
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact(PATH, CONTENT)).add(artifact("apps/other/2.0/other.bin", new byte[] {7
        }));
        awaitTask(api, admin, accepted(api.postJson("/api/v1/artifacts", admin, body.toString())), "SUCCESS");

        content = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        content.createContext("/", exchange -> {
            byte[] bytes = FILES.get(exchange.getRequestURI().getPath());
            if (bytes == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        content.start();
        FILES.put("/apps/demo/1.0/" + TufJson.sha256Hex(CONTENT) + ".demo.tar.gz", CONTENT);
    }

    @AfterAll
    static void stop() {
        if (content != null) {
            content.stop(0);
        }
    }

    private static TufJs.Run download(Path dir, String path) throws IOException, InterruptedException {
        return download(dir, "http://127.0.0.1:" + content.getAddress().getPort(), path);
    }

    private static TufJs.Run download(Path dir, String targetBaseUrl, String path)
            throws IOException, InterruptedException {
        Path metadata = Files.createDirectories(dir.resolve("metadata"));
        Path targets = Files.createDirectories(dir.resolve("targets"));
        Files.write(
                metadata.resolve("root.json"),
                TufTesting.file(api, "1.root.json").orElseThrow());
        return TufJs.download(server.baseUrl() + "/tuf/metadata", targetBaseUrl, metadata, targets, path);
    }

    @Test
    void tufJsDownloadsATargetThroughTheHashBins(@TempDir Path dir) throws Exception {
        TufJs.Run run = download(dir, PATH);
        assertThat(run.exit()).as(run.stderr()).isZero();
        String file = Json.mapper().readTree(run.stdout()).get("file").asText();
        assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(CONTENT);
        // tuf-js kept what it verified: the timestamp it trusts is the one served
        assertThat(Files.readAllBytes(dir.resolve("metadata").resolve("timestamp.json")))
                .isEqualTo(TufTesting.file(api, "timestamp.json").orElseThrow());
    }

    @Test
    void tufJsFollowsARootRotationAndAnOnlineKeyRotation(@TempDir Path dir) throws Exception {
        Metadata<Root> current =
                Metadata.fromBytes(TufTesting.file(api, "1.root.json").orElseThrow(), Root.class);
        Root two = current.signed().withVersion(2);
        rotate(TufTesting.signed(two, offline));
        TufJs.Run afterRoot = download(dir.resolve("root"), PATH);
        assertThat(afterRoot.exit()).as(afterRoot.stderr()).isZero();

        JsonNode generated = ApiClient.expect(api.postJson("/api/v1/keys/online", admin, null), 201)
                .json()
                .get("data")
                .get("key");
        Key next = Key.of(
                generated.get("keytype").asText(),
                generated.get("scheme").asText(),
                generated.get("keyval").get("public").asText());
        Root three = two.withVersion(3);
        String old = two.role("timestamp").keyIds().get(0);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            three = three.withoutKey(role, old).withKey(role, next);
        }
        rotate(TufTesting.signed(three, offline));
        TufJs.Run afterKey = download(dir.resolve("key"), PATH);
        assertThat(afterKey.exit()).as(afterKey.stderr()).isZero();
        // tuf-js verified the timestamp against root 3, which names only the new online key
        Metadata<Timestamp> timestamp =
                Metadata.fromBytes(Files.readAllBytes(dir.resolve("key/metadata/timestamp.json")), Timestamp.class);
        assertThat(timestamp.signatures().get(0).keyId()).isEqualTo(next.keyId());
    }

    private static void rotate(Metadata<Root> root) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("metadata").set("root", Json.mapper().valueToTree(root.toJson()));
        JsonNode done =
                awaitTask(api, admin, accepted(api.postJson("/api/v1/metadata", admin, body.toString())), "SUCCESS");
        assertThat(done.get("result").get("details").get("pending_signatures").asBoolean())
                .isFalse();
    }

    @Test
    void tufJsDownloadsAnArchiveThatKeyportStoresFromTufTargets(@TempDir Path dir) throws Exception {
        byte[] archive = KployArchives.app("tuf-demo");
        ArchivesTables.upload(server.baseUrl(), admin, "http://github.com/keyport/tuf-demo", archive);
        String path = "apps/tuf-demo/1.0/tuf-demo.kploy";
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact(path, archive));
        awaitTask(api, admin, accepted(api.postJson("/api/v1/artifacts", admin, body.toString())), "SUCCESS");

        TufJs.Run run = download(dir, server.baseUrl() + "/tuf/targets", path);
        assertThat(run.exit()).as(run.stderr()).isZero();
        String file = Json.mapper().readTree(run.stdout()).get("file").asText();
        assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(archive);

        String sha256 = TufJson.sha256Hex(archive);
        String url = "/tuf/targets/apps/tuf-demo/1.0/" + sha256 + ".tuf-demo.kploy";
        ApiClient.Response served = ApiClient.expect(api.get(url, null), 200);
        assertThat(served.header("ETag")).contains("\"" + sha256 + "\"");
        assertThat(served.header("Cache-Control").orElseThrow()).contains("immutable");
        assertThat(api.send("GET", url, null, "If-None-Match", "\"" + sha256 + "\"")
                        .status())
                .isEqualTo(304);
        // only published targets, under their own hash
        String other = TufJson.sha256Hex(new byte[] {1});
        assertThat(api.get("/tuf/targets/apps/tuf-demo/1.0/" + other + ".tuf-demo.kploy", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/tuf/targets/apps/nope/" + sha256 + ".tuf-demo.kploy", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/tuf/targets/" + sha256, null).status()).isEqualTo(404);
        // a target Keyport does not store (the demo's content lives on the test's content server)
        assertThat(api.get("/tuf/targets/apps/demo/1.0/" + TufJson.sha256Hex(CONTENT) + ".demo.tar.gz", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void tufJsRefusesATargetWhoseBytesDiffer(@TempDir Path dir) throws Exception {
        String other = "/apps/other/2.0/" + TufJson.sha256Hex(new byte[] {7}) + ".other.bin";
        FILES.put(other, new byte[] {8}); // the content server lies
        TufJs.Run run = download(dir, "apps/other/2.0/other.bin");
        assertThat(run.exit()).as(run.stdout()).isEqualTo(1);
        assertThat(run.stderr()).contains("Expected hash"); // the same length, another hash
    }

    @Test
    void aDeletedTargetIsNoLongerFound(@TempDir Path dir) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add("apps/gone/1.0/gone.bin");
        ObjectNode add = Json.mapper().createObjectNode();
        add.putArray("artifacts").add(artifact("apps/gone/1.0/gone.bin", new byte[] {1, 2}));
        awaitTask(api, admin, accepted(api.postJson("/api/v1/artifacts", admin, add.toString())), "SUCCESS");
        awaitTask(api, admin, accepted(api.postJson("/api/v1/artifacts/delete", admin, body.toString())), "SUCCESS");
        TufJs.Run run = download(dir, "apps/gone/1.0/gone.bin");
        assertThat(run.exit()).as(run.stderr()).isEqualTo(3);
    }
}
