import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The push and pull driver of {@code bench/registry}: the same registry client against two
 * registries (Keyport and the peer), their rounds interleaved so a change in the machine's load
 * moves both sides. A plain HTTP/1.1 client over a socket (keep-alive, bodies written straight
 * from memory), so the driver costs the same for both and little of the machine.
 *
 * <pre>
 * java Push.java MODE --target NAME=URL[,AUTHORIZATION] --target ... [options]
 *   blob     monolithic push (POST, then PUT ?digest= with the whole body), chunked push
 *            (POST, PATCH with Content-Range per --chunk bytes, PUT ?digest=), then pull (GET)
 *            of what was pushed; --size bytes, --rounds per target
 *   small    --clients concurrent clients each pushing --images small images (a config and one
 *            --layer bytes layer, each HEAD, POST, PATCH, PUT as docker does, then the manifest
 *            under a tag), --rounds per target
 *   manifest pushes one small image tagged --tag to --repo and prints its digest
 * </pre>
 *
 * Every figure is printed as a {@code RESULT target=... measure=... value=...} line.
 * MB = 10^6 bytes.
 */
public final class Push {

    record Target(String name, URI base, String authorization) {}

    record Reply(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** One keep-alive HTTP/1.1 connection. */
    static final class Conn implements Closeable {
        private final Target target;
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(Target target) throws IOException {
            this.target = target;
            this.socket = new Socket(target.base().getHost(), target.base().getPort());
            socket.setTcpNoDelay(true);
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            this.out = socket.getOutputStream();
        }

        Reply send(String method, String pathAndQuery, Map<String, String> headers, byte[] body, int off, int len)
                throws IOException {
            boolean hasBody = !method.equals("GET") && !method.equals("HEAD");
            writeHead(method, pathAndQuery, headers, hasBody ? len : -1);
            if (len > 0) {
                out.write(body, off, len);
            }
            out.flush();
            return read(method.equals("HEAD"), null);
        }

        /** The request line and headers; a Content-Length unless {@code length} is negative. */
        private void writeHead(String method, String pathAndQuery, Map<String, String> headers, long length)
                throws IOException {
            StringBuilder head = new StringBuilder(256);
            head.append(method).append(' ').append(pathAndQuery).append(" HTTP/1.1\r\n");
            head.append("Host: ").append(target.base().getHost()).append(':').append(target.base().getPort())
                    .append("\r\n");
            if (target.authorization() != null) {
                head.append("Authorization: ").append(target.authorization()).append("\r\n");
            }
            for (Map.Entry<String, String> h : headers.entrySet()) {
                head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
            }
            if (length >= 0) {
                head.append("Content-Length: ").append(length).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        Reply send(String method, String pathAndQuery, Map<String, String> headers) throws IOException {
            return send(method, pathAndQuery, headers, null, 0, 0);
        }

        /** A GET whose body is counted and dropped; returns the bytes read. */
        long download(String pathAndQuery) throws IOException {
            AtomicLong count = new AtomicLong();
            writeHead("GET", pathAndQuery, Map.of(), -1);
            out.flush();
            Reply r = read(false, count);
            if (r.status() != 200) {
                throw new IOException("GET " + pathAndQuery + " answered " + r.status());
            }
            return count.get();
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int n = sb.length();
                    return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed");
        }

        /** Reads a response; with {@code discard}, the body is counted into it instead of kept. */
        private Reply read(boolean head, AtomicLong discard) throws IOException {
            String status = line();
            int code = Integer.parseInt(status.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[1 << 20];
            if (!head && code != 204 && code != 304) {
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    while (true) {
                        long size = Long.parseLong(line().split(";")[0].trim(), 16);
                        if (size == 0) {
                            while (!line().isEmpty()) {}
                            break;
                        }
                        copy(size, buffer, body, discard);
                        line();
                    }
                } else if (headers.containsKey("content-length")) {
                    copy(Long.parseLong(headers.get("content-length")), buffer, body, discard);
                }
            }
            return new Reply(code, headers, body.toByteArray());
        }

        private void copy(long size, byte[] buffer, ByteArrayOutputStream body, AtomicLong discard)
                throws IOException {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("body ended early");
                }
                if (discard != null) {
                    discard.addAndGet(n);
                } else {
                    body.write(buffer, 0, n);
                }
                left -= n;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ------------------------------------------------------------------ registry steps

    static String sha256(byte[] b, int off, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, off, len);
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path and query of a Location answer (absolute or not), with {@code extra} query added. */
    static String location(Reply r, String extra) throws IOException {
        String loc = r.header("location");
        if (loc == null) {
            throw new IOException("no Location in a " + r.status() + " answer: " + new String(r.body()));
        }
        URI u = URI.create(loc);
        String path = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        if (extra == null) {
            return path;
        }
        return path + (u.getRawQuery() == null ? "?" : "&") + extra;
    }

    static Reply expect(Reply r, int status, String what) throws IOException {
        if (r.status() != status) {
            throw new IOException(what + " answered " + r.status() + " (expected " + status + "): "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r;
    }

    static final Map<String, String> OCTETS = Map.of("Content-Type", "application/octet-stream");

    /** POST, then PUT ?digest= with the whole blob. */
    static void pushMonolithic(Conn c, String repo, byte[] blob, int off, int len, String digest) throws IOException {
        Reply start = expect(c.send("POST", "/v2/" + repo + "/blobs/uploads/", Map.of()), 202, "POST uploads");
        expect(c.send("PUT", location(start, "digest=" + digest), OCTETS, blob, off, len), 201, "PUT blob");
    }

    /** POST, PATCH with Content-Range per chunk, PUT ?digest= without a body. */
    static void pushChunked(Conn c, String repo, byte[] blob, int len, int chunk, String digest) throws IOException {
        Reply r = expect(c.send("POST", "/v2/" + repo + "/blobs/uploads/", Map.of()), 202, "POST uploads");
        for (int at = 0; at < len; at += chunk) {
            int n = Math.min(chunk, len - at);
            Map<String, String> h = new LinkedHashMap<>(OCTETS);
            h.put("Content-Range", at + "-" + (at + n - 1));
            r = expect(c.send("PATCH", location(r, null), h, blob, at, n), 202, "PATCH chunk");
        }
        expect(c.send("PUT", location(r, "digest=" + digest), OCTETS, null, 0, 0), 201, "PUT blob");
    }

    /** As docker pushes a layer: HEAD (absent), POST, PATCH with the whole body, PUT ?digest=. */
    static void pushStreamed(Conn c, String repo, byte[] blob, String digest) throws IOException {
        Reply head = c.send("HEAD", "/v2/" + repo + "/blobs/" + digest, Map.of());
        if (head.status() == 200) {
            return;
        }
        Reply r = expect(c.send("POST", "/v2/" + repo + "/blobs/uploads/", Map.of()), 202, "POST uploads");
        r = expect(c.send("PATCH", location(r, null), OCTETS, blob, 0, blob.length), 202, "PATCH");
        expect(c.send("PUT", location(r, "digest=" + digest), OCTETS, null, 0, 0), 201, "PUT blob");
    }

    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";

    /** Pushes a small image (config + one layer) and tags it; returns the manifest digest. */
    static String pushImage(Conn c, String repo, String tag, SplittableRandom random, int layerSize)
            throws IOException {
        byte[] layer = new byte[layerSize];
        random.nextBytes(layer);
        String layerDigest = sha256(layer, 0, layer.length);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":{\"n\":\""
                        + random.nextLong() + "\"}},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest
                        + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        String configDigest = sha256(config, 0, config.length);
        pushStreamed(c, repo, config, configDigest);
        pushStreamed(c, repo, layer, layerDigest);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_TYPE + "\",\"config\":{\"mediaType\":"
                        + "\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                        + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest
                        + "\",\"size\":" + layer.length + "}]}")
                .getBytes(StandardCharsets.UTF_8);
        Reply r = expect(
                c.send("PUT", "/v2/" + repo + "/manifests/" + tag, Map.of("Content-Type", MANIFEST_TYPE), manifest, 0,
                        manifest.length),
                201,
                "PUT manifest");
        return sha256(manifest, 0, manifest.length);
    }

    // ------------------------------------------------------------------ modes

    static void result(Target t, String measure, String value) {
        System.out.println("RESULT target=" + t.name() + " measure=" + measure + " value=" + value);
    }

    static String mbps(long bytes, long nanos) {
        return String.format(Locale.ROOT, "%.1f", bytes / (nanos / 1e9) / 1e6);
    }

    static void blob(List<Target> targets, Map<String, String> opt) throws Exception {
        int size = Integer.parseInt(opt.getOrDefault("size", String.valueOf(512 << 20)));
        int chunk = Integer.parseInt(opt.getOrDefault("chunk", String.valueOf(5 << 20)));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        int pulls = Integer.parseInt(opt.getOrDefault("pulls", "5"));
        String repo = opt.getOrDefault("repo", "bench/blobs");
        String only = opt.getOrDefault("only", "mono,chunked,pull");
        byte[] blob = new byte[size];
        new SplittableRandom(42).nextBytes(blob);
        long stamp = System.nanoTime();
        Map<String, long[]> mono = new LinkedHashMap<>();
        Map<String, long[]> chunked = new LinkedHashMap<>();
        // the disk and the loopback ceiling, measured in every round next to the pushes (--disk)
        Path disk = opt.containsKey("disk") ? Path.of(opt.get("disk")) : null;
        Map<String, long[]> dd = new LinkedHashMap<>();
        Map<String, long[]> loop = new LinkedHashMap<>();
        Map<String, String> last = new LinkedHashMap<>();
        for (Target t : targets) {
            mono.put(t.name(), new long[rounds]);
            chunked.put(t.name(), new long[rounds]);
        }
        int unique = 0;
        // warm-up, not measured: one push of each kind of at most 64 MiB per registry (the JIT, caches)
        int warm = Math.min(size, 64 << 20);
        for (Target t : targets) {
            try (Conn c = new Conn(t)) {
                for (String kind : new String[] {"mono", "chunked"}) {
                    long v = stamp - 1 - unique++;
                    for (int i = 0; i < 8; i++) {
                        blob[i] = (byte) (v >>> (8 * i));
                    }
                    String digest = sha256(blob, 0, warm);
                    if (kind.equals("mono")) {
                        pushMonolithic(c, repo, blob, 0, warm, digest);
                    } else {
                        pushChunked(c, repo, blob, warm, chunk, digest);
                    }
                }
            }
        }
        for (String kind : new String[] {"mono", "chunked"}) {
            if (!only.contains(kind)) {
                continue;
            }
            dd.put(kind, new long[rounds]);
            loop.put(kind, new long[rounds]);
            for (int r = 0; r < rounds; r++) {
                if (disk != null) {
                    dd.get(kind)[r] = ddFsync(disk, size);
                    loop.get(kind)[r] = loopbackReceive(opt, disk, size);
                    System.out.printf(Locale.ROOT, "  %-8s %-7s round %d: %s MB/s (loopback ceiling %s MB/s)%n", "dd",
                            kind, r + 1, mbps(size, dd.get(kind)[r]), mbps(size, loop.get(kind)[r]));
                }
                for (Target t : targets) {
                    // a new first 16 bytes: a new digest, so no push is de-duplicated
                    long v = stamp + unique++;
                    for (int i = 0; i < 8; i++) {
                        blob[i] = (byte) (v >>> (8 * i));
                    }
                    String digest = sha256(blob, 0, size);
                    try (Conn c = new Conn(t)) {
                        long start = System.nanoTime();
                        if (kind.equals("mono")) {
                            pushMonolithic(c, repo, blob, 0, size, digest);
                        } else {
                            pushChunked(c, repo, blob, size, chunk, digest);
                        }
                        long took = System.nanoTime() - start;
                        (kind.equals("mono") ? mono : chunked).get(t.name())[r] = took;
                        System.out.printf(Locale.ROOT, "  %-8s %-7s round %d: %s MB/s%n", t.name(), kind, r + 1,
                                mbps(size, took));
                    }
                    last.put(t.name(), digest);
                }
            }
        }
        if (disk != null) {
            Target d = new Target("disk", null, null);
            for (String kind : new String[] {"mono", "chunked"}) {
                if (only.contains(kind)) {
                    result(d, "dd_" + kind + "_mb_s", mbps((long) size * rounds, sum(dd.get(kind))));
                    result(d, "loopback_" + kind + "_mb_s", mbps((long) size * rounds, sum(loop.get(kind))));
                }
            }
        }
        for (Target t : targets) {
            if (only.contains("mono")) {
                result(t, "push_mono_mb_s", mbps((long) size * rounds, sum(mono.get(t.name()))));
            }
            if (only.contains("chunked")) {
                result(t, "push_chunked_mb_s", mbps((long) size * rounds, sum(chunked.get(t.name()))));
            }
        }
        if (!only.contains("pull")) {
            return;
        }
        Map<String, Long> pulled = new LinkedHashMap<>();
        for (int r = 0; r < pulls + 1; r++) { // the first round warms the page cache and the JIT
            for (Target t : targets) {
                try (Conn c = new Conn(t)) {
                    long start = System.nanoTime();
                    long n = c.download("/v2/" + repo + "/blobs/" + last.get(t.name()));
                    long took = System.nanoTime() - start;
                    if (n != size) {
                        throw new IOException(t.name() + ": pulled " + n + " bytes of " + size);
                    }
                    if (r > 0) {
                        pulled.merge(t.name(), took, Long::sum);
                    }
                    System.out.printf(Locale.ROOT, "  %-8s pull    round %d: %s MB/s%s%n", t.name(), r, mbps(size, took),
                            r == 0 ? " (warm-up)" : "");
                }
            }
        }
        for (Target t : targets) {
            result(t, "pull_mb_s", mbps((long) size * pulls, pulled.get(t.name())));
        }
    }

    /** Nanoseconds of {@code dd if=/dev/zero bs=1M conv=fsync} writing {@code size} bytes into {@code dir}. */
    static long ddFsync(Path dir, int size) throws IOException, InterruptedException {
        Path file = dir.resolve("dd-round.bin");
        long start = System.nanoTime();
        Process p = new ProcessBuilder("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + (size >> 20),
                        "conv=fsync", "status=none")
                .inheritIO()
                .start();
        if (p.waitFor() != 0) {
            throw new IOException("dd failed");
        }
        long took = System.nanoTime() - start;
        Files.deleteIfExists(file);
        return took;
    }

    /**
     * Nanoseconds of one raw loopback receive of {@code size} bytes, written and fsync'd into
     * {@code dir} ({@code bench/Loopback.java}, given as --loopback, run by the --java given).
     */
    static long loopbackReceive(Map<String, String> opt, Path dir, int size) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(opt.get("java"), opt.get("loopback"), "receive", String.valueOf(size), "1",
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException("the loopback ceiling failed");
        }
        return (long) (size / (Double.parseDouble(out) * 1e6) * 1e9);
    }

    static long sum(long[] a) {
        long s = 0;
        for (long x : a) {
            s += x;
        }
        return s;
    }

    static void small(List<Target> targets, Map<String, String> opt) throws Exception {
        int clients = Integer.parseInt(opt.getOrDefault("clients", "50"));
        int images = Integer.parseInt(opt.getOrDefault("images", "10"));
        int layer = Integer.parseInt(opt.getOrDefault("layer", String.valueOf(64 << 10)));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "2"));
        String repo = opt.getOrDefault("repo", "bench/small");
        Map<String, Long> time = new LinkedHashMap<>();
        for (int r = -1; r < rounds; r++) { // round -1 warms up (the JIT, pools) and is not counted
            for (Target t : targets) {
                int round = r;
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> done = new ArrayList<>();
                long start = System.nanoTime();
                for (int k = 0; k < clients; k++) {
                    int client = k;
                    done.add(pool.submit(() -> {
                        SplittableRandom random = new SplittableRandom(System.nanoTime() + client);
                        try (Conn c = new Conn(t)) {
                            for (int i = 0; i < images; i++) {
                                pushImage(c, repo + "-" + client, "r" + (round + 1) + "-" + i, random, layer);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                long took = System.nanoTime() - start;
                pool.shutdown();
                if (r >= 0) {
                    time.merge(t.name(), took, Long::sum);
                }
                System.out.printf(Locale.ROOT, "  %-8s small   round %d: %.1f images/s%s%n", t.name(), r + 1,
                        clients * images / (took / 1e9), r < 0 ? " (warm-up)" : "");
            }
        }
        for (Target t : targets) {
            result(t, "small_images_s",
                    String.format(Locale.ROOT, "%.1f", (double) clients * images * rounds / (time.get(t.name()) / 1e9)));
        }
    }

    static void manifest(List<Target> targets, Map<String, String> opt) throws Exception {
        for (Target t : targets) {
            try (Conn c = new Conn(t)) {
                String digest = pushImage(c, opt.getOrDefault("repo", "bench/app"), opt.getOrDefault("tag", "1.0.0"),
                        new SplittableRandom(7), 4096);
                result(t, "manifest_digest", digest);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: java Push.java blob|small|manifest --target NAME=URL[,AUTH] ...");
        }
        List<Target> targets = new ArrayList<>();
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            String value = args[i + 1];
            if (key.equals("target")) {
                int eq = value.indexOf('=');
                int comma = value.indexOf(',');
                String url = comma < 0 ? value.substring(eq + 1) : value.substring(eq + 1, comma);
                targets.add(new Target(value.substring(0, eq), URI.create(url), comma < 0 ? null : value.substring(comma + 1)));
            } else {
                opt.put(key, value);
            }
        }
        switch (args[0]) {
            case "blob" -> blob(targets, opt);
            case "small" -> small(targets, opt);
            case "manifest" -> manifest(targets, opt);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }
}
