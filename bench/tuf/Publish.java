import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.SuccinctRoles;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The TUF publication benchmark's client (bench/tuf/run.sh): bootstraps a fresh Keyport repository
 * with hash bins (root v1 signed by two offline Ed25519 keys made here, threshold 2), then adds
 * artifacts in batches through {@code POST /api/v1/artifacts} from {@code --clients} concurrent
 * clients. Each client posts a batch, waits until it is published, and posts the next.
 *
 * <p>"Published" is what a TUF client sees: one poller reads {@code /tuf/metadata/timestamp.json}
 * (with If-None-Match) every {@code --poll-ms}; on each new timestamp it reads the snapshot it names
 * and, for every batch waiting, the bin that holds the batch's last path at the version that
 * snapshot lists. The batch is visible when that bin lists the path with the hash the client sent
 * (the server publishes each accepted request in one transaction, so one path stands for its batch).
 * Latency is from the 202 answer to the poll that saw it.
 *
 * <p>At the end a sample of targets is verified as a client does (root chain, timestamp, snapshot,
 * targets, bins, every signature) with the model's verifier. Prints {@code RESULT key=value} lines.
 */
public final class Publish {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static String base;
    private static String token;

    /** A batch waiting to become visible. */
    record Waiting(String path, String sha256, String bin, long acceptedNanos, CountDownLatch visible, long[] seenNanos) {}

    private static final Map<Integer, Waiting> WAITING = new ConcurrentHashMap<>();
    private static volatile boolean done;

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        base = opt.get("url");
        int artifacts = Integer.parseInt(opt.getOrDefault("artifacts", "100000"));
        int batch = Integer.parseInt(opt.getOrDefault("batch", "1000"));
        int bins = Integer.parseInt(opt.getOrDefault("bins", "256"));
        int clients = Integer.parseInt(opt.getOrDefault("clients", "4"));
        int pollMs = Integer.parseInt(opt.getOrDefault("poll-ms", "20"));
        int verify = Integer.parseInt(opt.getOrDefault("verify", "200"));
        String label = opt.getOrDefault("label", "run");

        token = token(opt.get("password"));
        List<Signer> offline = bootstrap(bins);
        SuccinctRoles binRoles =
                SuccinctRoles.of(List.of(), 1, Integer.numberOfTrailingZeros(bins), "bins");

        Thread poller = new Thread(() -> poll(pollMs), "poller");
        poller.setDaemon(true);
        poller.start();

