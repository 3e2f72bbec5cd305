package io.keyport.backend.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.keyport.backend.archives.ArchivesTables;
import io.keyport.backend.archives.KployArchives;
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
 * image's manifest and no longer finds the target once the version changed. An archive Keyport
 * stores ({@code kploy://<id>}, or kploy's download URL) is signed with the archive's length and
 * SHA-256 and served from {@code /tuf/targets}; an application whose team switched its
 * approval-gated targets off gets none (decision 0053).
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

    /** Approves {@code app/version} fully and waits for its target; the target as the verifier finds it. */
    private static TrustedMetadataSet.TargetMatch approvedTarget(String app, String version) throws Exception {
        approveFully(app, version);
        String path = "apps/" + app + "/" + version;
        Eventually.until(
                Duration.ofSeconds(30),
                path + " is published",
                () -> target(path).isPresent());
        return target(path).orElseThrow();
    }

    /** Waits until the verifier no longer finds {@code path}. */
    private static void awaitRemoved(String path) throws Exception {
        Eventually.until(
                Duration.ofSeconds(30), path + " is removed", () -> target(path).isEmpty());
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
            return tufJs(dir, "http://127.0.0.1:" + content.getAddress().getPort(), path);
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
        var match = approvedTarget("app-a", "1.0");
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
        awaitRemoved("apps/app-a/1.0");
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

    /** Uploads {@code archive} through kploy's API; its archive id is its SHA-256. */
    private static String upload(String name, byte[] archive) {
        ArchivesTables.upload(server.baseUrl(), admin, "http://github.com/keyport/" + name, archive);
        return TufJson.sha256Hex(archive);
    }

    /** tuf-js, from root v1, downloads {@code path} from the target base URL {@code targets}. */
    private static TufJs.Run tufJs(Path dir, String targets, String path) throws Exception {
        Path metadata = Files.createDirectories(dir.resolve("metadata"));
        Files.write(
                metadata.resolve("root.json"),
                TufTesting.file(api, "1.root.json").orElseThrow());
        return TufJs.download(
                server.baseUrl() + "/tuf/metadata",
                targets,
                metadata,
                Files.createDirectories(dir.resolve("targets")),
                path);
    }

    @Test
    void anApprovedArchiveBecomesATargetServedByKeyportAndAChangedVersionLosesIt(@TempDir Path dir) throws Exception {
        byte[] archive = KployArchives.app("gated-archive");
        String id = upload("gated-archive", archive);

        putVersion("app-a", "3.0", "kploy://" + id);
        var match = approvedTarget("app-a", "3.0");
        assertThat(match.target().length()).isEqualTo(archive.length);
        assertThat(match.target().hashes()).containsEntry("sha256", id);
        JsonNode custom = match.target().custom();
        assertThat(custom.get("artifact").asText()).isEqualTo("kploy://" + id);
        assertThat(custom.get("archive_id").asText()).isEqualTo(id);
        assertThat(custom.has("manifest_digest")).isFalse();
        assertThat(custom.get("approvals").toString()).contains("\"user\":\"carol\"");
        // the independent client downloads the archive from Keyport itself and checks it against the signed hash
        TufJs.Run approved = tufJs(dir.resolve("approved"), server.baseUrl() + "/tuf/targets", "apps/app-a/3.0");
        assertThat(approved.exit()).as(approved.stderr()).isZero();
        String file = Json.mapper().readTree(approved.stdout()).get("file").asText();
        assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(archive);

        // the version changes (to kploy's download URL of the archive): approvals reset, the target goes
        String url = server.baseUrl() + "/api/v1/app/" + id;
        putVersion("app-a", "3.0", url);
        awaitRemoved("apps/app-a/3.0");
        TufJs.Run changed = tufJs(dir.resolve("changed"), server.baseUrl() + "/tuf/targets", "apps/app-a/3.0");
        assertThat(changed.exit()).as(changed.stderr()).isEqualTo(3); // no such target

        // approved again, the URL form is signed too
        var again = approvedTarget("app-a", "3.0");
        assertThat(again.target().custom().get("artifact").asText()).isEqualTo(url);
        assertThat(again.target().hashes()).containsEntry("sha256", id);
    }

    @Test
    void anArchiveKeyportDoesNotStoreFailsItsTaskAndSignsNothing() throws Exception {
        putVersion("app-a", "4.0", "kploy://archives/sha256/" + "ab".repeat(32));
        approveFully("app-a", "4.0");
        JsonNode task = finishedTask("tuf.app_target.add", "app-a", "4.0");
        assertThat(task.get("state").asText()).isEqualTo("failed");
        assertThat(task.toString()).contains("names no archive Keyport stores");
        assertThat(target("apps/app-a/4.0")).isEmpty();
    }

    @Test
    void anApplicationItsTeamSwitchedOffGetsNoTargetsUntilSwitchedOn() throws Exception {
        api.app(admin, "app-quiet", "team-a");
        String setting = "/api/v1/config/applications/app-quiet";
        JsonNode initial = ApiClient.expect(api.get(setting, cast.token("bob")), 200)
                .json()
                .get("data");
        assertThat(initial.get("approved_targets").asBoolean()).isTrue();
        assertThat(initial.get("updated_by").isNull()).isTrue();
        // another team may not switch it off; the application's team may
        ApiClient.expect(api.putJson(setting, cast.token("bob"), "{\"approved_targets\":false}"), 403);
        JsonNode off = ApiClient.expect(api.putJson(setting, cast.token("alice"), "{\"approved_targets\":false}"), 200)
                .json()
                .get("data");
        assertThat(off.get("approved_targets").asBoolean()).isFalse();
        assertThat(off.get("updated_by").asText()).endsWith(":alice");
        assertThat(ApiClient.expect(api.get(setting, admin), 200)
                        .json()
                        .get("data")
                        .get("approved_targets")
                        .asBoolean())
                .isFalse();

        String id = upload("quiet", KployArchives.app("quiet"));
        putVersion("app-quiet", "1.0", "kploy://" + id);
        approveFully("app-quiet", "1.0");
        JsonNode task = finishedTask("tuf.app_target.add", "app-quiet", "1.0");
        assertThat(task.get("state").asText()).isEqualTo("succeeded");
        assertThat(target("apps/app-quiet/1.0")).isEmpty();
        assertThat(ApiClient.expect(
                                api.get(
                                        "/api/audit?action=tuf.app_target.add&target=tuf-target:apps/app-quiet/1.0",
                                        admin),
                                200)
                        .json()
                        .get("entries")
                        .size())
                .isZero();

        // switched on again (by a TUF admin): the next approval is signed
        ApiClient.expect(api.putJson(setting, admin, "{\"approved_targets\":true}"), 200);
        putVersion("app-quiet", "1.1", "kploy://" + id);
        approvedTarget("app-quiet", "1.1");
        assertThat(target("apps/app-quiet/1.0")).isEmpty();
        JsonNode audited = ApiClient.expect(
                        api.get("/api/audit?action=tuf.app_targets.update&target=tuf-app:app-quiet", admin), 200)
                .json()
                .get("entries");
        assertThat(audited.size()).isEqualTo(2);
    }
}
