package io.keyport.backend.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.keyport.backend.registry.Images;
import io.keyport.backend.registry.RegistryClient;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.TufJson;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Approval-gated targets (issue 9 §5, decision 0039): approving a Kio version whose artifact is an
 * image in Keyport's registry makes it the TUF target {@code apps/<app>/<version>} with the image
 * manifest's length and SHA-256 and its approvals in {@code custom}; changing the version removes
 * the target; an artifact outside the registry fails its task with a clear error and signs nothing.
 * Checked through the pure verifier from root v1 and with tuf-js, which downloads the approved
 * image's manifest and no longer finds the target once the version changed.
 */
@KeyportTest
class TufApprovalTargetsIT {

    static TestServer server;
    static ApiClient api;
    static Cast cast;
    static String admin;
    static String tina;

    @BeforeAll
    static void start(TestServer testServer, ApiClient client, Cast theCast) throws Exception {
        server = testServer;
        api = client;
        cast = theCast;
        admin = api.adminToken();
        tina = api.user(admin, "tina", Cast.PASSWORD, "team-a");
        TufTesting.bootstrap(api, admin, 16);
        TufJs.install();
    }

    private static void putVersion(String app, String version, String artifact) {
        ApiClient.expect(
                api.putJson(
                        "/apps/" + app + "/versions/" + version,
                        cast.token("alice"),
                        "{\"artifact\":\"" + artifact + "\",\"notes\":\"\"}"),
                200,
                201);
    }

    /** Approves with the default types, by carol and then tina (alice wrote it: four eyes), until the version is approved. */
    private static void approveFully(String app, String version) {
        for (String token : List.of(cast.token("carol"), tina)) {
            for (String type : List.of("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY")) {
                JsonNode state = ApiClient.expect(api.get("/apps/" + app + "/versions/" + version, admin), 200)
                        .json();
                if ("approved".equals(state.get("approval_status").asText())) {
                    return;
                }
                api.postJson(
                        "/apps/" + app + "/versions/" + version + "/approvals",
                        token,
                        "{\"approval_type\":\"" + type + "\"}");
            }
        }
        JsonNode state = ApiClient.expect(api.get("/apps/" + app + "/versions/" + version, admin), 200)
                .json();
        assertThat(state.get("approval_status").asText()).as(state.toString()).isEqualTo("approved");
    }

    private static Optional<TrustedMetadataSet.TargetMatch> target(String path) {
        TrustedMetadataSet trusted = TufTesting.refresh(api, Instant.now());
        return TufTesting.find(api, trusted, path);
    }