        int batches = (artifacts + batch - 1) / batch;
        AtomicInteger next = new AtomicInteger();
        long[] latencies = new long[batches];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        long[] acceptNanos = new long[1];
        for (int t = 0; t < clients; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int b; (b = next.getAndIncrement()) < batches; ) {
                        int from = b * batch;
                        int to = Math.min(artifacts, from + batch);
                        ObjectNode body = JSON.createObjectNode();
                        ArrayNode list = body.putArray("artifacts");
                        String lastPath = null;
                        String lastHash = null;
                        for (int i = from; i < to; i++) {
                            String path = "packages/p" + (i % 997) + "/artifact-" + i + ".tar.gz";
                            String hash = sha256(label + "/" + i);
                            ObjectNode a = list.addObject();
                            a.put("path", path);
                            ObjectNode info = a.putObject("info");
                            info.put("length", 1000 + i);
                            info.putObject("hashes").put("sha256", hash);
                            lastPath = path;
                            lastHash = hash;
                        }
                        long before = System.nanoTime();
                        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/artifacts"))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
                        long accepted = System.nanoTime();
                        synchronized (acceptNanos) {
                            acceptNanos[0] += accepted - before;
                        }
                        if (r.statusCode() != 202) {
                            throw new IllegalStateException("POST /api/v1/artifacts: " + r.statusCode() + " " + r.body());
                        }
                        Waiting w = new Waiting(
                                lastPath,
                                lastHash,
                                binRoles.roleForTarget(lastPath),
                                accepted,
                                new CountDownLatch(1),
                                new long[1]);
                        WAITING.put(b, w);
                        if (!w.visible().await(120, java.util.concurrent.TimeUnit.SECONDS)) {
                            throw new IllegalStateException("batch " + b + " not visible after 120 s");
                        }
                        latencies[b] = w.seenNanos()[0] - accepted;
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                    System.exit(2);
                }
            }, "client-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        done = true;
        poller.join(5000);

        long[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        double seconds = elapsed / 1e9;
        System.out.printf(
                "%s: %d artifacts in %d batches of %d, %d bins, %d clients: %.1f s, %.0f artifacts/s;"
                        + " publish latency p50 %.0f ms, p99 %.0f ms, max %.0f ms; POST answered in %.0f ms on average%n",
                label,
                artifacts,
                batches,
                batch,
                bins,
                clients,
                seconds,
                artifacts / seconds,
                pct(sorted, 50) / 1e6,
                pct(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6,
                acceptNanos[0] / 1e6 / batches);
        System.out.printf(
                "RESULT label=%s artifacts=%d bins=%d seconds=%.2f rate=%.0f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f%n",
                label,
                artifacts,
                bins,
                seconds,
                artifacts / seconds,
                pct(sorted, 50) / 1e6,
                pct(sorted, 99) / 1e6,
                sorted[sorted.length - 1] / 1e6);
        verifySample(verify, artifacts, label, offline);
    }

    private static long pct(long[] sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The poller: each new timestamp, its snapshot, and the bins of the batches waiting. */
    private static void poll(int pollMs) {
        String etag = null;
        Map<String, JsonNode> binCache = new HashMap<>();
        while (!done) {
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/tuf/metadata/timestamp.json"));
                if (etag != null) {
                    req.header("If-None-Match", etag);
                }
                HttpResponse<String> r = send(req.GET());
                long seen = System.nanoTime();
                if (r.statusCode() == 200 && !WAITING.isEmpty()) {
                    etag = r.headers().firstValue("ETag").orElse(null);
                    long snapshotVersion = JSON.readTree(r.body())
                            .at("/signed/meta/snapshot.json/version")
                            .longValue();
                    JsonNode meta = JSON.readTree(get("/tuf/metadata/" + snapshotVersion + ".snapshot.json"))
                            .at("/signed/meta");
                    for (Map.Entry<Integer, Waiting> e : WAITING.entrySet()) {
                        Waiting w = e.getValue();
                        if (w.acceptedNanos() > seen) {
                            continue;
                        }
                        long v = meta.path(w.bin() + ".json").path("version").asLong(0);
                        String name = v + "." + w.bin() + ".json";
                        JsonNode targets = binCache.get(name);
                        if (targets == null) {
                            targets = JSON.readTree(get("/tuf/metadata/" + name)).at("/signed/targets");
                            binCache.put(name, targets);
                        }
                        if (w.sha256().equals(targets.path(w.path()).path("hashes").path("sha256").asText())) {
                            w.seenNanos()[0] = seen;
                            WAITING.remove(e.getKey());
                            w.visible().countDown();
                        }
                    }
                    if (binCache.size() > 10_000) {
                        binCache.clear();
                    }
                } else if (r.statusCode() == 200) {
                    etag = null; // read it again when a batch waits
                }
                Thread.sleep(pollMs); // the poll interval of a client, not synchronisation
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                System.err.println("poll: " + e);
            }
        }
    }

    /** A sample of the targets, found as a TUF client finds them, every signature verified. */
    private static void verifySample(int count, int artifacts, String label, List<Signer> offline) throws Exception {
        if (count <= 0) {
            return;
        }
        TrustedMetadataSet trusted = new TrustedMetadataSet(getBytes("/tuf/metadata/1.root.json"), Instant.now());
        for (long v = 2; ; v++) {
            Optional<byte[]> root = tryGet("/tuf/metadata/" + v + ".root.json");
            if (root.isEmpty()) {
                break;
            }
            trusted.updateRoot(root.get());
        }
        trusted.updateTimestamp(getBytes("/tuf/metadata/timestamp.json"));
        long snapshot = trusted.timestamp().orElseThrow().signed().snapshotMeta().version();
        trusted.updateSnapshot(getBytes("/tuf/metadata/" + snapshot + ".snapshot.json"));
        long targets = trusted.snapshot().orElseThrow().signed().metaFor("targets").orElseThrow().version();
        trusted.updateTargets(getBytes("/tuf/metadata/" + targets + ".targets.json"));
        Random random = new Random(42);
        int found = 0;
        for (int n = 0; n < count; n++) {
            int i = random.nextInt(artifacts);
            String path = "packages/p" + (i % 997) + "/artifact-" + i + ".tar.gz";
            var match = trusted.findTarget(path, (role, meta) -> {
                try {
                    return getBytes("/tuf/metadata/" + meta.version() + "." + role + ".json");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            if (match.isPresent()
                    && sha256(label + "/" + i).equals(match.get().target().hashes().get("sha256"))) {
                found++;
            }
        }
        System.out.printf(
                "verified: %d of %d sampled targets found with their hashes through verified metadata;"
                        + " %d publications (snapshot version %d)%n",
                found, count, snapshot - 1, snapshot);
        System.out.printf("RESULT label=%s verified=%d sampled=%d%n", label, found, count);
        if (found != count) {
            System.exit(1);
        }
    }

    // ---- bootstrap

    private static List<Signer> bootstrap(int bins) throws Exception {
        List<Signer> offline = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
            offline.add(PrivateKeySigner.of(pair.getPrivate(), pair.getPublic()));
        }
        JsonNode online = JSON.readTree(getAuthed("/api/v1/keys/online")).at("/data/key");
        Key onlineKey = Key.of(
                online.get("keytype").asText(),
                online.get("scheme").asText(),
                online.get("keyval").get("public").asText());
        Root root = Root.initial(Instant.now().plus(Duration.ofDays(365)));
        for (Signer s : offline) {
            root = root.withKey(Root.TYPE, s.publicKey());
        }
        root = root.withThreshold(Root.TYPE, 2);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            root = root.withKey(role, onlineKey);
        }
        Metadata<Root> signed = Metadata.of(root);
        for (Signer s : offline) {
            signed = signed.sign(s);
        }
        ObjectNode payload = JSON.createObjectNode();
        ObjectNode roles = payload.putObject("settings").putObject("roles");
        roles.putObject("root").put("expiration", 365);
        roles.putObject("targets").put("expiration", 365);
        roles.putObject("snapshot").put("expiration", 7);
        roles.putObject("timestamp").put("expiration", 1);
        roles.putObject("bins").put("expiration", 30).put("number_of_delegated_bins", bins);
        payload.putObject("metadata").set("root", JSON.readTree(new String(signed.toBytes(), StandardCharsets.UTF_8)));
        payload.put("timeout", 300);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/bootstrap"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payload.toString())));
        if (r.statusCode() != 202) {
            throw new IllegalStateException("bootstrap: " + r.statusCode() + " " + r.body());
        }
        String task = JSON.readTree(r.body()).at("/data/task_id").asText();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String state = JSON.readTree(getAuthed("/api/v1/task?task_id=" + task)).at("/data/state").asText();
            if (state.equals("SUCCESS")) {
                return offline;
            }
            if (state.equals("FAILURE") || state.equals("ERRORED")) {
                throw new IllegalStateException("bootstrap task " + state);
            }
            Thread.sleep(100); // polling the task as an RSTUF client does
        }
        throw new IllegalStateException("bootstrap did not finish in 120 s");
    }

    // ---- HTTP

    private static String token(String password) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=admin&password="
                        + java.net.URLEncoder.encode(password, StandardCharsets.UTF_8))));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String getAuthed(String path) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode());
        }
        return r.body();
    }

    private static String get(String path) throws Exception {
        return new String(getBytes(path), StandardCharsets.UTF_8);
    }

    private static byte[] getBytes(String path) throws Exception {
        return tryGet(path).orElseThrow(() -> new IllegalStateException("GET " + path + ": 404"));
    }

    private static Optional<byte[]> tryGet(String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode());
        }
        return Optional.of(r.body());
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
