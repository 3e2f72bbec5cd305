import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * Seeds a Keyport server for bench/appstore: CHARTS charts of VERSIONS versions each, uploaded as
 * real chart archives through POST /api/charts (built here: ustar + gzip), owned by team "bench".
 * Writes the paths wrk rotates over into --out: paths-search.txt (one /packages?query= per chart).
 *
 *   java Seed.java --url http://127.0.0.1:8080 --password admin-pw --charts 1000 --versions 20 --out dir
 */
public final class Seed {

    public static void main(String[] args) throws Exception {
        String url = null, password = null, out = null;
        int charts = 1000, versions = 20, concurrency = 8;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--password" -> password = args[i + 1];
                case "--charts" -> charts = Integer.parseInt(args[i + 1]);
                case "--versions" -> versions = Integer.parseInt(args[i + 1]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[i + 1]);
                case "--out" -> out = args[i + 1];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String token = token(http, url, password);
        HttpResponse<String> team = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/teams/bench"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (team.statusCode() / 100 != 2) {
            throw new IllegalStateException("team: " + team.statusCode() + " " + team.body());
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<?>> done = new ArrayList<>();
        final String base = url;
        final int perChart = versions;
        for (int c = 0; c < charts; c++) {
            final int chart = c;
            done.add(pool.submit(() -> {
                for (int v = 0; v < perChart; v++) {
                    upload(http, base, token, archive(name(chart), "1." + v + ".0", chart));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("seeded %d charts x %d versions in %.1f s (%.0f uploads/s)%n",
                charts, versions, seconds, charts * versions / seconds);
        Path dir = Path.of(out);
        Files.createDirectories(dir);
        List<String> search = new ArrayList<>();
        for (int c = 0; c < charts; c++) {
            search.add("/packages?query=" + URLEncoder.encode(name(c), StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("paths-search.txt"), search);
        Files.writeString(dir.resolve("token"), token);
    }

    static String name(int chart) {
        return String.format("chart-%04d", chart);
    }

    static void upload(HttpClient http, String url, String token, byte[] tgz) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/api/charts?team=bench"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/gzip")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(tgz))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("upload: " + r.statusCode() + " " + r.body());
        }
    }

    /** A chart of a realistic size: Chart.yaml with metadata, values, a schema, two templates. */
    static byte[] archive(String name, String version, int n) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        add(tar, name + "/Chart.yaml", "apiVersion: v2\nname: " + name + "\nversion: " + version
                + "\nappVersion: \"" + version + "\"\ndescription: Benchmark chart number " + n
                + " that deploys a web service with a database\ntype: application\nhome: https://example.org/" + name
                + "\nkeywords:\n  - bench\n  - web\n  - group" + (n % 50) + "\nmaintainers:\n  - name: Bench Team\n"
                + "    email: bench@example.org\nsources:\n  - https://git.example.org/" + name + "\n");
        add(tar, name + "/values.yaml", "replicaCount: 1\nimage:\n  repository: registry.example.org/" + name
                + "\n  tag: \"" + version + "\"\nservice:\n  type: ClusterIP\n  port: 80\n");
        add(tar, name + "/values.schema.json", "{\"type\":\"object\",\"properties\":{\"replicaCount\":{\"type\":\"integer\"}}}");
        add(tar, name + "/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n");
        add(tar, name + "/templates/service.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n");
        tar.write(new byte[1024]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
            g.write(tar.toByteArray());
        }
        return gz.toByteArray();
    }

    /** One regular file: a ustar header (name, mode, size, checksum), the content, padding to 512. */
    static void add(ByteArrayOutputStream tar, String path, String text) {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        byte[] h = new byte[512];
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(p, 0, h, 0, p.length);
        field(h, 100, "0000644");
        field(h, 108, "0000000");
        field(h, 116, "0000000");
        field(h, 124, String.format("%011o", content.length));
        field(h, 136, String.format("%011o", 1_700_000_000L));
        h[156] = '0';
        field(h, 257, "ustar");
        h[263] = '0';
        h[264] = '0';
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        field(h, 148, String.format("%06o", sum));
        h[155] = ' ';
        tar.writeBytes(h);
        tar.writeBytes(content);
        tar.writeBytes(new byte[(512 - content.length % 512) % 512]);
    }

    static void field(byte[] h, int offset, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, h, offset, v.length);
    }

    static String token(HttpClient http, String url, String password) throws Exception {
        String form = "grant_type=password&username=admin&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(url + "/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }
}
