package io.keyport.backend.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.storage.EmbeddedS3;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * SIGKILL during 50 concurrent pushes ({@code java -jar keyport-server.jar}, on the data folder's
 * file system and on S3 through s3proxy), restart, and then:
 * <ul>
 *   <li>every acknowledged blob (201) and manifest (201) reads back byte for byte with its digest;
 *   <li>nothing half-written is visible: every blob or manifest that was being pushed is either
 *       absent or whole, every listed tag resolves to a whole manifest whose blobs all exist, and
 *       every object under the storage's {@code registry/blobs/} hashes to its name;
 *   <li>upload sessions left open (their chunks acknowledged) resume from the server's {@code Range}
 *       and complete with the right digest; a session whose chunk was in flight either resumes the
 *       same way or is gone (404), never a 5xx;
 *   <li>one {@code image.push} audit entry per tag that exists, none for a tag that does not, and the
 *       audit chain verifies.
 * </ul>
 * Every pusher uses all four ways to upload (POST then PUT, one POST with {@code digest}, chunked
 * PATCH with {@code Content-Range}, streamed PATCH), three layers and a config per image. The seed
 * of a failed run is printed; {@code -Dcrash.seed=…} repeats its choices. The two deployments: one
 * server on its data folder (file system, H2) and replicas' storage (S3, PostgreSQL), each in its
 * database's Failsafe run.
 */
class RegistryCrashIT {

    private static final int PUSHERS = 50;
    private static final String ADMIN_PASSWORD = "registry-crash-admin";

    @TempDir
    Path data;

    /** One server on its data folder: the file system with the embedded H2 database. */
    @Test
    @EnabledIfSystemProperty(named = "keyport.test.db", matches = "h2")
    void pushesSurviveSigkillOnTheFileSystem() throws Exception {
        run(Map.of(), new FileSystemBlobs(data.resolve("blobs")));
    }

