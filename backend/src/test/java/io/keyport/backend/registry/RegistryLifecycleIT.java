package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.registry.RegistryClient.Reply;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The registry's lifecycle (issue 8 sections 2 and 3, decision 0033) on a server whose clock the
 * test moves: per-team mutable-tag patterns and public namespaces, legal takedowns refused while a
 * Kio version points at the image, garbage collection of unreferenced blobs and abandoned upload
 * sessions after the grace period (and not before, nor of a blob pushed before its manifest), a
 * long push that outlives its token, and content negotiation of OCI manifests. H2 and PostgreSQL.
 *
 * <p>Garbage collection runs every 0.1 s of real time with a grace of one hour of the test's
 * clock; a test that moves the clock waits for two more finished runs ({@code /metrics}) before it
 * checks that something was not collected. Tokens live five minutes, so tests that move the clock
 * log in with passwords.
 */
class RegistryLifecycleIT {

    static final Duration GRACE = Duration.ofHours(1);

    static SettableClock clock;
    static TestServer server;
    static ApiClient api;
    static Cast cast;

    @BeforeAll
    static void start() {
        clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        server = TestServer.start(
                Map.of(
                        "KEYPORT_REGISTRY_GC_INTERVAL", "PT0.1S",
                        "KEYPORT_REGISTRY_GC_GRACE", "PT1H",
                        "KEYPORT_TOKEN_TTL", "PT5M"),
                clock);
        api = server.client();
        cast = Cast.create(api);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static RegistryClient alice() {
        return RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
    }

    static RegistryClient admin() {
        return RegistryClient.basic(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
    }

    /** Pushes a config blob of {@code salt} and returns the manifest of it (not pushed). */
    static byte[] image(RegistryClient client, String repository, String salt) {
        byte[] config = ("{\"salt\":\"" + salt + "\"}").getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repository, config);
        return Images.manifest(Images.blob(Images.OCI_CONFIG, config), List.of(), null);
    }

    static Reply json(RegistryClient client, String method, String path, String body) {
        return client.send(method, path, body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");
    }

    static void oci(Reply r, int status) {
        expect(r, status);
        ErrorBodies.OCI.check(r.status(), r.header("Content-Type").orElse(null), r.text());
    }

    static JsonNode audit(String action, String target) {
        String path = "/api/audit?action=" + action + "&target=" + URLEncoder.encode(target, StandardCharsets.UTF_8);
        return ApiClient.expect(api.get(path, api.adminToken()), 200).json().get("entries");
    }

    /** Moves the clock, then waits until two more garbage collection runs have finished. */
    static void advanceAndCollect(Duration by) throws Exception {
        clock.advance(by);
        long target = gcRuns() + 2;
        Eventually.until(Duration.ofSeconds(30), "two more garbage collection runs", () -> gcRuns() >= target);
    }

    static long gcRuns() {
        String metrics =
                ApiClient.expect(api.get("/metrics", api.adminToken()), 200).body();
        return metrics.lines()
                .filter(l -> l.startsWith("keyport_registry_gc_runs "))
                .map(l -> (long) Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow();
    }

    static Path blobFile(Digest digest) {
        return server.dataDir()
                .resolve("blobs/registry/blobs/" + digest.algorithm().id() + "/"
                        + digest.hex().substring(0, 2) + "/" + digest.hex());
    }

    // ---- tag rules

    @Test
    void mutableTagPatternsAreAnAdminsChoicePerTeamAndAudited() {
        RegistryClient alice = alice();
        String repo = "team-a/patterns";
        byte[] one = image(alice, repo, "one");
        byte[] two = image(alice, repo, "two");
        expect(alice.putManifest(repo, "1.0-SNAPSHOT", Images.OCI_MANIFEST, one), 201);
        expect(alice.putManifest(repo, "1.0-SNAPSHOT", Images.OCI_MANIFEST, two), 201);
        expect(alice.putManifest(repo, "dev-1", Images.OCI_MANIFEST, one), 201);
        oci(alice.putManifest(repo, "dev-1", Images.OCI_MANIFEST, two), 409);

        JsonNode defaults = expect(alice.get("/v2/_keyport/teams/team-a"), 200).json();
        assertThat(defaults.toString())
                .isEqualTo("{\"team\":\"team-a\",\"mutable_tag_patterns\":[\"*-SNAPSHOT\"],\"public\":false}");

        String body = "{\"patterns\":[\"*-SNAPSHOT\",\"dev-*\"]}";
        oci(json(alice, "PUT", "/v2/_keyport/teams/team-a/mutable-tag-patterns", body), 403);
        JsonNode changed = expect(json(admin(), "PUT", "/v2/_keyport/teams/team-a/mutable-tag-patterns", body), 200)
                .json();
        assertThat(changed.get("mutable_tag_patterns").toString()).isEqualTo("[\"*-SNAPSHOT\",\"dev-*\"]");

        expect(alice.putManifest(repo, "dev-1", Images.OCI_MANIFEST, two), 201);
        assertThat(expect(alice.get("/v2/" + repo + "/manifests/dev-1"), 200).body())
                .isEqualTo(two);
        // another team keeps its own rules
        RegistryClient bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        byte[] b1 = image(bob, "team-b/patterns", "b1");
        byte[] b2 = image(bob, "team-b/patterns", "b2");
        expect(bob.putManifest("team-b/patterns", "dev-1", Images.OCI_MANIFEST, b1), 201);
        oci(bob.putManifest("team-b/patterns", "dev-1", Images.OCI_MANIFEST, b2), 409);

        JsonNode entries = audit("registry.team.mutable_tags", "registry-team:team-a");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).toString())
                .contains("\"previous_patterns\":[\"*-SNAPSHOT\"]")
                .contains("\"patterns\":[\"*-SNAPSHOT\",\"dev-*\"]");

        // an empty list makes every tag immutable, snapshots too
        expect(json(admin(), "PUT", "/v2/_keyport/teams/team-a/mutable-tag-patterns", "{\"patterns\":[]}"), 200);
        oci(alice.putManifest(repo, "1.0-SNAPSHOT", Images.OCI_MANIFEST, one), 409);
        expect(json(admin(), "PUT", "/v2/_keyport/teams/team-a/mutable-tag-patterns", body), 200);
        assertThat(audit("registry.team.mutable_tags", "registry-team:team-a")).hasSize(3);
    }

    // ---- public namespaces

    @Test
    void aPublicNamespaceIsPulledAnonymouslyAndOnlyTheTeamOrAnAdminOpensIt() {
        RegistryClient bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        String repo = "team-b/open";
        byte[] manifest = image(bob, repo, "open");
        expect(bob.putManifest(repo, "1", Images.OCI_MANIFEST, manifest), 201);
        RegistryClient anon = RegistryClient.anonymous(server.baseUrl());
        oci(anon.get("/v2/" + repo + "/manifests/1"), 401);

        oci(json(alice(), "PUT", "/v2/_keyport/teams/team-b/public", "{\"public\":true}"), 403);
        oci(json(anon, "PUT", "/v2/_keyport/teams/team-b/public", "{\"public\":true}"), 401);
        expect(json(bob, "PUT", "/v2/_keyport/teams/team-b/public", "{\"public\":true}"), 200);

        assertThat(expect(anon.get("/v2/" + repo + "/manifests/1"), 200).body()).isEqualTo(manifest);
        expect(anon.get("/v2/" + repo + "/tags/list"), 200);
        // the Docker flow: an anonymous token grants pull on the public namespace only
        JsonNode token = expect(
                        anon.get("/v2/token?service=keyport&scope=repository:" + repo + ":pull,push"
                                + "&scope=repository:team-a/patterns:pull"),
                        200)
                .json();
        assertThat(token.get("access").toString())
                .isEqualTo("[{\"type\":\"repository\",\"name\":\"" + repo + "\",\"actions\":[\"pull\"]}]");
        RegistryClient bearer =
                RegistryClient.bearer(server.baseUrl(), token.get("token").asText());
        expect(bearer.get("/v2/" + repo + "/manifests/1"), 200);
        oci(bearer.send("POST", "/v2/" + repo + "/blobs/uploads/", null), 401);
        oci(anon.send("POST", "/v2/" + repo + "/blobs/uploads/", null), 401);
        oci(anon.get("/v2/team-a/patterns/tags/list"), 401);
        assertThat(audit("registry.team.visibility", "registry-team:team-b").toString())
                .contains("\"public\":true")
                .contains("\"actor\":\"bob\"");

        expect(json(admin(), "PUT", "/v2/_keyport/teams/team-b/public", "{\"public\":false}"), 200);
        oci(anon.get("/v2/" + repo + "/manifests/1"), 401);
    }

    // ---- takedowns

    @Test
    void aTakedownDeletesTheManifestAndItsTagsUnlessAVersionPointsAtIt() {
        RegistryClient alice = alice();
        String repo = "team-a/takedown";
        byte[] manifest = image(alice, repo, "takedown");
        Digest digest = Digest.sha256(manifest);
        expect(alice.putManifest(repo, "1.0", Images.OCI_MANIFEST, manifest), 201);
        expect(alice.putManifest(repo, "1.1", Images.OCI_MANIFEST, manifest), 201);
        String admin = api.adminToken();
        ApiClient.expect(
                api.putJson(
                        "/apps/app-a/versions/td-1",
                        admin,
                        "{\"artifact\":\"docker://registry.example.org/" + repo + ":1.1\",\"notes\":\"\"}"),
                200,
                201);
        String body = "{\"repository\":\"" + repo + "\",\"digest\":\"" + digest + "\",\"reason\":\"court order 17\"}";

        oci(json(alice, "POST", "/v2/_keyport/takedowns", body), 403);
        Reply refused = json(admin(), "POST", "/v2/_keyport/takedowns", body);
        oci(refused, 409);
        assertThat(refused.text()).contains("app-a/td-1");
        expect(alice.get("/v2/" + repo + "/manifests/1.0"), 200);

        ApiClient.expect(
                api.putJson(
                        "/apps/app-a/versions/td-1",
                        admin,
                        "{\"artifact\":\"docker://registry.example.org/team-a/other:1.1\",\"notes\":\"\"}"),
                200);
        oci(json(admin(), "POST", "/v2/_keyport/takedowns", body.replace("court order 17", " ")), 400);
        JsonNode done = expect(json(admin(), "POST", "/v2/_keyport/takedowns", body), 200)
                .json();
        assertThat(done.toString())
                .isEqualTo("{\"repository\":\"" + repo + "\",\"digest\":\"" + digest
                        + "\",\"tags\":[\"1.0\",\"1.1\"],\"reason\":\"court order 17\"}");
        oci(alice.get("/v2/" + repo + "/manifests/1.0"), 404);
        oci(alice.get("/v2/" + repo + "/manifests/" + digest), 404);
        assertThat(expect(alice.get("/v2/" + repo + "/tags/list"), 200).json().get("tags"))
                .isEmpty();
        oci(json(admin(), "POST", "/v2/_keyport/takedowns", body), 404);
        assertThat(audit("image.takedown", "image:" + repo + "@" + digest).toString())
                .contains("\"reason\":\"court order 17\"")
                .contains("\"tags\":[\"1.0\",\"1.1\"]")
                .contains("\"actor\":\"admin\"");
        // the tags are free again: a takedown is not a tombstone
        expect(alice.putManifest(repo, "1.0", Images.OCI_MANIFEST, image(alice, repo, "again")), 201);
    }

    // ---- garbage collection

    @Test
    void unreferencedBlobsAreCollectedAfterTheGracePeriodReferencedOnesNever() throws Exception {
        RegistryClient alice = alice();
        String repo = "team-a/gc";
        Digest orphan = alice.pushBlob(repo, "nobody refers to me".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = image(alice, repo, "kept");
        expect(alice.putManifest(repo, "1", Images.OCI_MANIFEST, manifest), 201);
        Digest config = Digest.sha256("{\"salt\":\"kept\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(blobFile(orphan)).exists();

        advanceAndCollect(GRACE.minusMinutes(1));
        expect(alice.head("/v2/" + repo + "/blobs/" + orphan), 200); // touched: a fresh grace period
        advanceAndCollect(Duration.ofMinutes(2));
        expect(alice.head("/v2/" + repo + "/blobs/" + orphan), 200);

        advanceAndCollect(GRACE);
        Eventually.until(Duration.ofSeconds(30), "the orphan blob collected", () -> !Files.exists(blobFile(orphan)));
        expect(alice.head("/v2/" + repo + "/blobs/" + orphan), 404); // HEAD: no body
        expect(alice.get("/v2/" + repo + "/blobs/" + config), 200);
        assertThat(blobFile(config)).exists();
        expect(alice.get("/v2/" + repo + "/manifests/1"), 200);
        // pushing it again stores it again
        assertThat(alice.pushBlob(repo, "nobody refers to me".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(orphan);
        assertThat(blobFile(orphan)).exists();
    }

    @Test
    void aBlobUploadedBeforeItsManifestIsNotCollectedInBetween() throws Exception {
        RegistryClient alice = alice();
        String repo = "team-a/slow-push";
        byte[] manifest = image(alice, repo, "slow");
        advanceAndCollect(GRACE.minusMinutes(5));
        expect(alice.putManifest(repo, "1", Images.OCI_MANIFEST, manifest), 201);
        advanceAndCollect(GRACE.multipliedBy(3));
        expect(alice.get("/v2/" + repo + "/manifests/1"), 200);
        Digest config = Digest.sha256("{\"salt\":\"slow\"}".getBytes(StandardCharsets.UTF_8));
        expect(alice.get("/v2/" + repo + "/blobs/" + config), 200);
    }

    @Test
    void aTakenDownImagesBlobsAreCollected() throws Exception {
        RegistryClient alice = alice();
        String repo = "team-a/takedown-gc";
        byte[] manifest = image(alice, repo, "taken");
        Digest config = Digest.sha256("{\"salt\":\"taken\"}".getBytes(StandardCharsets.UTF_8));
        expect(alice.putManifest(repo, "1", Images.OCI_MANIFEST, manifest), 201);
        advanceAndCollect(GRACE.multipliedBy(2));
        assertThat(blobFile(config)).exists();
        expect(
                json(
                        admin(),
                        "POST",
                        "/v2/_keyport/takedowns",
                        "{\"repository\":\"" + repo + "\",\"digest\":\"" + Digest.sha256(manifest)
                                + "\",\"reason\":\"licence\"}"),
                200);
        Eventually.until(
                Duration.ofSeconds(30), "the taken-down config collected", () -> !Files.exists(blobFile(config)));
        expect(alice.head("/v2/" + repo + "/blobs/" + config), 404); // HEAD: no body
    }

    @Test
    void abandonedUploadSessionsAreCancelledAfterTheGracePeriod() throws Exception {
        RegistryClient alice = alice();
        String repo = "team-a/abandoned";
        String location = alice.startUpload(repo);
        expect(alice.patch(location, "first part".getBytes(StandardCharsets.UTF_8), "0-9"), 202);
        String id = location.substring(location.lastIndexOf('/') + 1);
        advanceAndCollect(GRACE.minusMinutes(1));
        expect(alice.get(location), 204);
        expect(alice.patch(location, "more".getBytes(StandardCharsets.UTF_8), "10-13"), 202); // moves: fresh grace
        advanceAndCollect(GRACE.minusMinutes(1));
        expect(alice.get(location), 204);
        assertThat(staged(id)).isNotEmpty();

        advanceAndCollect(Duration.ofMinutes(2));
        oci(alice.get(location), 404);
        Eventually.until(
                Duration.ofSeconds(30),
                "the staged bytes removed",
                () -> staged(id).isEmpty());
    }

    /** The files of staged write {@code id} in the filesystem storage's staging area. */
    private static List<Path> staged(String id) throws Exception {
        Path uploads = server.dataDir().resolve("blobs/_uploads");
        if (!Files.isDirectory(uploads)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(uploads)) {
            return files.filter(f -> f.getFileName().toString().startsWith(id)).toList();
        }
    }

    // ---- long pushes

    @Test
    void aLongPushOutlivesItsTokenOnTheSessionItBegan() {
        RegistryClient basic = alice();
        String repo = "team-a/long-push";
        JsonNode token = expect(basic.get("/v2/token?service=keyport&scope=repository:" + repo + ":pull,push"), 200)
                .json();
        RegistryClient docker =
                RegistryClient.bearer(server.baseUrl(), token.get("token").asText());
        RegistryClient oauth2 = RegistryClient.basic(server.baseUrl(), "oauth2", api.token("alice", Cast.PASSWORD));
        byte[] config = "{\"salt\":\"a long push\"}".getBytes(StandardCharsets.UTF_8);
        byte[] second = "{\"salt\":\"second\"}".getBytes(StandardCharsets.UTF_8);
        String location = docker.startUpload(repo);
        String viaOauth2 = oauth2.startUpload(repo);
        String carols =
                RegistryClient.basic(server.baseUrl(), "carol", Cast.PASSWORD).startUpload(repo);
        expect(docker.patch(location, java.util.Arrays.copyOfRange(config, 0, 5), "0-4"), 202);

        clock.advance(Duration.ofMinutes(10)); // both tokens expired mid-push

        expect(docker.patch(location, java.util.Arrays.copyOfRange(config, 5, config.length), null), 202);
        expect(docker.get(location), 204);
        expect(
                docker.send(
                        "PUT",
                        location + "?digest=" + Digest.sha256(config),
                        null,
                        "Content-Type",
                        "application/octet-stream"),
                201);
        expect(
                oauth2.send(
                        "PUT",
                        viaOauth2 + "?digest=" + Digest.sha256(second),
                        second,
                        "Content-Type",
                        "application/octet-stream"),
                201);
        // an expired token does nothing else: not another's session, no new session, no manifest
        oci(docker.get(carols), 401);
        oci(docker.send("POST", "/v2/" + repo + "/blobs/uploads/", null), 401);
        byte[] manifest = Images.manifest(Images.blob(Images.OCI_CONFIG, config), List.of(), null);
        oci(docker.putManifest(repo, "1", Images.OCI_MANIFEST, manifest), 401);
        // the client logs in again for the manifest, as Docker does
        JsonNode fresh = expect(basic.get("/v2/token?service=keyport&scope=repository:" + repo + ":pull,push"), 200)
                .json();
        expect(
                RegistryClient.bearer(server.baseUrl(), fresh.get("token").asText())
                        .putManifest(repo, "1", Images.OCI_MANIFEST, manifest),
                201);
    }

    @Test
    void anExpiredTokenOfSomeoneWhoMayNoLongerPushDoesNotContinue() {
        String admin = api.adminToken();
        api.user(admin, "erin", Cast.PASSWORD, "team-a");
        RegistryClient erin = RegistryClient.basic(server.baseUrl(), "oauth2", api.token("erin", Cast.PASSWORD));
        String location = erin.startUpload("team-a/leaver");
        api.user(admin, "erin", Cast.PASSWORD); // erin leaves team-a
        clock.advance(Duration.ofMinutes(10));
        oci(erin.patch(location, "x".getBytes(StandardCharsets.UTF_8), null), 403);
    }

    // ---- content negotiation

    @Test
    void anOciManifestIsNotServedToAClientThatDoesNotAcceptIt() {
        RegistryClient alice = alice();
        String repo = "team-a/accept";
        byte[] manifest = image(alice, repo, "accept");
        expect(alice.putManifest(repo, "1", Images.OCI_MANIFEST, manifest), 201);
        String path = "/v2/" + repo + "/manifests/1";
        Reply refused = alice.get(path, "Accept", Images.DOCKER_MANIFEST);
        oci(refused, 404);
        assertThat(refused.errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(refused.text()).contains("accept header does not support OCI manifests");
        expect(alice.get(path, "Accept", Images.DOCKER_MANIFEST + ", " + Images.OCI_MANIFEST + ";q=0.5"), 200);
        expect(alice.get(path, "Accept", "*/*"), 200);
        assertThat(expect(alice.get(path), 200).body()).isEqualTo(manifest);
    }
}
