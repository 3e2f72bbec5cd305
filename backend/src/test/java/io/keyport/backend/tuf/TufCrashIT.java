package io.keyport.backend.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.signer.Signer;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL in the middle of TUF publications ({@code java -jar keyport-server.jar}): writers add and
 * delete artifacts in batches (each addition publishes), and one rotates root again and again
 * (every second rotation to a newly generated online key, so every online role is re-signed), the
 * new root posted with one signature and completed by a second through {@code /metadata/sign}. After
 * a random number of acknowledged changes (and at least one root signature) the server is killed,
 * restarted on the same data folder and database, and then:
 * <ul>
 *   <li>every task accepted with 202 finishes (SUCCESS, published) after the restart;
 *   <li>the repository is valid: a client walks the root chain from version 1 and verifies
 *       timestamp, snapshot and targets with the model's {@link TrustedMetadataSet};
 *   <li>every path whose last acknowledged change was an addition is a target with its hash, every
 *       deleted path is gone (a change in flight at the kill may or may not have happened);
 *   <li>a root whose last signature was acknowledged is published; one whose update was acknowledged
 *       but not its signature is published or still waits for signatures; every generated online
 *       key acknowledged is still held;
 *   <li>one audit entry per acknowledged change, and the audit chain verifies.
 * </ul>
 * Two cycles, each on top of the last. The seed of a failed run is printed; {@code -Dcrash.seed=…}
 * repeats its choices.
 */
class TufCrashIT {

    private static final int CYCLES = 2;
    private static final int ADDERS = 4;
    private static final int BATCH = 20;
    private static final int BINS = 16;
    private static final String ADMIN_PASSWORD = "tuf-crash-admin";
    private static final Duration SETTLE = Duration.ofSeconds(180);

    @TempDir
    Path data;

    /** Last acknowledged state of each path: true added, false deleted. */
    private final Map<String, Boolean> acked = new ConcurrentHashMap<>();
    /** Paths whose change was in flight at a kill, with the state that change would give them. */
    private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
    /** Task ids of every change acknowledged with 202, with its audit action. */
    private final Map<String, String> tasks = new ConcurrentHashMap<>();

    private final List<String> generatedKeys = new CopyOnWriteArrayList<>();
    /** The newest root version whose last signature was acknowledged, and one merely acknowledged as waiting. */
    private volatile long signedRoot = 1;

    private volatile long waitingRoot = 0;

    private List<Signer> offline;

    @Test
    void acceptedTufChangesSurviveSigkillDuringPublication() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.put("KEYPORT_TUF_RENEW_INTERVAL", "PT1S");