    /** Replicas' storage: S3 with PostgreSQL. */
    @Test
    @EnabledIfSystemProperty(named = "keyport.test.db", matches = "postgres")
    void pushesSurviveSigkillOnS3() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start()) {
            String bucket = s3.newBucket();
            try (S3Client client = s3.client()) {
                run(s3.serverSettings(bucket), new S3Blobs(client, bucket));
            }
        }
    }

    /** What the storage holds under {@code registry/blobs/}, read behind the server's back: key → bytes. */
    interface StoredBlobs {
        void forEach(BiConsumer<String, byte[]> visitor);
    }

    record FileSystemBlobs(Path root) implements StoredBlobs {
        @Override
        public void forEach(BiConsumer<String, byte[]> visitor) {
            Path blobs = root.resolve("registry/blobs");
            if (!Files.isDirectory(blobs)) {
                return;
            }
            try (Stream<Path> files = Files.walk(blobs)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    visitor.accept(root.relativize(file).toString(), Files.readAllBytes(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    record S3Blobs(S3Client client, String bucket) implements StoredBlobs {
        @Override
        public void forEach(BiConsumer<String, byte[]> visitor) {
            for (S3Object o : client.listObjectsV2Paginator(
                            r -> r.bucket(bucket).prefix("registry/blobs/"))
                    .contents()) {
                ResponseBytes<GetObjectResponse> bytes =
                        client.getObjectAsBytes(r -> r.bucket(bucket).key(o.key()));
                visitor.accept(o.key(), bytes.asByteArray());
            }
        }
    }

    /** A blob or manifest a pusher sent: whether the server acknowledged it, and its bytes. */
    record Sent(String repository, String reference, byte[] bytes, boolean acknowledged) {}

    /**
     * An upload session: the first {@code received} bytes are acknowledged; {@code acknowledged}
     * when no request on it can be in flight (left open on purpose).
     */
    record OpenSession(String repository, String location, byte[] bytes, int received, boolean acknowledged) {}

    private static final class Log {
        final Map<String, Sent> blobs = new ConcurrentHashMap<>(); // repository@digest
        final Map<String, Sent> manifests = new ConcurrentHashMap<>(); // repository:tag
        final Map<String, OpenSession> sessions = new ConcurrentHashMap<>(); // location
        final AtomicInteger acknowledgedManifests = new AtomicInteger();

        void blob(String repository, byte[] bytes, boolean acknowledged) {
            String digest = Digest.sha256(bytes).toString();
            blobs.merge(
                    repository + "@" + digest,
                    new Sent(repository, digest, bytes, acknowledged),
                    (a, b) -> a.acknowledged() ? a : b);
        }
    }

    private void run(Map<String, String> storage, StoredBlobs stored) throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        String context = "seed " + seed + ", " + TestDatabases.kind() + (storage.isEmpty() ? ", file system" : ", S3");
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.putAll(storage);

        ServerProcess server = ServerProcess.start(data, settings);
        Log log = new Log();
        long started = System.nanoTime();
        int target = 50 + random.nextInt(50);
        try {
            ApiClient api = server.client();
            String admin = api.token("admin", ADMIN_PASSWORD);
            api.team(admin, "crash");
            RegistryClient client = RegistryClient.bearer(server.url(), admin);
            CountDownLatch reached = new CountDownLatch(1);
            List<Thread> pushers = new ArrayList<>();
            List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
            for (int t = 0; t < PUSHERS; t++) {
                Pusher pusher = new Pusher(client, "crash/p" + t, new Random(random.nextLong()), log);
                pushers.add(Thread.ofPlatform().name("registry-pusher-" + t).start(() -> {
                    try {
                        pusher.openSession();
                        for (int step = 0; ; step++) {
                            pusher.push(step);
                            if (log.acknowledgedManifests.get() >= target) {
                                reached.countDown();
                            }
                        }
                    } catch (UncheckedIOException e) {
                        // the server is gone
                    } catch (RuntimeException | AssertionError e) {
                        errors.add(Thread.currentThread().getName() + ": " + e);
                        reached.countDown();
                    }
                }));
            }
            assertThat(reached.await(300, TimeUnit.SECONDS))
                    .as("%d images pushed within 300 s (%s): %d", target, context, log.acknowledgedManifests.get())
                    .isTrue();
            server.kill();
            for (Thread pusher : pushers) {
                pusher.join(TimeUnit.SECONDS.toMillis(60));
                assertThat(pusher.isAlive()).as(pusher.getName() + " ends").isFalse();
            }
            assertThat(errors)
                    .as("every push before the kill succeeds (%s)", context)
                    .isEmpty();
            long killed = System.nanoTime();

            server = ServerProcess.start(data, settings);
            check(server, log, stored, context);
            System.out.printf(
                    "RegistryCrashIT %s: %d manifests and %d blobs acknowledged, %d sent, %d sessions open;"
                            + " pushes %d ms, restart and check %d ms%n",
                    context,
                    log.acknowledgedManifests.get(),
                    log.blobs.values().stream().filter(Sent::acknowledged).count(),
                    log.blobs.size() + log.manifests.size(),
                    log.sessions.size(),
                    TimeUnit.NANOSECONDS.toMillis(killed - started),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
        } finally {
            if (server.process().isAlive()) {
                server.stop();
            }
        }
    }

    /** One thread's pushes into its own repository: an image per step under tag {@code v<step>}. */
    private record Pusher(RegistryClient client, String repository, Random random, Log log) {

        /** Opens a chunked session and sends its first half; left open for the restarted server. */
        void openSession() {
            byte[] bytes = bytes(20_000 + random.nextInt(200_000));
            String location = client.startUpload(repository);
            int half = bytes.length / 2;
            log.sessions.put(location, new OpenSession(repository, location, bytes, 0, false));
            RegistryClient.Reply r = client.patch(location, Arrays.copyOfRange(bytes, 0, half), "0-" + (half - 1));
            expect(r, 202);
            log.sessions.put(location, new OpenSession(repository, location, bytes, half, true));
        }

        void push(int step) {
            List<Images.Blob> layers = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                byte[] layer = bytes(2 + random.nextInt(k == 0 ? 400_000 : 60_000));
                upload(layer, (step + k) % 4);
                layers.add(Images.blob(Images.OCI_LAYER, layer));
            }
            byte[] config =
                    ("{\"repository\":\"" + repository + "\",\"step\":" + step + "}").getBytes(StandardCharsets.UTF_8);
            upload(config, step % 4);
            byte[] manifest = Images.manifest(
                    Images.blob(Images.OCI_CONFIG, config), layers, "\"annotations\":{\"step\":\"" + step + "\"}");
            String key = repository + ":v" + step;
            log.manifests.put(key, new Sent(repository, "v" + step, manifest, false));
            expect(client.putManifest(repository, "v" + step, Images.OCI_MANIFEST, manifest), 201);
            log.manifests.put(key, new Sent(repository, "v" + step, manifest, true));
            log.acknowledgedManifests.incrementAndGet();
        }

        private byte[] bytes(int n) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            return b;
        }

        /** Uploads one blob in one of the four ways; it is logged as sent before and acknowledged after. */
        private void upload(byte[] blob, int way) {
            Digest digest = Digest.sha256(blob);
            log.blob(repository, blob, false);
            String uploads = "/v2/" + repository + "/blobs/uploads/";
            RegistryClient.Reply done;
            if (way == 0) {
                done = client.send(
                        "POST", uploads + "?digest=" + digest, blob, "Content-Type", "application/octet-stream");
            } else {
                String location = client.startUpload(repository);
                if (way == 1) {
                    done = client.send(
                            "PUT", withDigest(location, digest), blob, "Content-Type", "application/octet-stream");
                } else {
                    int half = blob.length / 2;
                    String range = way == 2 ? "0-" + (half - 1) : null;
                    String started = location;
                    log.sessions.put(started, new OpenSession(repository, started, blob, 0, false));
                    location = expect(client.patch(location, Arrays.copyOfRange(blob, 0, half), range), 202)
                            .header("Location")
                            .orElseThrow();
                    log.sessions.put(started, new OpenSession(repository, started, blob, half, false));
                    location = expect(
                                    client.patch(
                                            location,
                                            Arrays.copyOfRange(blob, half, blob.length),
                                            way == 2 ? half + "-" + (blob.length - 1) : null),
                                    202)
                            .header("Location")
                            .orElseThrow();
                    done = client.send("PUT", withDigest(location, digest), null);
                    if (done.status() == 201) {
                        log.sessions.remove(started);
                    }
                }
            }
            expect(done, 201);
            log.blob(repository, blob, true);
        }
    }

    private static String withDigest(String location, Digest digest) {
        return location + (location.contains("?") ? "&" : "?") + "digest=" + digest;
    }

    private static RegistryClient.Reply expect(RegistryClient.Reply r, int status) {
        return RegistryClient.expect(r, status);
    }

    private static void check(ServerProcess server, Log log, StoredBlobs stored, String context) {
        ApiClient api = server.client();
        String admin = api.token("admin", ADMIN_PASSWORD);
        RegistryClient client = RegistryClient.bearer(server.url(), admin);
        List<String> problems = new ArrayList<>();

        for (Sent blob : log.blobs.values()) {
            RegistryClient.Reply r = client.get("/v2/" + blob.repository() + "/blobs/" + blob.reference());
            if (r.status() == 200 && Arrays.equals(r.body(), blob.bytes())) {
                if (!r.header("Docker-Content-Digest").orElse("").equals(blob.reference())) {
                    problems.add("blob " + blob.repository() + "@" + blob.reference() + " served with digest "
                            + r.header("Docker-Content-Digest"));
                }
            } else if (r.status() != 404 || blob.acknowledged()) {
                problems.add((blob.acknowledged() ? "acknowledged" : "in-flight") + " blob " + blob.repository() + "@"
                        + blob.reference() + ": " + r.status() + " with " + r.body().length + " bytes of "
                        + blob.bytes().length);
            }
        }

        Map<String, Long> pushAudits = new HashMap<>();
        for (String line : ApiClient.expect(api.get("/api/audit/export", admin), 200)
                .body()
                .lines()
                .toList()) {
            JsonNode entry = json(line);
            if (entry.path("action").asText().equals("image.push")) {
                pushAudits.merge(entry.path("target").asText(), 1L, Long::sum);
            }
        }
        Map<String, List<String>> tagsByRepository = new HashMap<>();
        for (Sent manifest : log.manifests.values()) {
            String path = "/v2/" + manifest.repository() + "/manifests/" + manifest.reference();
            RegistryClient.Reply r = client.get(path, "Accept", Images.OCI_MANIFEST);
            String digest = Digest.sha256(manifest.bytes()).toString();
            long audits = pushAudits.getOrDefault("image:" + manifest.repository() + ":" + manifest.reference(), 0L);
            if (r.status() == 200 && Arrays.equals(r.body(), manifest.bytes())) {
                tagsByRepository
                        .computeIfAbsent(manifest.repository(), k -> new ArrayList<>())
                        .add(manifest.reference());
                if (!r.header("Docker-Content-Digest").orElse("").equals(digest)) {
                    problems.add(path + " served with digest " + r.header("Docker-Content-Digest"));
                }
                for (JsonNode d : descriptors(r.json())) {
                    int status = client.head("/v2/" + manifest.repository() + "/blobs/"
                                    + d.path("digest").asText())
                            .status();
                    if (status != 200) {
                        problems.add(path + " names blob " + d.path("digest").asText() + ": HEAD " + status);
                    }
                }
                if (audits != 1) {
                    problems.add(path + ": " + audits + " image.push audit entries");
                }
            } else if (r.status() != 404 || manifest.acknowledged()) {
                problems.add((manifest.acknowledged() ? "acknowledged" : "in-flight") + " manifest " + path + ": " + r);
            } else if (audits != 0) {
                problems.add(path + " is absent but has " + audits + " image.push audit entries");
            }
        }
        for (String repository :
                log.manifests.values().stream().map(Sent::repository).distinct().toList()) {
            RegistryClient.Reply r = client.get("/v2/" + repository + "/tags/list?n=1000");
            List<String> listed = new ArrayList<>();
            if (r.status() == 200) {
                r.json().path("tags").forEach(t -> listed.add(t.asText()));
            } else if (r.status() != 404) {
                problems.add("tags of " + repository + ": " + r);
            }
            assertThat(listed)
                    .as("tags of %s (%s)", repository, context)
                    .containsExactlyInAnyOrderElementsOf(tagsByRepository.getOrDefault(repository, List.of()));
        }

        AtomicInteger objects = new AtomicInteger();
        stored.forEach((key, bytes) -> {
            objects.incrementAndGet();
            String hex = key.substring(key.lastIndexOf('/') + 1);
            if (!Digest.sha256(bytes).hex().equals(hex)) {
                problems.add("stored object " + key + " holds " + bytes.length + " bytes of another digest");
            }
        });
        assertThat(objects.get()).as("blobs in the storage").isPositive();

        int resumed = 0;
        int lost = 0;
        for (OpenSession session : log.sessions.values()) {
            String location = URI.create(session.location()).isAbsolute()
                    ? URI.create(session.location()).getRawPath()
                    : session.location();
            RegistryClient.Reply status = client.get(location);
            Digest digest = Digest.sha256(session.bytes());
            if (status.status() == 204) {
                String range = status.header("Range").orElseThrow();
                // "0-0" is both an empty session and one of one byte (as distribution answers);
                // a client that had no chunk acknowledged starts from 0
                int next = range.equals("0-0") && session.received() == 0
                        ? 0
                        : Integer.parseInt(range.substring(range.indexOf('-') + 1)) + 1;
                if (next < session.received() || (session.acknowledged() && next != session.received())) {
                    problems.add("session " + location + ": Range " + range + ", acknowledged " + session.received());
                    continue;
                }
                RegistryClient.Reply patched = client.patch(
                        status.header("Location").orElse(location),
                        Arrays.copyOfRange(session.bytes(), next, session.bytes().length),
                        null);
                RegistryClient.Reply put = patched.status() == 202
                        ? client.send(
                                "PUT", withDigest(patched.header("Location").orElseThrow(), digest), null)
                        : patched;
                if (put.status() == 201) {
                    resumed++;
                    RegistryClient.Reply blob = client.get("/v2/" + session.repository() + "/blobs/" + digest);
                    if (!Arrays.equals(blob.body(), session.bytes())) {
                        problems.add("resumed blob " + digest + ": " + blob.status());
                    }
                } else if (session.acknowledged()
                        || !List.of("BLOB_UPLOAD_INVALID", "BLOB_UPLOAD_UNKNOWN")
                                .contains(put.errorCode())
                        || client.get(location).status() != 404) {
                    // a session whose request was in flight may be lost (decision 0025), but then it is gone
                    problems.add("session " + location + " from " + next + ": " + put);
                } else {
                    lost++;
                }
            } else if (session.acknowledged() || status.status() != 404) {
                problems.add((session.acknowledged() ? "open" : "in-flight") + " session " + location + ": " + status);
            }
        }
        assertThat(resumed).as("open sessions resumed").isGreaterThanOrEqualTo(PUSHERS);
        System.out.printf(
                "RegistryCrashIT %s: %d sessions resumed, %d in-flight sessions lost%n", context, resumed, lost);

        assertThat(problems).as("after SIGKILL (%s)", context).isEmpty();
        JsonNode verify =
                ApiClient.expect(api.get("/api/audit/verify", admin), 200).json();
        assertThat(verify.path("intact").asBoolean())
                .as("audit chain after SIGKILL (%s): %s", context, verify)
                .isTrue();
    }

    private static List<JsonNode> descriptors(JsonNode manifest) {
        List<JsonNode> all = new ArrayList<>(List.of(manifest.path("config")));
        manifest.path("layers").forEach(all::add);
        return all;
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (IOException e) {
            throw new AssertionError("audit export line is not JSON: " + line, e);
        }
    }
}
