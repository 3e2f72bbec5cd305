package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.storage.EmbeddedS3;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.model.registry.Digest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes ({@code java -jar keyport-server.jar}, data folders of their own) sharing one
 * PostgreSQL database and one S3 bucket (s3proxy), as two replicas behind a load balancer: a
 * chunked upload started on one finishes on the other, a tag pushed through one is immutable
 * through the other (409 {@code TAG_INVALID}, the same manifest again 201), and of two pushes of
 * one tag through both at once exactly one digest wins, everywhere. The PostgreSQL run only:
 * several processes on one database is what PostgreSQL is for.
 */
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "postgres")
class RegistryReplicasIT {

    private static final String ADMIN_PASSWORD = "replicas-admin-password";

    @TempDir
    static Path tmp;

    static EmbeddedS3 s3;
    static ServerProcess a;
    static ServerProcess b;
    static RegistryClient onA;
    static RegistryClient onB;

    @BeforeAll
    static void start() throws Exception {
        s3 = EmbeddedS3.start();
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatabase());
        settings.putAll(s3.serverSettings(s3.newBucket()));
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        a = ServerProcess.start(tmp.resolve("a"), settings);
        b = ServerProcess.start(tmp.resolve("b"), settings);
        onA = RegistryClient.bearer(a.url(), a.client().token("admin", ADMIN_PASSWORD));
        onB = RegistryClient.bearer(b.url(), b.client().token("admin", ADMIN_PASSWORD));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        for (ServerProcess server : new ServerProcess[] {a, b}) {
            if (server != null && server.process().isAlive()) {
                server.stop();
            }
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /** The path and query of a Location, to send it to the other replica. */
    private static String path(String location) {
        URI uri = URI.create(location);
        return uri.isAbsolute()
                ? uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                : location;
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aChunkedUploadStartedOnOneReplicaFinishesOnTheOther() {
        byte[] blob = random(6 * 1024 * 1024 + 5, 1);
        int third = blob.length / 3;
        String location = onA.startUpload("replicas/chunked");
        location = expect(onA.patch(location, Arrays.copyOfRange(blob, 0, third), "0-" + (third - 1)), 202)
                .header("Location")
                .orElseThrow();

        assertThat(expect(onB.get(path(location)), 204).header("Range")).contains("0-" + (third - 1));
        location = expect(
                        onB.patch(
                                path(location),
                                Arrays.copyOfRange(blob, third, 2 * third),
                                third + "-" + (2 * third - 1)),
                        202)
                .header("Location")
                .orElseThrow();
        location = expect(onA.patch(path(location), Arrays.copyOfRange(blob, 2 * third, blob.length), null), 202)
                .header("Location")
                .orElseThrow();
        Digest digest = Digest.sha256(blob);
        expect(onB.send("PUT", path(location) + (location.contains("?") ? "&" : "?") + "digest=" + digest, null), 201);

        for (RegistryClient replica : List.of(onA, onB)) {
            RegistryClient.Reply r = expect(replica.get("/v2/replicas/chunked/blobs/" + digest), 200);
            assertThat(r.body()).isEqualTo(blob);
            assertThat(r.header("Docker-Content-Digest")).contains(digest.toString());
        }
        expect(onA.get(path(location)), 404);
    }

    @Test
    void aTagPushedThroughOneIsImmutableThroughTheOther() {
        byte[] first = image(onA, "replicas/immutable", "first");
        byte[] second = image(onB, "replicas/immutable", "second");
        expect(onA.putManifest("replicas/immutable", "1.0", Images.OCI_MANIFEST, first), 201);

        RegistryClient.Reply refused =
                expect(onB.putManifest("replicas/immutable", "1.0", Images.OCI_MANIFEST, second), 409);
        assertThat(refused.errorCode()).isEqualTo("TAG_INVALID");
        expect(onB.putManifest("replicas/immutable", "1.0", Images.OCI_MANIFEST, first), 201);
        for (RegistryClient replica : List.of(onA, onB)) {
            assertThat(expect(replica.get("/v2/replicas/immutable/manifests/1.0"), 200)
                            .body())
                    .isEqualTo(first);
        }
    }

    @Test
    void ofConcurrentPushesOfOneTagThroughBothExactlyOneDigestWins() throws Exception {
        int rounds = 25;
        byte[] fromA = image(onA, "replicas/race", "a");
        byte[] fromB = image(onB, "replicas/race", "b");
        List<String> problems = new ArrayList<>();
        int winsA = 0;
        try (ExecutorService pushers = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < rounds; round++) {
                String tag = "r" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<RegistryClient.Reply> a = push(pushers, onA, tag, fromA, start);
                CompletableFuture<RegistryClient.Reply> b = push(pushers, onB, tag, fromB, start);
                int statusA = a.get(60, TimeUnit.SECONDS).status();
                int statusB = b.get(60, TimeUnit.SECONDS).status();
                List<Integer> statuses = List.of(statusA, statusB);
                if (!statuses.contains(201) || !statuses.contains(409)) {
                    problems.add(tag + ": " + a.get() + " / " + b.get());
                    continue;
                }
                byte[] winner = statusA == 201 ? fromA : fromB;
                winsA += statusA == 201 ? 1 : 0;
                for (RegistryClient replica : List.of(onA, onB)) {
                    RegistryClient.Reply r = replica.get("/v2/replicas/race/manifests/" + tag);
                    if (r.status() != 200 || !Arrays.equals(r.body(), winner)) {
                        problems.add(tag + " reads " + r + " instead of the winner");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
        System.out.printf("RegistryReplicasIT: replica A won %d of %d races for a tag%n", winsA, rounds);
    }

    /**
     * Decision 0051: each replica searches its own in-memory copy of the applications; a write
     * acknowledged by one replica is in the next search on the other, whose copy was loaded before.
     */
    @Test
    void kioSearchOnEitherReplicaFindsWhatTheOtherWrote() {
        ApiClient clientA = a.client();
        ApiClient clientB = b.client();
        String tokenA = clientA.token("admin", ADMIN_PASSWORD);
        String tokenB = clientB.token("admin", ADMIN_PASSWORD);
        clientA.team(tokenA, "replicas");
        String app = "{\"team_id\":\"replicas\",\"active\":true,\"name\":\"Replica %s\",\"description\":\"%s\"}";
        ApiClient.expect(clientA.putJson("/apps/rep-one", tokenA, app.formatted("one", "carries quokka")), 200);
        // Both copies loaded: the searches that follow see only what the generation brings them.
        assertThat(searchIds(clientA, tokenA, "quokka")).containsExactly("rep-one");
        assertThat(searchIds(clientB, tokenB, "quokka")).containsExactly("rep-one");

        ApiClient.expect(clientB.putJson("/apps/rep-two", tokenB, app.formatted("two", "carries quokka too")), 200);
        ApiClient.expect(clientB.putJson("/apps/rep-one", tokenB, "{\"description\":\"now a numbat\"}"), 200);
        for (var replica : List.of(Map.entry(clientA, tokenA), Map.entry(clientB, tokenB))) {
            assertThat(searchIds(replica.getKey(), replica.getValue(), "quokka"))
                    .containsExactly("rep-two");
            assertThat(searchIds(replica.getKey(), replica.getValue(), "numbat"))
                    .containsExactly("rep-one");
            assertThat(searchIds(replica.getKey(), replica.getValue(), "replica"))
                    .containsExactlyInAnyOrder("rep-one", "rep-two");
        }
    }

    private static List<String> searchIds(ApiClient client, String token, String query) {
        List<String> ids = new ArrayList<>();
        ApiClient.expect(client.get("/apps?search=" + query, token), 200)
                .json()
                .forEach(hit -> ids.add(hit.get("id").asText()));
        return ids;
    }

    private static CompletableFuture<RegistryClient.Reply> push(
            ExecutorService pushers, RegistryClient replica, String tag, byte[] manifest, CyclicBarrier start) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return replica.putManifest("replicas/race", tag, Images.OCI_MANIFEST, manifest);
                },
                pushers);
    }

    /** Pushes a config and a layer through {@code replica}; returns a manifest naming them. */
    private static byte[] image(RegistryClient replica, String repository, String name) {
        byte[] config = ("{\"name\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(50_000, name.hashCode());
        replica.pushBlob(repository, config);
        replica.pushBlob(repository, layer);
        return Images.manifest(
                Images.blob(Images.OCI_CONFIG, config), List.of(Images.blob(Images.OCI_LAYER, layer)), null);
    }
}
