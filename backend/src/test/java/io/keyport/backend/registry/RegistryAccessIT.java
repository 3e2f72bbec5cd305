package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.registry.RegistryClient.Reply;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Login and permissions as Docker clients meet them (issue 8 section 3) and the immutable tag
 * under concurrency: the Docker token flow with its granted = asked ∩ allowed rule, Basic
 * {@code oauth2:<token>} and a service's client credentials, {@code X-SCM-Source} for trusted
 * callers only, one audit entry per push whatever the number of upload steps, and concurrent pushes
 * of one tag of which exactly one wins (H2 and PostgreSQL).
 */
@KeyportTest
class RegistryAccessIT {

    static TestServer server;
    static ApiClient api;
    static Cast cast;

    @BeforeAll
    static void start(TestServer testServer, ApiClient client, Cast theCast) {
        server = testServer;
        api = client;
        cast = theCast;
    }

    static JsonNode token(RegistryClient client, String... scopes) {
        StringBuilder path = new StringBuilder("/v2/token?service=keyport");
        for (String scope : scopes) {
            path.append("&scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        return expect(client.get(path.toString()), 200).json();
    }

    static byte[] image(RegistryClient client, String repo, String salt) {
        byte[] config = ("{\"salt\":\"" + salt + "\"}").getBytes(StandardCharsets.UTF_8);
        client.pushBlob(repo, config);
        return Images.manifest(Images.blob(Images.OCI_CONFIG, config), List.of(), null);
    }

    @Test
    void tokenGrantsTheIntersectionOfAskedAndAllowed() {
        RegistryClient alice = RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
        JsonNode token = token(alice, "repository:team-a/tokens:pull,push", "repository:team-b/tokens:pull,push");
        assertThat(token.get("token").asText())
                .isEqualTo(token.get("access_token").asText());
        assertThat(token.get("expires_in").asLong()).isGreaterThanOrEqualTo(60);
        assertThat(token.get("issued_at").asText()).endsWith("Z");
        assertThat(token.get("access").toString())
                .contains("{\"type\":\"repository\",\"name\":\"team-a/tokens\",\"actions\":[\"pull\",\"push\"]}")
                .contains("{\"type\":\"repository\",\"name\":\"team-b/tokens\",\"actions\":[\"pull\"]}");

        RegistryClient bearer =
                RegistryClient.bearer(server.baseUrl(), token.get("token").asText());
        byte[] manifest = image(bearer, "team-a/tokens", "granted");
        expect(bearer.putManifest("team-a/tokens", "1", Images.OCI_MANIFEST, manifest), 201);
        expect(bearer.get("/v2/team-a/tokens/manifests/1"), 200);

        // a token asked for pull only does not push, although alice could
        RegistryClient pullOnly = RegistryClient.bearer(
                server.baseUrl(),
                token(alice, "repository:team-a/tokens:pull").get("token").asText());
        expect(pullOnly.get("/v2/team-a/tokens/manifests/1"), 200);
        Reply refused = pullOnly.send("POST", "/v2/team-a/tokens/blobs/uploads/", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate").orElseThrow())
                .contains("scope=\"repository:team-a/tokens:pull,push\"");
        ErrorBodies.OCI.check(refused.status(), refused.header("Content-Type").orElse(null), refused.text());
        // nor does it read a repository it was not asked for
        assertThat(pullOnly.get("/v2/team-b/tokens/tags/list").status()).isEqualTo(401);
    }

    @Test
    void anonymousTokenGrantsNothingAndBadCredentialsAre401() {
        RegistryClient anon = RegistryClient.anonymous(server.baseUrl());
        JsonNode token = token(anon, "repository:team-a/tokens:pull");
        assertThat(token.get("access")).isEmpty();
        RegistryClient bearer =
                RegistryClient.bearer(server.baseUrl(), token.get("token").asText());
        assertThat(bearer.get("/v2/").status()).isEqualTo(401);
        Reply wrong = RegistryClient.basic(server.baseUrl(), "alice", "wrong-password")
                .get("/v2/token?service=keyport&scope=repository:team-a/tokens:pull");
        assertThat(wrong.status()).isEqualTo(401);
        ErrorBodies.OCI.check(wrong.status(), wrong.header("Content-Type").orElse(null), wrong.text());
        assertThat(RegistryClient.bearer(server.baseUrl(), "kpr1.!!!")
                        .get("/v2/")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void basicOauth2TokenAndServiceClientCredentialsLogIn() {
        RegistryClient oauth2 = RegistryClient.basic(server.baseUrl(), "oauth2", cast.token("alice"));
        expect(oauth2.get("/v2/"), 200);
        JsonNode credential = ApiClient.expect(
                        api.postJson("/apps/svc-write/credentials", cast.token("admin"), null), 201)
                .json();
        RegistryClient service = RegistryClient.basic(
                server.baseUrl(),
                credential.get("client_id").asText(),
                credential.get("client_secret").asText());
        expect(service.get("/v2/"), 200);
        byte[] manifest = image(service, "team-a/by-service", "svc");
        expect(service.putManifest("team-a/by-service", "1.0", Images.OCI_MANIFEST, manifest), 201);
        // a service of team-a does not push to team-b
        Reply denied = service.send("POST", "/v2/team-b/by-service/blobs/uploads/", null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("DENIED");
        JsonNode entries = ApiClient.expect(
                        api.get("/api/audit?action=image.push&target=image:team-a/by-service:1.0", cast.token("admin")),
                        200)
                .json()
                .get("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).toString()).contains("svc-write");
    }

    @Test
    void aPushIsAuditedOnceWithPusherAndDigest() {
        RegistryClient alice = RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
        long before = auditEntries();
        byte[] layer = new byte[50_000];
        new java.util.Random(3).nextBytes(layer);
        String location = alice.startUpload("team-a/audited");
        for (int i = 0; i < 5; i++) {
            location = expect(
                            alice.patch(
                                    location,
                                    java.util.Arrays.copyOfRange(layer, i * 10_000, (i + 1) * 10_000),
                                    (i * 10_000) + "-" + ((i + 1) * 10_000 - 1)),
                            202)
                    .header("Location")
                    .orElseThrow();
        }
        expect(alice.send("PUT", location + "?digest=" + Digest.sha256(layer), null), 201);
        byte[] config = "{\"audited\":true}".getBytes(StandardCharsets.UTF_8);
        alice.pushBlob("team-a/audited", config);
        byte[] manifest = Images.manifest(
                Images.blob(Images.OCI_CONFIG, config), List.of(Images.blob(Images.OCI_LAYER, layer)), null);
        assertThat(auditEntries()).as("uploads are not audited by themselves").isEqualTo(before);
        expect(alice.putManifest("team-a/audited", "1.0", Images.OCI_MANIFEST, manifest), 201);
        assertThat(auditEntries()).isEqualTo(before + 1);
        // the same push again (a client retrying) changes nothing and is not audited again
        expect(alice.putManifest("team-a/audited", "1.0", Images.OCI_MANIFEST, manifest), 201);
        assertThat(auditEntries()).isEqualTo(before + 1);
        JsonNode entry = ApiClient.expect(
                        api.get("/api/audit?action=image.push&target=image:team-a/audited:1.0", cast.token("admin")),
                        200)
                .json()
                .get("entries")
                .get(0);
        assertThat(entry.toString())
                .contains("alice")
                .contains(Digest.sha256(manifest).toString());
    }

    @Test
    void scmSourceNeedsTheTrustedScope() {
        RegistryClient alice = RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
        byte[] manifest = image(alice, "team-a/scm", "scm");
        String scm =
                "{\"url\":\"https://scm.example/team-a/scm\",\"revision\":\"abc\",\"author\":\"alice\",\"status\":\"\"}";
        Reply denied = alice.send(
                "PUT",
                "/v2/team-a/scm/manifests/1.0",
                manifest,
                "Content-Type",
                Images.OCI_MANIFEST,
                "X-SCM-Source",
                scm);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errorCode()).isEqualTo("DENIED");
        RegistryClient admin = RegistryClient.bearer(server.baseUrl(), cast.token("admin"));
        expect(
                admin.send(
                        "PUT",
                        "/v2/team-a/scm/manifests/1.0",
                        manifest,
                        "Content-Type",
                        Images.OCI_MANIFEST,
                        "X-SCM-Source",
                        scm),
                201);
        assertThat(ApiClient.expect(
                                api.get(
                                        "/api/audit?action=image.push&target=image:team-a/scm:1.0",
                                        cast.token("admin")),
                                200)
                        .body())
                .contains("scm.example");
    }

    @Test
    void concurrentPushesOfOneTagHaveExactlyOneWinner() throws Exception {
        RegistryClient alice = RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
        int pushers = 8;
        List<byte[]> manifests = new ArrayList<>();
        for (int i = 0; i < pushers; i++) {
            manifests.add(image(alice, "team-a/race", "racer-" + i));
        }
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(pushers);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (byte[] manifest : manifests) {
                Callable<Integer> push = () -> {
                    go.await();
                    return alice.putManifest("team-a/race", "1.0", Images.OCI_MANIFEST, manifest)
                            .status();
                };
                results.add(pool.submit(push));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : results) {
                statuses.add(f.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(pushers - 1);
        } finally {
            pool.shutdownNow();
        }
        byte[] winner = expect(alice.get("/v2/team-a/race/manifests/1.0"), 200).body();
        assertThat(manifests).anySatisfy(m -> assertThat(m).isEqualTo(winner));
    }

    private static long auditEntries() {
        return ApiClient.expect(api.get("/api/audit/verify", cast.token("admin")), 200)
                .json()
                .get("entries")
                .asLong();
    }
}