    /** The queue task of {@code kind} whose payload names {@code app/version}, once it reached a final state. */
    private static JsonNode finishedTask(String kind, String app, String version) throws Exception {
        JsonNode[] found = new JsonNode[1];
        Eventually.until(Duration.ofSeconds(30), kind + " of " + app + "/" + version + " finished", () -> {
            JsonNode tasks = ApiClient.expect(api.get("/api/tasks?limit=1000", admin), 200)
                    .json()
                    .get("tasks");
            for (JsonNode t : tasks) {
                if (t.get("kind").asText().equals(kind)
                        && t.get("payload").path("application").asText().equals(app)
                        && t.get("payload").path("version").asText().equals(version)
                        && List.of("succeeded", "failed")
                                .contains(t.get("state").asText())) {
                    found[0] = t;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /**
     * tuf-js, from root v1, looks up {@code path} and downloads it from a content server that serves
     * {@code bytes} at the consistent-snapshot name {@code apps/app-a/<sha256>.<version>}.
     */
    private static TufJs.Run tufJs(Path dir, String path, byte[] bytes) throws Exception {
        String served = "/" + path.substring(0, path.lastIndexOf('/') + 1) + TufJson.sha256Hex(bytes) + "."
                + path.substring(path.lastIndexOf('/') + 1);
        HttpServer content = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        content.createContext("/", exchange -> {
            boolean known = exchange.getRequestURI().getPath().equals(served);
            exchange.sendResponseHeaders(known ? 200 : 404, known ? bytes.length : -1);
            if (known) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        content.start();
        try {
            Path metadata = Files.createDirectories(dir.resolve("metadata"));
            Files.write(
                    metadata.resolve("root.json"),
                    TufTesting.file(api, "1.root.json").orElseThrow());
            return TufJs.download(
                    server.baseUrl() + "/tuf/metadata",
                    "http://127.0.0.1:" + content.getAddress().getPort(),
                    metadata,
                    Files.createDirectories(dir.resolve("targets")),
                    path);
        } finally {
            content.stop(0);
        }
    }

    @Test
    void anApprovedImageBecomesATargetAndAChangedVersionLosesIt(@TempDir Path dir) throws Exception {
        RegistryClient alice = RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
        String repo = "team-a/gated";
        byte[] config = "{\"salt\":\"gated\"}".getBytes(StandardCharsets.UTF_8);
        alice.pushBlob(repo, config);
        byte[] manifest = Images.manifest(Images.blob(Images.OCI_CONFIG, config), List.of(), null);
        RegistryClient.expect(alice.putManifest(repo, "1.0", Images.OCI_MANIFEST, manifest), 201);

        putVersion("app-a", "1.0", "docker://registry.example.org/" + repo + ":1.0");
        assertThat(target("apps/app-a/1.0")).isEmpty();
        approveFully("app-a", "1.0");

        Eventually.until(
                Duration.ofSeconds(30),
                "apps/app-a/1.0 is published",
                () -> target("apps/app-a/1.0").isPresent());
        var match = target("apps/app-a/1.0").orElseThrow();
        assertThat(match.target().length()).isEqualTo(manifest.length);
        assertThat(match.target().hashes()).containsEntry("sha256", TufJson.sha256Hex(manifest));
        JsonNode custom = match.target().custom();
        assertThat(custom.get("artifact").asText()).isEqualTo("docker://registry.example.org/" + repo + ":1.0");
        assertThat(custom.get("manifest_digest").asText())
                .isEqualTo(Digest.sha256(manifest).toString());
        assertThat(custom.get("approvals").size()).isGreaterThanOrEqualTo(2);
        assertThat(custom.get("approvals").toString())
                .contains("\"user\":\"carol\"")
                .contains("approved_at");
        // the independent client downloads it: the manifest bytes, checked against the signed length and hash
        TufJs.Run approved = tufJs(dir.resolve("approved"), "apps/app-a/1.0", manifest);
        assertThat(approved.exit()).as(approved.stderr()).isZero();
        String file = Json.mapper().readTree(approved.stdout()).get("file").asText();
        assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(manifest);

        // the version changes: approvals reset, the target goes
        putVersion("app-a", "1.0", "docker://" + repo + ":1.0");
        Eventually.until(
                Duration.ofSeconds(30),
                "apps/app-a/1.0 is removed",
                () -> target("apps/app-a/1.0").isEmpty());
        TufJs.Run changed = tufJs(dir.resolve("changed"), "apps/app-a/1.0", manifest);
        assertThat(changed.exit()).as(changed.stderr()).isEqualTo(3); // no such target
        // both task writes are audited, by the system, on the target
        for (String action : List.of("tuf.app_target.add", "tuf.app_target.remove")) {
            JsonNode entries = ApiClient.expect(
                            api.get("/api/audit?action=" + action + "&target=tuf-target:apps/app-a/1.0", admin), 200)
                    .json()
                    .get("entries");
            assertThat(entries.size()).as(action).isEqualTo(1);
        }
    }

    @Test
    void anArtifactOutsideTheRegistryFailsItsTaskAndSignsNothing() throws Exception {
        putVersion("app-a", "2.0", "docker://ghcr.io/elsewhere/thing:2.0");
        approveFully("app-a", "2.0");
        JsonNode task = finishedTask("tuf.app_target.add", "app-a", "2.0");
        assertThat(task.get("state").asText()).isEqualTo("failed");
        assertThat(task.toString()).contains("not an image in Keyport's registry");
        assertThat(target("apps/app-a/2.0")).isEmpty();
    }
}