        ServerProcess server = ServerProcess.start(data, settings);
        try {
            ApiClient api = server.client();
            try {
                offline = TufTesting.bootstrap(api, api.token("admin", ADMIN_PASSWORD), BINS);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; server log: " + String.join("\n", server.log()), e);
            }
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                int target = 15 + random.nextInt(30);
                String context = "seed " + seed + ", cycle " + cycle;
                int acks = writeAndKill(server, cycle, target);
                server = ServerProcess.start(data, settings);
                check(server.client(), context + ", killed after " + acks + " acks");
                System.out.printf(
                        "TufCrashIT %s cycle %d: %d acks, %d paths, %d in flight, root v%d%n",
                        TestDatabases.kind(), cycle, acks, acked.size(), inFlight.size(), signedRoot);
                inFlight.clear();
            }
        } finally {
            server.stop();
        }
    }

    /** Runs the writers until {@code target} changes are acknowledged, then kills the server. */
    private int writeAndKill(ServerProcess server, int cycle, int target) throws Exception {
        ApiClient api = server.client();
        String admin = api.token("admin", ADMIN_PASSWORD);
        AtomicInteger acks = new AtomicInteger();
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch rotated = new CountDownLatch(1); // a root signature acknowledged in this cycle
        List<String> errors = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < ADDERS; t++) {
            int thread = t;
            threads.add(new Thread(
                    () -> artifacts(api, admin, cycle, thread, acks, target, reached, errors), "tuf-crash-" + t));
        }
        threads.add(new Thread(() -> rotations(api, admin, acks, target, reached, rotated, errors), "tuf-crash-root"));
        threads.forEach(Thread::start);
        assertThat(reached.await(180, TimeUnit.SECONDS) && rotated.await(180, TimeUnit.SECONDS))
                .as("changes and a root signature acknowledged within 180 s (errors %s)", errors)
                .isTrue();
        server.kill();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive()).as(thread.getName() + " ends").isFalse();
        }
        assertThat(errors).as("every change before the kill is accepted").isEmpty();
        return acks.get();
    }

    private static void acknowledged(AtomicInteger acks, int target, CountDownLatch reached) {
        if (acks.incrementAndGet() >= target) {
            reached.countDown();
        }
    }

    /**
     * One writer: batches of additions (published at once), and every third step the deletion of a
     * batch it added two steps before. Its paths are its own, so their changes are ordered.
     */
    private void artifacts(
            ApiClient api,
            String admin,
            int cycle,
            int thread,
            AtomicInteger acks,
            int target,
            CountDownLatch reached,
            List<String> errors) {
        List<List<String>> added = new ArrayList<>();
        try {
            for (int step = 0; ; step++) {
                boolean delete = step % 3 == 2 && added.size() >= 2;
                List<String> paths;
                ObjectNode body = Json.mapper().createObjectNode();
                if (delete) {
                    paths = added.remove(added.size() - 2);
                    ArrayNode list = body.putArray("artifacts");
                    paths.forEach(list::add);
                } else {
                    paths = new ArrayList<>();
                    ArrayNode list = body.putArray("artifacts");
                    for (int i = 0; i < BATCH; i++) {
                        String path = "crash/c" + cycle + "/t" + thread + "/s" + step + "/" + i + ".bin";
                        paths.add(path);
                        list.add(TufTesting.artifact(path, content(path)));
                    }
                }
                paths.forEach(p -> inFlight.put(p, !delete));
                ApiClient.Response r;
                try {
                    r = api.postJson(delete ? "/api/v1/artifacts/delete" : "/api/v1/artifacts", admin, body.toString());
                } catch (UncheckedIOException e) {
                    return; // the server is gone: this change stays in flight
                }
                if (r.status() != 202) {
                    errors.add(Thread.currentThread().getName() + ": " + r);
                    return;
                }
                tasks.put(
                        r.json().get("data").get("task_id").asText(),
                        delete ? "tuf.artifacts.delete" : "tuf.artifacts.add");
                paths.forEach(p -> {
                    acked.put(p, !delete);
                    inFlight.remove(p);
                });
                if (!delete) {
                    added.add(paths);
                }
                acknowledged(acks, target, reached);
            }
        } catch (RuntimeException e) {
            errors.add(Thread.currentThread().getName() + ": " + e);
        }
    }

    /**
     * Root rotations one after another: every second one names a newly generated online key; each
     * is posted signed by one root key, then the second signature completes it, and the writer waits
     * until it is published before the next.
     */
    private void rotations(
            ApiClient api,
            String admin,
            AtomicInteger acks,
            int target,
            CountDownLatch reached,
            CountDownLatch rotated,
            List<String> errors) {
        try {
            for (int n = 0; ; n++) {
                Metadata<Root> trusted = latestRoot(api);
                Root next = trusted.signed().withVersion(trusted.signed().version() + 1);
                if (n % 2 == 1) {
                    ApiClient.Response r = api.postJson("/api/v1/keys/online", admin, null);
                    if (r.status() != 201) {
                        errors.add("key generation: " + r);
                        return;
                    }
                    JsonNode k = r.json().get("data").get("key");
                    Key key = Key.of(
                            k.get("keytype").asText(),
                            k.get("scheme").asText(),
                            k.get("keyval").get("public").asText());
                    generatedKeys.add(key.keyId());
                    String old = trusted.signed().role("timestamp").keyIds().get(0);
                    for (String role : List.of("targets", "snapshot", "timestamp")) {
                        next = next.withoutKey(role, old).withKey(role, key);
                    }
                    acknowledged(acks, target, reached);
                }
                Metadata<Root> signedByOne = TufTesting.signed(next, offline.subList(0, 1));
                ObjectNode update = Json.mapper().createObjectNode();
                update.putObject("metadata").set("root", Json.mapper().valueToTree(signedByOne.toJson()));
                ApiClient.Response r = api.postJson("/api/v1/metadata", admin, update.toString());
                if (r.status() != 202) {
                    errors.add("root update: " + r);
                    return;
                }
                tasks.put(r.json().get("data").get("task_id").asText(), "tuf.metadata.update");
                waitingRoot = next.version();
                acknowledged(acks, target, reached);
                String updateTask = r.json().get("data").get("task_id").asText();
                awaitState(api, admin, updateTask, Duration.ofSeconds(120));

                Signature second = Metadata.of(next).signatureBy(offline.get(1));
                ObjectNode sign = Json.mapper().createObjectNode().put("role", "root");
                sign.set("signature", Json.mapper().valueToTree(second.toJson()));
                r = api.postJson("/api/v1/metadata/sign", admin, sign.toString());
                if (r.status() != 202) {
                    errors.add("root signature: " + r);
                    return;
                }
                String signTask = r.json().get("data").get("task_id").asText();
                tasks.put(signTask, "tuf.metadata.sign");
                signedRoot = next.version();
                acknowledged(acks, target, reached);
                rotated.countDown();
                awaitState(api, admin, signTask, Duration.ofSeconds(120));
            }
        } catch (UncheckedIOException e) {
            // the server is gone
        } catch (Exception | AssertionError e) {
            errors.add("rotations: " + e);
        }
    }

    /** Waits until a task is SUCCESS; fails on ERRORED or FAILURE. */
    private static void awaitState(ApiClient api, String admin, String taskId, Duration timeout) throws Exception {
        Eventually.until(timeout, "task " + taskId + " succeeds", () -> {
            JsonNode data = ApiClient.expect(api.get("/api/v1/task?task_id=" + taskId, admin), 200)
                    .json()
                    .get("data");
            String state = data.get("state").asText();
            if (state.equals("ERRORED") || state.equals("FAILURE")) {
                throw new AssertionError("task " + taskId + " ended " + state + ": " + data);
            }
            return state.equals("SUCCESS");
        });
    }

    private static byte[] content(String path) {
        return ("content of " + path).getBytes(StandardCharsets.UTF_8);
    }

    /** The newest published root, found by walking the versions. */
    private static Metadata<Root> latestRoot(ApiClient api) {
        byte[] last = TufTesting.file(api, "1.root.json").orElseThrow();
        for (long v = 2; ; v++) {
            Optional<byte[]> next = TufTesting.file(api, v + ".root.json");
            if (next.isEmpty()) {
                return Metadata.fromBytes(last, Root.class);
            }
            last = next.get();
        }
    }

    /** After the restart: every accepted task finishes, and the repository holds exactly what was acknowledged. */
    private void check(ApiClient api, String context) throws Exception {
        String admin = api.token("admin", ADMIN_PASSWORD);
        for (String task : tasks.keySet()) {
            awaitState(api, admin, task, SETTLE);
        }

        // the repository is valid from root v1 on, and holds what was acknowledged
        TrustedMetadataSet trusted = TufTesting.refresh(api, Instant.now());
        long root = trusted.root().signed().version();
        assertThat(root)
                .as("root with its last signature acknowledged (" + context + ")")
                .isGreaterThanOrEqualTo(signedRoot);
        if (waitingRoot > signedRoot) {
            JsonNode pending = ApiClient.expect(api.get("/api/v1/metadata/sign", admin), 200)
                    .json()
                    .get("data")
                    .get("metadata");
            boolean waits = pending.has("root")
                    && pending.get("root").get("signed").get("version").asLong() == waitingRoot;
            assertThat(waits || root == waitingRoot)
                    .as("root v" + waitingRoot + " accepted is published or waits for signatures (" + context + ")")
                    .isTrue();
        }
        Map<String, Optional<byte[]>> bins = new HashMap<>();
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : acked.entrySet()) {
            String path = e.getKey();
            Optional<TrustedMetadataSet.TargetMatch> found = trusted.findTarget(
                    path,
                    (role, meta) -> bins.computeIfAbsent(
                                    meta.version() + "." + role, k -> TufTesting.file(api, k + ".json"))
                            .orElseThrow());
            boolean present = found.isPresent();
            if (present) {
                assertThat(found.get().target().hashes().get("sha256"))
                        .as(path)
                        .isEqualTo(TufJson.sha256Hex(content(path)));
            }
            Boolean pendingChange = inFlight.get(path);
            if (present != e.getValue() && (pendingChange == null || present != pendingChange)) {
                lost.add(path + ": acknowledged " + (e.getValue() ? "added" : "deleted") + ", found "
                        + (present ? "present" : "absent"));
            } else if (pendingChange != null) {
                e.setValue(present); // the change in flight took effect or not; later cycles build on that
            }
        }
        for (Map.Entry<String, Boolean> e : inFlight.entrySet()) {
            if (!acked.containsKey(e.getKey())) {
                boolean present = trusted.findTarget(
                                e.getKey(),
                                (role, meta) -> bins.computeIfAbsent(
                                                meta.version() + "." + role, k -> TufTesting.file(api, k + ".json"))
                                        .orElseThrow())
                        .isPresent();
                if (present) {
                    acked.put(e.getKey(), true);
                }
            }
        }
        assertThat(lost)
                .as("acknowledged TUF changes after SIGKILL (" + context + ")")
                .isEmpty();

        JsonNode held = ApiClient.expect(api.get("/api/v1/keys/online", admin), 200)
                .json()
                .get("data")
                .get("held");
        Set<String> heldIds = new java.util.HashSet<>();
        held.forEach(k -> heldIds.add(k.asText()));
        assertThat(heldIds).as("generated online keys (" + context + ")").containsAll(generatedKeys);

        List<String> unaudited = new ArrayList<>();
        for (Map.Entry<String, String> t : tasks.entrySet()) {
            JsonNode entries = ApiClient.expect(
                            api.get("/api/audit?action=" + t.getValue() + "&target=tuf-task:" + t.getKey(), admin), 200)
                    .json()
                    .get("entries");
            if (entries.size() != 1) {
                unaudited.add(t.getValue() + " " + t.getKey() + ": " + entries.size() + " entries");
            }
        }
        JsonNode chain =
                ApiClient.expect(api.get("/api/audit/verify", admin), 200).json();
        assertThat(unaudited)
                .as("one audit entry per accepted change (%s), chain %s", context, chain)
                .isEmpty();
        assertThat(chain.path("intact").asBoolean())
                .as("audit chain intact: %s", chain)
                .isTrue();
    }
}
