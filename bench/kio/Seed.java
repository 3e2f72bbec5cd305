import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeds a running Keyport server for the Kio benchmark, through the public API only: a password
 * token for the admin, {@code --teams} teams, and {@code --apps} applications spread evenly over
 * them, each with one version. With {@code --from N} the teams and applications 0 to N-1 are taken
 * as seeded already (by an earlier run against the same server) and only N to apps-1 are added. Writes into {@code --out}: {@code token} and the request paths
 * the benchmark rotates over ({@code paths-app.txt}, {@code paths-team.txt},
 * {@code paths-search.txt}, {@code paths-health.txt}).
 *
 * <p>Run with {@code java Seed.java --url http://127.0.0.1:8080 --password ... --out DIR}
 * (JDK 21+, no dependencies). Requests run on virtual threads, at most {@code --concurrency}
 * at a time.
 */
public final class Seed {

    /**
     * Words for descriptions and search. Each application's description holds two of them, so a
     * one-word search matches about 2% of the applications. No word occurs inside another word or
     * inside the fixed text of the seeded applications (checked at start), so the hit counts are
     * exact.
     */
    static final List<String> WORDS = List.of(
            "ledger", "invoice", "checkout", "catalog", "payment", "refund", "shipment", "warehouse", "courier",
            "voucher", "loyalty", "pricing", "discount", "inventory", "supplier", "customer", "billing", "receipt",
            "wallet", "merchant", "gateway", "scheduler", "notifier", "crawler", "indexer", "renderer", "resolver",
            "importer", "exporter", "archiver", "validator", "tracker", "recommender", "classifier", "forecaster",
            "planner", "router", "throttler", "signer", "verifier", "zebra", "falcon", "otter", "badger", "heron",
            "lynx", "marten", "puffin", "walrus", "bison", "coyote", "gecko", "ibex", "jackal", "koala", "lemur",
            "magpie", "narwhal", "ocelot", "quokka", "amber", "cobalt", "crimson", "indigo", "saffron", "scarlet",
            "teal", "umber", "violet", "ochre", "alpine", "canyon", "delta", "fjord", "glacier", "harbor", "island",
            "jungle", "lagoon", "meadow", "nebula", "orbit", "pulsar", "quasar", "comet", "meteor", "galaxy",
            "zenith", "aurora", "eclipse", "tundra", "savanna", "prairie", "estuary", "plateau", "volcano", "geyser",
            "oasis", "reef", "dune");
    static final int SEARCH_TERMS = 20;
    static final String VERSION = "1.0.0";

    private final HttpClient http;
    private final String base;
    private String token;

    Seed(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String url = require(opt, "url");
        String password = require(opt, "password");
        Path out = Path.of(require(opt, "out"));
        int apps = Integer.parseInt(opt.getOrDefault("apps", "10000"));
        int teams = Integer.parseInt(opt.getOrDefault("teams", "50"));
        int from = Integer.parseInt(opt.getOrDefault("from", "0"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "32"));
        if (apps < 1 || teams < 1 || teams > apps || concurrency < 1 || from < 0 || from > apps) {
            throw new IllegalArgumentException("need 1 <= teams <= apps, 0 <= from <= apps and concurrency >= 1");
        }
        checkVocabulary();
        Files.createDirectories(out);

        Seed seed = new Seed(url);
        long start = System.nanoTime();
        seed.token = seed.login(password);
        Files.writeString(out.resolve("token"), seed.token);
        if (from == 0) {
            for (int t = 0; t < teams; t++) {
                seed.put("/api/teams/" + team(t), "{\"name\":\"Team " + t + "\"}", 200, 201);
            }
        }
        seed.seedApps(from, apps, teams, concurrency);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("seeded applications %d to %d (and one version each) in %.1f s (%.0f applications/s), "
                + "%d requests in flight%n", from, apps - 1, seconds, (apps - from) / seconds, concurrency);

        List<String> appPaths = new ArrayList<>();
        for (int i = 0; i < apps; i++) {
            appPaths.add("/apps/" + app(i));
        }
        List<String> teamPaths = new ArrayList<>();
        for (int t = 0; t < teams; t++) {
            teamPaths.add("/apps?team_id=" + team(t));
        }
        List<String> searchPaths = new ArrayList<>();
        for (String word : WORDS.subList(0, Math.min(SEARCH_TERMS, WORDS.size()))) {
            searchPaths.add("/apps?search=" + URLEncoder.encode(word, StandardCharsets.UTF_8));
        }
        Files.write(out.resolve("paths-app.txt"), appPaths);
        Files.write(out.resolve("paths-team.txt"), teamPaths);
        Files.write(out.resolve("paths-search.txt"), searchPaths);
        Files.write(out.resolve("paths-health.txt"), List.of("/.well-known/health"));

        // What each benchmarked request returns, for the report.
        seed.describe("GET /apps/{id}", appPaths.get(apps / 2));
        seed.describe("GET /apps?team_id=", teamPaths.get(0));
        seed.describe("GET /apps?search=", searchPaths.get(0));
    }

    /** Fails unless every word is found only where it was put. */
    static void checkVocabulary() {
        String fixed = (app(12345) + " " + name(12345) + " " + subtitle(12345) + " " + description("x", "y") + " "
                + team(7)).toLowerCase(java.util.Locale.ROOT);
        for (String w : WORDS) {
            if (fixed.contains(w)) {
                throw new IllegalStateException("word " + w + " occurs in the fixed text");
            }
            for (String other : WORDS) {
                if (!other.equals(w) && other.contains(w)) {
                    throw new IllegalStateException("word " + w + " occurs inside " + other);
                }
            }
        }
    }

    static String team(int t) {
        return String.format("team-%02d", t);
    }

    static String app(int i) {
        return String.format("app-%05d", i);
    }

    static String name(int i) {
        return String.format("App %05d", i);
    }

    static String subtitle(int i) {
        return String.format("Service %05d", i);
    }

    static String description(String first, String second) {
        return "Handles " + first + " and " + second + " for its owners.";
    }

    /** The two words of application {@code i}: each word is in about 2% of the applications. */
    static String[] words(int i) {
        int n = WORDS.size();
        int a = (i * 37) % n;
        int b = (i * 61 + 17) % n;
        if (b == a) {
            b = (b + 1) % n;
        }
        return new String[] {WORDS.get(a), WORDS.get(b)};
    }

    private void seedApps(int from, int apps, int teams, int concurrency) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = from; i < apps && failure.get() == null; i++) {
                permits.acquire();
                int index = i;
                pool.submit(() -> {
                    try {
                        seedApp(index, team(index % teams));
                        int n = from + done.incrementAndGet();
                        if (n % 10_000 == 0) {
                            System.out.printf("  %d / %d applications%n", n, apps);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        permits.release();
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("seeding failed", failure.get());
        }
    }

    private void seedApp(int i, String team) {
        String id = app(i);
        String[] w = words(i);
        String body = "{"
                + "\"team_id\":" + quote(team) + ","
                + "\"active\":true,"
                + "\"name\":" + quote(name(i)) + ","
                + "\"subtitle\":" + quote(subtitle(i)) + ","
                + "\"description\":" + quote(description(w[0], w[1])) + ","
                + "\"service_url\":" + quote("https://" + id + ".example.org/") + ","
                + "\"scm_url\":" + quote("https://git.example.org/" + team + "/" + id + ".git") + ","
                + "\"documentation_url\":" + quote("https://docs.example.org/" + id) + ","
                + "\"incident_contact\":" + quote(team) + ","
                + "\"criticality_level\":" + (1 + i % 4)
                + "}";
        put("/apps/" + id, body, 200);
        put("/apps/" + id + "/versions/" + VERSION,
                "{\"artifact\":" + quote("docker://registry.example.org/" + team + "/" + id + ":" + VERSION) + ","
                        + "\"notes\":\"First release.\"}", 200);
        if (i % 10 == 0) {
            // One in ten is inactive; an inactive application takes no new versions, so it is
            // deactivated after its version is written.
            put("/apps/" + id, "{\"active\":false}", 200);
        }
    }

    private String login(String password) {
        String form = "grant_type=password&username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        if (r.statusCode() != 200) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (!m.find()) {
            throw new IllegalStateException("no access_token in " + r.body());
        }
        return m.group(1);
    }

    private void put(String path, String json, int... expected) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
        for (int status : expected) {
            if (r.statusCode() == status) {
                return;
            }
        }
        throw new IllegalStateException("PUT " + path + " answered " + r.statusCode() + " " + r.body());
    }

    private void describe(String label, String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).GET());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + " " + r.body());
        }
        String body = r.body();
        int items = body.startsWith("[") ? countTopLevelObjects(body) : 1;
        System.out.printf("  %-20s e.g. %-28s %3d item(s), %7d bytes%n", label, path, items,
                body.getBytes(StandardCharsets.UTF_8).length);
    }

    private static int countTopLevelObjects(String array) {
        int depth = 0;
        int count = 0;
        boolean inString = false;
        for (int i = 0; i < array.length(); i++) {
            char c = array.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                if (depth++ == 1) {
                    count++;
                }
            } else if (c == '}') {
                depth--;
            } else if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth--;
            }
        }
        return count;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: java Seed.java --url URL --password PW --out DIR "
                        + "[--apps 10000] [--from 0] [--teams 50] [--concurrency 32]");
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        return opt;
    }

    private static String require(Map<String, String> opt, String name) {
        String value = opt.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
