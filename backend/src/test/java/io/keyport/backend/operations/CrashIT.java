package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.KeyportConfig;
import io.keyport.backend.db.Database;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tasks.service.TaskSignal;
import io.keyport.backend.tasks.service.TasksConfig;
import io.keyport.backend.tasks.store.TaskStore;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.model.common.Json;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 2xx means durable: concurrent writers of every kind against {@code java -jar keyport-server.jar},
 * SIGKILL at a random moment while writes are in flight, a restart on the same data folder and
 * database, and then every acknowledged write must be there with its acknowledged value (or the
 * value of the one write to the same key that was in flight at the kill), every key's state must be
 * the whole of one write (never fields of two), every change must have exactly its audit entries,
 * and the audit chain must verify. Several cycles per run, each on top of the last; runs on H2 and
 * on PostgreSQL like every black-box test (PostgreSQL itself is not killed).
 *
 * <p>Task retries ride along: tasks of a kind no handler knows are enqueued before the first start,
 * fail, and {@link RetryWriter} sends them back to pending.
 *
 * <p><b>Later domains add their writes here</b>: a {@link Kind} for each kind of state (how to read it
 * back and which audit entries record it) and a {@link CrashWriter} in {@link #WRITERS} that produces
 * the writes. The seed of a failed run is printed; {@code -Dcrash.seed=…} repeats its choices.
 */
class CrashIT {

    private static final int CYCLES = 3;
    private static final String ABSENT = "<absent>";
    private static final String ADMIN_PASSWORD = "crash-admin-password";
    private static final String APPROVER = "crash-approver";
    private static final String APPROVER_PASSWORD = "approver-password-1";
    private static final String CHART_UPLOADER = "crash-charts";
    private static final List<String> TYPES = List.of("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY");

    /**
     * The writer threads, one per entry: every kind of write the server has. To add a domain's
     * writes (pushes, uploads, TUF publications…), add a {@link CrashWriter} here.
     */
    private static final List<Function<Slot, CrashWriter>> WRITERS = List.of(
            AppWriter::new,
            AppWriter::new,
            VersionWriter::new,
            VersionWriter::new,
            ApprovalWriter::new,
            ApprovalWriter::new,
            TeamWriter::new,
            UserWriter::new,
            PasswordWriter::new,
            CredentialWriter::new,
            ScopesWriter::new,
            PolicyWriter::new,
            RetryWriter::new,
            ChartWriter::new,
            ChartWriter::new,
            ImageWriter::new,
            ImageWriter::new,
            ArchiveWriter::new,
            ArchiveWriter::new,
            RegistryTeamWriter::new,
            ReleaseWriter::new,
            ReleaseWriter::new,
            AppTargetsWriter::new);

    /** Failed tasks each cycle's {@link RetryWriter} may retry, one write per task. */
    private static final int RETRIES_PER_CYCLE = 150;
    /** A task kind no handler knows: the server fails such a task on its first run. */
    private static final String RETIRED_KIND = "crash.retired";
    /** The failed tasks to retry, in order, with their {@code updated} time as failed. */
    private static final List<Long> FAILED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private static final Map<String, String> FAILED_UPDATED = new ConcurrentHashMap<>();

    @TempDir
    Path data;

    private final Map<String, KeyState> model = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Map<String, String> settings = new java.util.HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        // a release operation interrupted inside Helm is taken over when its lease ends: 5 s, not 30
        settings.put("KEYPORT_TASKS_LEASE", "PT5S");
        List<Long> retired = enqueueRetiredTasks(settings, CYCLES * RETRIES_PER_CYCLE);

        // releases run real Helm in the server process against fabric8's Kubernetes mock in this
        // JVM, which lives across the kills like a real cluster would
        io.keyport.backend.appstore.MockCluster cluster = new io.keyport.backend.appstore.MockCluster();
        Path kubeconfig = cluster.kubeconfig(java.nio.file.Files.createTempDirectory("crash-kube"));
        ServerProcess server = ServerProcess.start(data, settings);
        try {
            ApiClient api = server.client();
            String admin = api.token("admin", ADMIN_PASSWORD);
            api.team(admin, "crash");
            api.team(admin, "crash-b");
            api.user(admin, CHART_UPLOADER, APPROVER_PASSWORD, "crash");
            api.user(admin, APPROVER, APPROVER_PASSWORD, "crash");
            ReleaseWriter.prepare(api, admin, api.token(CHART_UPLOADER, APPROVER_PASSWORD), kubeconfig);
            awaitFailed(api, admin, retired);
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                int target = 25 + random.nextInt(75);
                long started = System.nanoTime();
                Cycle run = writeAndKill(server, cycle, target, random);
                long killed = System.nanoTime();
                server = ServerProcess.start(data, settings);
                try {
                    check(
                            server.client(),
                            run,
                            "seed " + seed + ", cycle " + cycle + ", killed after " + run.acks + " acks");
                } catch (AssertionError e) {
                    // what the restarted server said about releases and tasks, for the failure's reader
                    List<String> said = server.log().stream()
                            .filter(l -> l.matches("(?i).*(release|helm|task|severe|warn).*") && !l.contains("\"GET "))
                            .toList();
                    said.subList(Math.max(0, said.size() - 300), said.size())
                            .forEach(l -> System.out.println("CrashIT server: " + l));
                    throw e;
                }
                System.out.printf(
                        "CrashIT %s cycle %d: %d acks, %d in flight at the kill, %d keys; writes %d ms,"
                                + " restart and check %d ms%n",
                        TestDatabases.kind(),
                        cycle,
                        run.acks(),
                        run.inFlight().size(),
                        model.size(),
                        TimeUnit.NANOSECONDS.toMillis(killed - started),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                if (!ReleaseWriter.FAILED.isEmpty()) {
                    System.out.printf("CrashIT releases failed visibly after a kill: %s%n", ReleaseWriter.FAILED);
                }
            }
        } finally {
            // killed, not stopped: this test is about SIGKILL (a stop by SIGTERM after Helm ran is
            // ServerProcessIT's, decision 0056)
            server.kill();
            cluster.close();
        }
    }

    /**
     * Enqueues {@code n} tasks of {@link #RETIRED_KIND} straight into the server's database before
     * it first starts (the migration runs here; the server then finds its schema current), as an
     * older server's outbox might have left them.
     */
    private List<Long> enqueueRetiredTasks(Map<String, String> settings, int n) {
        Map<String, String> local = new java.util.HashMap<>(settings);
        local.put("KEYPORT_DATA_DIR", data.toString());
        KeyportConfig config = KeyportConfig.of(local);
        try (Database db = Database.open(
                config.database().url(),
                config.database().user(),
                config.database().password())) {
            TaskQueue queue =
                    new TaskQueue(db, new TaskStore(), new TaskSignal(), Clock.systemUTC(), TasksConfig.defaults());
            return db.inTransaction(c -> {
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    ids.add(queue.enqueue(c, RETIRED_KIND, Map.of("n", i)));
                }
                return ids;
            });
        }
    }

    /** Waits until the server failed every one of {@code ids}, and notes when each failed. */
    private static void awaitFailed(ApiClient api, String admin, List<Long> ids) throws Exception {
        Map<Long, JsonNode> failed = new java.util.HashMap<>();
        Eventually.until(Duration.ofSeconds(60), ids.size() + " tasks of an unknown kind failed", () -> {
            failed.clear();
            long after = 0;
            while (true) {
                JsonNode page = ApiClient.expect(
                                api.get("/api/tasks?state=failed&limit=1000&after=" + after, admin), 200)
                        .json();
                page.get("tasks").forEach(t -> failed.put(t.get("id").asLong(), t));
                if (page.get("next").isNull()) {
                    return failed.keySet().containsAll(ids);
                }
                after = page.get("next").asLong();
            }
        });
        FAILED.clear();
        FAILED.addAll(ids);
        for (long id : ids) {
            FAILED_UPDATED.put(String.valueOf(id), failed.get(id).get("updated").asText());
        }
    }

    private record Cycle(Map<String, Write> inFlight, int acks, long killedAt) {}

    /** Runs every writer until {@code target} writes are acknowledged, then kills the server. */
    private Cycle writeAndKill(ServerProcess server, int cycle, int target, Random random) throws Exception {
        ApiClient api = server.client();
        Slot base = new Slot(api, api.token("admin", ADMIN_PASSWORD), api.token(APPROVER, APPROVER_PASSWORD), cycle, 0);
        Map<String, Write> inFlight = new ConcurrentHashMap<>();
        List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger acks = new AtomicInteger();
        CountDownLatch reached = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger(WRITERS.size());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < WRITERS.size(); t++) {
            CrashWriter writer = WRITERS.get(t).apply(base.thread(t));
            Thread thread = new Thread(
                    () -> {
                        try {
                            for (int step = 0; ; step++) {
                                Write w = writer.next(step);
                                inFlight.put(Thread.currentThread().getName(), w);
                                ApiClient.Response r;
                                try {
                                    r = w.send().get();
                                } catch (UncheckedIOException e) {
                                    return; // the server is gone; w stays in flight
                                }
                                if (r.status() / 100 != 2) {
                                    inFlight.remove(Thread.currentThread().getName());
                                    errors.add(w.key() + ": " + r);
                                    return;
                                }
                                String value = writer.acknowledged(w, r);
                                model.computeIfAbsent(w.key(), k -> new KeyState(w.kind()))
                                        .acknowledge(value);
                                inFlight.remove(Thread.currentThread().getName());
                                if (acks.incrementAndGet() >= target) {
                                    reached.countDown();
                                }
                            }
                        } catch (RuntimeException e) {
                            errors.add(Thread.currentThread().getName() + ": " + e);
                        } finally {
                            if (running.decrementAndGet() == 0) {
                                reached.countDown();
                            }
                        }
                    },
                    "crash-writer-" + t);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        assertThat(reached.await(120, TimeUnit.SECONDS))
                .as("writes acknowledged within 120 s")
                .isTrue();
        server.kill();
        long killedAt = System.nanoTime();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(thread.isAlive())
                    .as(thread.getName() + " ends once the server is gone")
                    .isFalse();
        }
        assertThat(errors).as("every write before the kill succeeds").isEmpty();
        return new Cycle(Map.copyOf(inFlight), acks.get(), killedAt);
    }

    /** Compares every key with the model, resolves the writes in flight, and checks the audit log. */
    private void check(ApiClient api, Cycle run, String context) {
        String admin = api.token("admin", ADMIN_PASSWORD);
        Map<String, Write> inFlightByKey =
                run.inFlight().values().stream().collect(Collectors.toMap(Write::key, w -> w));
        for (Write w : inFlightByKey.values()) {
            model.computeIfAbsent(w.key(), k -> new KeyState(w.kind()));
        }
        Reader reader = new Reader(api, admin);
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, KeyState> e : model.entrySet()) {
            KeyState state = e.getValue();
            String id = e.getKey().substring(e.getKey().indexOf(':') + 1);
            Write inFlight = inFlightByKey.get(e.getKey());
            List<String> candidates = new ArrayList<>(List.of(state.last()));
            if (inFlight != null) {
                candidates.add(inFlight.value());
            }
            String found = state.kind.observe(reader, id, candidates);
            if (found.equals(state.last())) {
                continue;
            }
            if (inFlight != null && state.kind.matches(inFlight.value(), found)) {
                state.acknowledge(found); // the write in flight at the kill took effect, whole
                continue;
            }
            lost.add(e.getKey() + ": acknowledged " + state.last() + " ("
                    + TimeUnit.NANOSECONDS.toMillis(run.killedAt() - state.lastAt) + " ms before the kill)"
                    + (inFlight == null ? "" : ", in flight " + inFlight.value()) + ", found " + found);
        }
        assertThat(lost)
                .as("acknowledged writes after SIGKILL (" + context + ", " + model.size() + " keys)")
                .isEmpty();

        List<JsonNode> audit = api.get("/api/audit/export", admin)
                .body()
                .lines()
                .map(CrashIT::json)
                .toList();
        List<String> unaudited = new ArrayList<>();
        for (Map.Entry<String, KeyState> e : model.entrySet()) {
            String id = e.getKey().substring(e.getKey().indexOf(':') + 1);
            KeyState state = e.getValue();
            long entries = audit.stream().filter(a -> state.kind.audits(a, id)).count();
            if (entries != state.writes()) {
                unaudited.add(e.getKey() + ": " + state.writes() + " writes, " + entries + " audit entries");
            }
        }
        assertThat(unaudited)
                .as("one audit entry per change that took effect (" + context + ")")
                .isEmpty();
        JsonNode verify =
                ApiClient.expect(api.get("/api/audit/verify", admin), 200).json();
        assertThat(verify.path("intact").asBoolean())
                .as("audit chain after SIGKILL (" + context + "): " + verify)
                .isTrue();
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("audit export line is not JSON: " + line, e);
        }
    }

    // ---- the model -------------------------------------------------------------------------------

    /** The acknowledged values of one key, oldest first ({@link #ABSENT} for a delete). */
    private static final class KeyState {
        final Kind kind;
        final List<String> values = new ArrayList<>();
        long lastAt;

        KeyState(Kind kind) {
            this.kind = kind;
        }

        synchronized void acknowledge(String value) {
            values.add(value);
            lastAt = System.nanoTime();
        }

        synchronized String last() {
            return values.isEmpty() ? ABSENT : values.getLast();
        }

        synchronized int writes() {
            return values.size();
        }
    }

    /** One write: the key it changes, the value it gives the key, and how to send it. */
    private record Write(Kind kind, String key, String value, java.util.function.Supplier<ApiClient.Response> send) {
        static Write of(Kind kind, String id, String value, java.util.function.Supplier<ApiClient.Response> send) {
            return new Write(kind, kind.name() + ":" + id, value, send);
        }
    }

    /** What a writer thread works with: the server, tokens, and a name space of its own for keys. */
    private record Slot(ApiClient api, String admin, String approver, int cycle, int thread) {
        Slot thread(int t) {
            return new Slot(api, admin, approver, cycle, t);
        }

        String id(String prefix, int n) {
            return prefix + "-c" + cycle + "-t" + thread + "-" + n;
        }
    }

    /** Reads state back from the restarted server as the admin. */
    private record Reader(ApiClient api, String admin) {
        JsonNode get(String path) {
            ApiClient.Response r = api.get(path, admin);
            return r.status() == 404 ? null : ApiClient.expect(r, 200).json();
        }
    }

    /**
     * A sequence of writes on one thread. {@link #next} returns the write for {@code step} (0, 1, …);
     * {@link #acknowledged} is called once it answered 2xx and returns the value it gave its key.
     */
    interface CrashWriter {
        Write next(int step);

        default String acknowledged(Write write, ApiClient.Response response) {
            return write.value();
        }
    }

    /**
     * A kind of state: how to read a key back ({@link #ABSENT} if it does not exist; a value that is
     * none of {@code candidates} when the state mixes writes) and which audit entries record its changes.
     */
    enum Kind {
        APP("application\\.(create|update)", "app:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode app = r.get("/apps/" + id);
                if (app == null) {
                    return ABSENT;
                }
                String name = suffix(app.path("name").asText(), "n-");
                String description = suffix(app.path("description").asText(), "d-");
                return name.equals(description)
                        ? name
                        : "mixed(name of " + name + ", description of " + description + ")";
            }
        },
        VERSION("version\\.(create|update)", "app:%s/version:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                String[] p = id.split("/");
                JsonNode v = r.get("/apps/" + p[0] + "/versions/" + p[1]);
                if (v == null || !v.has("artifact")) {
                    return ABSENT;
                }
                String artifact = v.path("artifact").asText();
                String n = artifact.substring(artifact.lastIndexOf(':') + 1);
                return v.path("notes").asText().equals("notes " + n)
                        ? n
                        : "mixed(" + artifact + ", " + v.path("notes").asText() + ")";
            }
        },
        APPROVAL("version\\.approve", "app:%s/version:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                String[] p = id.split("/");
                JsonNode list = r.get("/apps/" + p[0] + "/versions/" + p[1] + "/approvals");
                return list != null
                                && list.isArray()
                                && StreamSupport.stream(list.spliterator(), false)
                                        .anyMatch(a ->
                                                a.path("approval_type").asText().equals(p[2]))
                        ? "approved"
                        : ABSENT;
            }

            @Override
            boolean audits(JsonNode e, String id) {
                return super.audits(e, id)
                        && e.path("details").path("approval_type").asText().equals(id.split("/")[2]);
            }
        },
        TEAM("team\\..*", "team:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode team = r.get("/api/teams/" + id);
                return team == null ? ABSENT : suffix(team.path("name").asText(), "Team ");
            }
        },
        USER("user\\..*", "user:%s") {
            /** The teams tell which write it is (they alternate); its password must be that write's too. */
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode user = r.get("/api/users/" + id);
                if (user == null) {
                    return ABSENT;
                }
                String teams = sorted(user.path("teams"));
                for (String c : candidates) {
                    if (!c.equals(ABSENT)
                            && teams.equals(
                                    UserWriter.teams(Integer.parseInt(c)).toString())) {
                        return loginWorks(r, id, c) ? c : "mixed(teams of " + c + ", another password)";
                    }
                }
                return "teams " + teams;
            }
        },
        PASSWORD("user\\..*", "user:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                if (r.get("/api/users/" + id) == null) {
                    return ABSENT;
                }
                for (String c : candidates) {
                    if (!c.equals(ABSENT) && loginWorks(r, id, c)) {
                        return c;
                    }
                }
                return "a password of no write";
            }
        },
        CREDENTIALS("service\\.credential\\..*", "app:%s") {
            /** The value is the sorted list of active client ids; a create in flight may add one unknown id. */
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode list = r.get("/apps/" + id + "/credentials");
                if (list == null) {
                    return ABSENT;
                }
                String active = StreamSupport.stream(list.spliterator(), false)
                        .filter(c -> c.path("revoked_at").isNull()
                                || c.path("revoked_at").isMissingNode())
                        .map(c -> c.path("client_id").asText())
                        .sorted()
                        .collect(Collectors.joining(","));
                return active.isEmpty() ? ABSENT : active; // no credential: as before the first write
            }

            @Override
            boolean matches(String written, String found) {
                if (!written.endsWith(CredentialWriter.NEW)) {
                    return written.equals(found);
                }
                List<String> before = ids(written.substring(0, written.length() - CredentialWriter.NEW.length()));
                List<String> after = ids(found);
                return after.containsAll(before) && after.size() == before.size() + 1;
            }
        },
        SCOPES("service\\.scopes\\.set", "app:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode scopes = r.get("/apps/" + id + "/scopes");
                if (scopes == null) {
                    return ABSENT;
                }
                String found = sorted(scopes.path("scopes"));
                // before the first write an application holds no scopes
                return candidates.stream()
                        .filter(c -> new TreeSet<>(
                                        c.equals(ABSENT) ? List.of() : ScopesWriter.scopes(Integer.parseInt(c)))
                                .toString()
                                .equals(found))
                        .findFirst()
                        .orElse("scopes " + found);
            }
        },
        TASK("task\\.retry", "task:%s") {
            /** {@link #ABSENT} while the task is as it failed, "retried" once a retry reset it. */
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode page = r.get("/api/tasks?limit=1&after=" + (Long.parseLong(id) - 1));
                JsonNode task = page == null ? null : page.path("tasks").path(0);
                if (task == null || task.path("id").asLong() != Long.parseLong(id)) {
                    return "task gone";
                }
                boolean reset = !task.path("updated").asText().equals(FAILED_UPDATED.get(id));
                return reset ? RetryWriter.RETRIED : ABSENT;
            }
        },
        CHART("chart\\.upload", "chart:%s/version:%s") {
            /** The SHA-256 of the archive served for the version; {@link #ABSENT} when there is none. */
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                String[] p = id.split("/");
                try {
                    java.net.http.HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                                    r.api().baseUrl() + "/charts/" + p[0] + "-" + p[1] + ".tgz"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    if (download.statusCode() == 404) {
                        return ABSENT;
                    }
                    return java.util.HexFormat.of()
                            .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                    .digest(download.body()));
                } catch (Exception e) {
                    return "unreadable: " + e;
                }
            }
        },
        POLICY("application\\.policy\\.update", "app:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode policy = r.get("/apps/" + id + "/approval-policy");
                if (policy == null || policy.path("required_approvers").isNull()) {
                    return ABSENT; // the default policy, as before the first write
                }
                String found = PolicyWriter.policy(
                        policy.path("required_approvers").asInt(),
                        policy.path("four_eyes").asBoolean());
                return candidates.stream()
                        .filter(c -> !c.equals(ABSENT)
                                && PolicyWriter.policy(Integer.parseInt(c)).equals(found))
                        .findFirst()
                        .orElse("policy " + found);
            }
        },
        /** A pushed image: id {@code <repository>:<tag>}; the manifest and the config blob it names both read back. */
        IMAGE("image\\.push", "image:%s/%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                int colon = id.lastIndexOf(':');
                String repository = id.substring(0, colon);
                JsonNode manifest = r.get("/v2/" + repository + "/manifests/" + id.substring(colon + 1));
                if (manifest == null) {
                    return ABSENT;
                }
                String step = manifest.path("annotations").path("step").asText();
                ApiClient.Response config = r.api()
                        .get(
                                "/v2/" + repository + "/blobs/"
                                        + manifest.path("config").path("digest").asText(),
                                r.admin());
                return config.status() == 200 && config.body().equals(ImageWriter.config(step))
                        ? step
                        : "mixed(manifest of " + step + ", config " + config + ")";
            }
        },
        /**
         * A team's registry settings: the mutable-tag patterns name the write that set them
         * ({@code v-<value>-*} before {@code *-SNAPSHOT}); a team never written has the defaults.
         */
        REGISTRY_TEAM("registry\\.team\\.mutable_tags", "registry-team:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode patterns = r.get("/v2/_keyport/teams/" + id).path("mutable_tag_patterns");
                if (patterns.size() == 1 && patterns.get(0).asText().equals("*-SNAPSHOT")) {
                    return ABSENT;
                }
                String first = patterns.path(0).asText();
                return patterns.size() == 2
                                && patterns.get(1).asText().equals("*-SNAPSHOT")
                                && first.startsWith("v-")
                                && first.endsWith("-*")
                        ? first.substring(2, first.length() - 2)
                        : "patterns " + patterns;
            }
        },
        /**
         * A workspace of its own per key, holding no archive or the archive of one upload: its
         * listing names which (the Kployfile's name ends in the step), and its bytes must be the
         * uploaded ones (their SHA-256 is the id).
         */
        /**
         * A release, keyed by the {@code crashKey} its writer put into its values (the id is the
         * server's choice, unknown while the create is in flight). Its value is the chart version
         * of the last operation that took effect, {@link #ABSENT} once uninstalled. Read only once
         * the release settled: every operation the restarted server found (pending, or interrupted
         * inside Helm) must finish within two minutes, as {@code deployed} or as {@code failed}
         * with Helm's message (an install repeated after the kill finds its name taken) or, once
         * the queue gave up on it, with "interrupted n times", never lost and never pending for
         * good. A failed release shows the same error in its status and has its
         * {@code release.failed} audit entry by the system.
         */
        RELEASE("release\\.(install|upgrade|uninstall)", "release:%s") {
            @Override
            String observe(Reader r, String key, List<String> candidates) {
                JsonNode release = ReleaseWriter.settled(r, key);
                if (release == null) {
                    return ABSENT;
                }
                String status = release.path("status").asText();
                if (status.equals("deployed")) {
                    return release.path("version").asText();
                }
                if (status.equals("failed") && !release.path("error").asText("").isBlank()) {
                    // the operation took effect and ended visibly; which one it was, the audit log says
                    // (the version stays that of the last deployed revision)
                    ReleaseWriter.FAILED.put(key, release.path("error").asText());
                    String target = "release:" + release.get("id").asText();
                    List<JsonNode> entries = r.api()
                            .get("/api/audit/export", r.admin())
                            .body()
                            .lines()
                            .map(CrashIT::json)
                            .filter(e -> e.path("target").asText().equals(target))
                            .toList();
                    String unexplained = ReleaseWriter.failedVisibly(r, release, entries);
                    if (unexplained != null) {
                        return unexplained;
                    }
                    long operations = entries.stream()
                            .filter(e -> e.path("action").asText().matches("release\\.(install|upgrade|uninstall)"))
                            .count();
                    return operations == 1 ? "1.0.0" : operations == 2 ? "1.1.0" : operations == 3 ? ABSENT : "failed";
                }
                return "unsettled(" + status + ", error " + release.path("error") + ")";
            }

            @Override
            boolean audits(JsonNode entry, String key) {
                String id = ReleaseWriter.IDS.get(key);
                return id != null
                        && entry.path("action").asText().matches("release\\.(install|upgrade|uninstall)")
                        && entry.path("target").asText().equals("release:" + id);
            }
        },
        /**
         * Whether an application's approved versions become TUF targets (decision 0053): the setting
         * and who set it name the write ({@link AppTargetsWriter#setting}); no row reads as the default.
         */
        APP_TARGETS("tuf\\.app_targets\\.update", "tuf-app:%s") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode setting = r.get("/api/v1/config/applications/" + id);
                if (setting == null) {
                    return ABSENT;
                }
                JsonNode data = setting.path("data");
                if (data.path("updated_at").isNull()) {
                    return ABSENT; // never set: on, as before the first write
                }
                String by = data.path("updated_by").asText();
                String found = AppTargetsWriter.setting(
                        data.path("approved_targets").asBoolean(), by.substring(by.lastIndexOf(':') + 1));
                return candidates.stream()
                        .filter(c -> !c.equals(ABSENT)
                                && AppTargetsWriter.setting(Integer.parseInt(c)).equals(found))
                        .findFirst()
                        .orElse("setting " + found);
            }
        },
        ARCHIVE("archive\\.(upload|delete)", "archive:crash.example/%s/") {
            @Override
            String observe(Reader r, String id, List<String> candidates) {
                JsonNode list = ApiClient.expect(
                                r.api().get("/api/v1/app?workspace=" + ArchiveWriter.url(id), null), 200)
                        .json();
                if (list.isEmpty()) {
                    return ABSENT;
                }
                if (list.size() > 1) {
                    return "mixed(" + list.size() + " archives)";
                }
                String step = suffix(list.get(0).path("metadata").path("name").asText(), id + "-");
                String archiveId = list.get(0).path("id").asText();
                ApiClient.Response bytes =
                        r.api().get("/api/v1/app/" + archiveId + "?workspace=" + ArchiveWriter.url(id), null);
                String sha = io.keyport.backend.archives.KployArchives.sha256(
                        bytes.body().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return bytes.status() == 200 && sha.equals(archiveId) ? step : "corrupt(" + step + ", " + bytes + ")";
            }

            @Override
            boolean audits(JsonNode entry, String id) {
                return entry.path("action").asText().matches("archive\\.(upload|delete)")
                        && entry.path("target").asText().startsWith("archive:crash.example/" + id + "/");
            }
        };

        private final String actions;
        private final String target;

        /**
         * @param actions the audit actions that record a change (a regular expression)
         * @param target the audit target, the parts of the key's id (split at '/') filled into it
         */
        Kind(String actions, String target) {
            this.actions = actions;
            this.target = target;
        }

        abstract String observe(Reader r, String id, List<String> candidates);

        /** Whether {@code entry} records a change of the key with this {@code id}. */
        boolean audits(JsonNode entry, String id) {
            return entry.path("action").asText().matches(actions)
                    && entry.path("target").asText().equals(target.formatted((Object[]) id.split("/")));
        }

        /** Whether {@code found} is the state that the write of value {@code written} leaves. */
        boolean matches(String written, String found) {
            return written.equals(found);
        }

        /** A JSON array of strings as a sorted set, "[a, b]". */
        static String sorted(JsonNode array) {
            return new TreeSet<>(StreamSupport.stream(array.spliterator(), false)
                            .map(JsonNode::asText)
                            .toList())
                    .toString();
        }

        static String suffix(String text, String prefix) {
            return text.startsWith(prefix) ? text.substring(prefix.length()) : "'" + text + "'";
        }

        static boolean loginWorks(Reader r, String uid, String value) {
            return r.api()
                            .form(
                                    "/oauth2/token",
                                    Map.of(
                                            "grant_type",
                                            "password",
                                            "username",
                                            uid,
                                            "password",
                                            password(uid, Integer.parseInt(value))))
                            .status()
                    == 200;
        }

        static List<String> ids(String value) {
            return value.isEmpty() || value.equals(ABSENT) ? List.of() : List.of(value.split(","));
        }
    }

    static String password(String uid, int n) {
        return "pw-" + uid + "-" + n;
    }

    // ---- the writers -----------------------------------------------------------------------------

    /** A writer that first creates an application of its own (step 0) and then writes on it. */
    private interface OnOwnApp extends CrashWriter {
        Slot s();

        /** The application's id prefix: the writer's name. */
        default String prefix() {
            return getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        }

        Write next(String app, int step);

        @Override
        default Write next(int step) {
            String app = s().id(prefix(), 0);
            return step == 0 ? AppWriter.app(s(), app, step) : next(app, step);
        }
    }

    /** Creates an application every fourth step and updates it in between; name and description carry the step. */
    private record AppWriter(Slot s) implements CrashWriter {
        @Override
        public Write next(int step) {
            return app(s, s.id("app", step / 4 * 4), step);
        }

        static Write app(Slot s, String id, int step) {
            return Write.of(
                    Kind.APP,
                    id,
                    String.valueOf(step),
                    () -> s.api()
                            .putJson(
                                    "/apps/" + id,
                                    s.admin(),
                                    "{\"team_id\":\"crash\",\"name\":\"n-" + step + "\",\"description\":\"d-" + step
                                            + "\",\"active\":true}"));
        }
    }

    /** One application, then versions, each created and then changed twice. */
    private record VersionWriter(Slot s) implements OnOwnApp {
        @Override
        public Write next(String app, int step) {
            return version(s, app, "1." + (step - 1) / 3, step);
        }

        /** Creates or changes a version as the admin; artifact and notes carry the step. */
        static Write version(Slot s, String app, String version, int step) {
            return Write.of(
                    Kind.VERSION,
                    app + "/" + version,
                    String.valueOf(step),
                    () -> s.api()
                            .putJson(
                                    "/apps/" + app + "/versions/" + version,
                                    s.admin(),
                                    "{\"artifact\":\"docker://registry.example.org/crash/x:" + step
                                            + "\",\"notes\":\"notes " + step + "\"}"));
        }
    }

    /** One application; versions created by the admin, each approved by a team member for every type. */
    private record ApprovalWriter(Slot s) implements OnOwnApp {
        @Override
        public Write next(String app, int step) {
            int round = (step - 1) / (TYPES.size() + 1);
            int position = (step - 1) % (TYPES.size() + 1);
            String version = "2." + round;
            if (position == 0) {
                return VersionWriter.version(s, app, version, step);
            }
            String type = TYPES.get(position - 1);
            return Write.of(
                    Kind.APPROVAL,
                    app + "/" + version + "/" + type,
                    "approved",
                    () -> s.api()
                            .postJson(
                                    "/apps/" + app + "/versions/" + version + "/approvals",
                                    s.approver(),
                                    "{\"approval_type\":\"" + type + "\",\"notes\":\"ok\"}"));
        }
    }

    /**
     * Images pushed by the admin, each under a new tag of the writer's repository (tags never move):
     * the config blob in one POST, then the manifest that names it and carries the step.
     */
    private record ImageWriter(Slot s) implements CrashWriter {
        static String config(String step) {
            return "{\"step\":\"" + step + "\"}";
        }

        @Override
        public Write next(int step) {
            String repository = "crash/" + s.id("img", 0);
            String config = config(String.valueOf(step));
            String digest = io.keyport.model.registry.Digest.sha256(
                            config.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .toString();
            String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + digest
                    + "\",\"size\":" + config.length() + "},\"layers\":[],\"annotations\":{\"step\":\"" + step + "\"}}";
            String auth = "Bearer " + s.admin();
            return Write.of(Kind.IMAGE, repository + ":" + step, String.valueOf(step), () -> {
                ApiClient.Response blob = s.api()
                        .send(
                                "POST",
                                "/v2/" + repository + "/blobs/uploads/?digest=" + digest,
                                config,
                                "Authorization",
                                auth,
                                "Content-Type",
                                "application/octet-stream");
                if (blob.status() != 201) {
                    return blob;
                }
                return s.api()
                        .send(
                                "PUT",
                                "/v2/" + repository + "/manifests/" + step,
                                manifest,
                                "Authorization",
                                auth,
                                "Content-Type",
                                "application/vnd.oci.image.manifest.v1+json");
            });
        }
    }

    /** The registry's mutable-tag patterns of team crash-b, set by the admin to a new value each time. */
    private record RegistryTeamWriter(Slot s) implements CrashWriter {
        @Override
        public Write next(int step) {
            String value = "c" + s.cycle() + "-t" + s.thread() + "-" + step;
            String body = "{\"patterns\":[\"v-" + value + "-*\",\"*-SNAPSHOT\"]}";
            return Write.of(
                    Kind.REGISTRY_TEAM,
                    "crash-b",
                    value,
                    () -> s.api().putJson("/v2/_keyport/teams/crash-b/mutable-tag-patterns", s.admin(), body));
        }
    }

    /** Teams created, renamed twice and deleted, over and over. */
    /**
     * Application archives uploaded by the admin into a workspace of the writer's own and deleted
     * again, alternately: each upload is a new archive (its Kployfile names the step).
     */
    private record ArchiveWriter(Slot s) implements CrashWriter {
        static String url(String workspace) {
            return java.net.URLEncoder.encode(
                    "http://crash.example/" + workspace, java.nio.charset.StandardCharsets.UTF_8);
        }

        static String archive(String workspace, int step) {
            return io.keyport.backend.archives.KployArchives.asciiApp(workspace + "-" + step);
        }

        @Override
        public Write next(int step) {
            String workspace = s.id("archive", step / 4);
            if (step % 2 == 1) {
                String id = io.keyport.backend.archives.KployArchives.sha256(
                        archive(workspace, step - 1).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                return Write.of(
                        Kind.ARCHIVE,
                        workspace,
                        ABSENT,
                        () -> s.api().delete("/api/v1/app/" + id + "?workspace=" + url(workspace), s.admin()));
            }
            String body = archive(workspace, step);
            return Write.of(
                    Kind.ARCHIVE,
                    workspace,
                    String.valueOf(step),
                    () -> s.api()
                            .send(
                                    "POST",
                                    "/api/v1/app?workspace=" + url(workspace),
                                    body,
                                    "Authorization",
                                    "Bearer " + s.admin()));
        }
    }

    private record TeamWriter(Slot s) implements CrashWriter {
        @Override
        public Write next(int step) {
            String team = s.id("team", step / 8);
            if (step % 4 == 3) {
                return Write.of(Kind.TEAM, team, ABSENT, () -> s.api().delete("/api/teams/" + team, s.admin()));
            }
            return Write.of(
                    Kind.TEAM,
                    team,
                    String.valueOf(step),
                    () -> s.api().putJson("/api/teams/" + team, s.admin(), "{\"name\":\"Team " + step + "\"}"));
        }
    }

    /** People created, changed (password and teams together) and deleted by the admin. */
    private record UserWriter(Slot s) implements CrashWriter {
        static List<String> teams(int step) {
            return step % 2 == 0 ? List.of("crash") : List.of("crash", "crash-b");
        }

        @Override
        public Write next(int step) {
            String uid = s.id("user", step / 6);
            if (step % 6 == 5) {
                return Write.of(Kind.USER, uid, ABSENT, () -> s.api().delete("/api/users/" + uid, s.admin()));
            }
            String teams = teams(step).stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
            return Write.of(
                    Kind.USER,
                    uid,
                    String.valueOf(step),
                    () -> s.api()
                            .putJson(
                                    "/api/users/" + uid,
                                    s.admin(),
                                    "{\"password\":\"" + password(uid, step) + "\",\"teams\":[" + teams + "]}"));
        }
    }

    /**
     * Chart versions uploaded by a member of team crash, one new version per step (versions are
     * immutable, so every write creates a key); the value is the archive's SHA-256.
     */
    private static final class ChartWriter implements CrashWriter {
        private final Slot s;
        private final String token;

        ChartWriter(Slot s) {
            this.s = s;
            this.token = s.api().token(CHART_UPLOADER, APPROVER_PASSWORD);
        }

        @Override
        public Write next(int step) {
            String name = s.id("chart", 0);
            String version = "1." + step + ".0";
            byte[] tgz = io.keyport.backend.appstore.TestCharts.chart(name, version);
            String digest;
            try {
                digest = java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                                .digest(tgz));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return Write.of(Kind.CHART, name + "/" + version, digest, () -> {
                var r = io.keyport.backend.appstore.AppStoreTables.upload(
                        s.api().baseUrl(), token, tgz, null);
                return new ApiClient.Response(r.statusCode(), r.headers().map(), r.body());
            });
        }
    }

    /**
     * Releases of chart {@code crash-web} into the mock cluster, one after the other: install 1.0.0,
     * upgrade to 1.1.0, uninstall. A change while another is pending is refused (409), so each write
     * first waits for the release to settle; that wait is part of the write, so a kill during it
     * leaves the write in flight (not yet sent, or sent).
     */
    private static final class ReleaseWriter implements CrashWriter {
        static final String CHART = "crash-web";
        static final String TARGET = "crash-apps";
        /** The release id of each crashKey: acknowledged, or found after the restart. */
        static final Map<String, String> IDS = new ConcurrentHashMap<>();
        /** The releases found failed after a restart, with Helm's message. */
        static final Map<String, String> FAILED = new ConcurrentHashMap<>();

        private final Slot s;
        private int n;
        private String id;
        private int phase;

        ReleaseWriter(Slot s) {
            this.s = s;
        }

        /** The deployment target on the mock cluster for team crash, and the chart's two versions. */
        static void prepare(ApiClient api, String admin, String uploader, Path kubeconfig) {
            ApiClient.expect(
                    api.putJson(
                            "/namespaces/" + TARGET,
                            admin,
                            "{\"cluster\":\"mock\",\"kubeconfig\":\"file:" + kubeconfig
                                    + "\",\"namespace\":\"crash\",\"teams\":[\"crash\"]}"),
                    201);
            for (String version : List.of("1.0.0", "1.1.0")) {
                var r = io.keyport.backend.appstore.AppStoreTables.upload(
                        api.baseUrl(), uploader, io.keyport.backend.appstore.ReleaseCharts.web(CHART, version), null);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            }
        }

        @Override
        public Write next(int step) {
            String key = s.id("rel", n);
            String release = id;
            return switch (phase) {
                case 0 ->
                    Write.of(
                            Kind.RELEASE,
                            key,
                            "1.0.0",
                            () -> s.api()
                                    .postJson(
                                            "/releases",
                                            s.admin(),
                                            "{\"package\":\"" + CHART + "\",\"version\":\"1.0.0\",\"namespace\":\""
                                                    + TARGET + "\",\"adminGroups\":[\"crash\"],"
                                                    + "\"values\":{\"crashKey\":\"" + key + "\"}}"));
                case 1 ->
                    Write.of(Kind.RELEASE, key, "1.1.0", () -> {
                        awaitSettled(release);
                        return s.api()
                                .send(
                                        "PATCH",
                                        "/releases/" + release,
                                        "{\"version\":\"1.1.0\"}",
                                        "Content-Type",
                                        "application/json",
                                        "Authorization",
                                        "Bearer " + s.admin());
                    });
                default ->
                    Write.of(Kind.RELEASE, key, ABSENT, () -> {
                        awaitSettled(release);
                        return s.api().delete("/releases/" + release, s.admin());
                    });
            };
        }

        @Override
        public String acknowledged(Write write, ApiClient.Response response) {
            if (phase == 0) {
                id = response.json().get("id").asText();
                IDS.put(s.id("rel", n), id); // the audit check needs it once the release is gone
            }
            phase = (phase + 1) % 3;
            if (phase == 0) {
                n++;
                id = null;
            }
            return write.value();
        }

        /** Waits for the release's pending operation to end (Helm ran); a lost server ends the write. */
        private void awaitSettled(String release) {
            try {
                Eventually.until(Duration.ofSeconds(90), release + " settled", () -> {
                    ApiClient.Response r = s.api().get("/releases/" + release, s.admin());
                    return r.status() == 200 && r.json().get("task").isNull();
                });
            } catch (UncheckedIOException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * Null when the failed {@code release} shows its failure everywhere: its status says
         * {@code failed} with the same error, the system audited a {@code release.failed} with that
         * error, and an operation the queue gave up on (every attempt interrupted by a kill, decision
         * 0057) says so in the form {@code "<operation> interrupted <n> times: ..."}. Otherwise what
         * is wrong, as the key's observed value.
         */
        static String failedVisibly(Reader r, JsonNode release, List<JsonNode> entries) {
            String id = release.get("id").asText();
            String error = release.get("error").asText();
            JsonNode status = ApiClient.expect(r.api().get("/releases/" + id + "/status", r.admin()), 200)
                    .json();
            if (!status.path("status").asText().equals("failed")
                    || !status.path("error").asText().equals(error)) {
                return "failed(" + error + ") but its status shows " + status;
            }
            boolean audited = entries.stream()
                    .anyMatch(e -> e.path("action").asText().equals("release.failed")
                            && e.path("actor").asText().equals("keyport")
                            && e.path("details").path("error").asText().equals(error));
            if (!audited) {
                return "failed(" + error + ") without its release.failed audit entry";
            }
            if (error.contains("no attempts left")
                    && !error.matches("(?s)(install|upgrade|rollback|uninstall) interrupted \\d+ times: .+")) {
                return "failed(" + error + ") given up by the queue without saying it was interrupted";
            }
            return null;
        }

        /** The release written with {@code key}, once its operations finished; null when there is none. */
        static JsonNode settled(Reader r, String key) {
            JsonNode[] found = new JsonNode[1];
            try {
                Eventually.until(Duration.ofSeconds(120), "release " + key + " settled after the restart", () -> {
                    found[0] = null;
                    for (JsonNode release : r.get("/releases")) {
                        if (key.equals(release.path("values").path("crashKey").asText())) {
                            found[0] = release;
                        }
                    }
                    return found[0] == null || found[0].get("task").isNull();
                });
            } catch (Exception | AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + found[0], e);
            }
            if (found[0] != null) {
                IDS.put(key, found[0].get("id").asText());
            }
            return found[0];
        }
    }

    /** One person, created by the admin, who then changes their own password again and again. */
    private static final class PasswordWriter implements CrashWriter {
        private final Slot s;
        private final String uid;
        private int current = -1;

        PasswordWriter(Slot s) {
            this.s = s;
            this.uid = s.id("pwd", 0);
        }

        @Override
        public Write next(int step) {
            if (step == 0) {
                return Write.of(
                        Kind.PASSWORD,
                        uid,
                        "0",
                        () -> s.api()
                                .putJson(
                                        "/api/users/" + uid,
                                        s.admin(),
                                        "{\"password\":\"" + password(uid, 0) + "\",\"teams\":[\"crash\"]}"));
            }
            String basic = ApiClient.basicHeader(uid, password(uid, current));
            return Write.of(
                    Kind.PASSWORD,
                    uid,
                    String.valueOf(step),
                    () -> s.api()
                            .send(
                                    "PUT",
                                    "/api/users/" + uid,
                                    "{\"password\":\"" + password(uid, step) + "\"}",
                                    "Content-Type",
                                    "application/json",
                                    "Authorization",
                                    basic));
        }

        @Override
        public String acknowledged(Write write, ApiClient.Response response) {
            current = Integer.parseInt(write.value());
            return write.value();
        }
    }

    /** One application whose service credentials are created and revoked. */
    private static final class CredentialWriter implements OnOwnApp {
        static final String NEW = "+new";
        private final Slot s;
        private final List<String> active = new ArrayList<>();

        CredentialWriter(Slot s) {
            this.s = s;
        }

        @Override
        public Slot s() {
            return s;
        }

        @Override
        public Write next(String app, int step) {
            String before = String.join(",", new TreeSet<>(active));
            if (active.size() >= 2 && step % 3 == 0) {
                String revoked = active.getFirst();
                List<String> rest = new ArrayList<>(active.subList(1, active.size()));
                return Write.of(
                        Kind.CREDENTIALS,
                        app,
                        String.join(",", new TreeSet<>(rest)),
                        () -> s.api().delete("/apps/" + app + "/credentials/" + revoked, s.admin()));
            }
            return Write.of(
                    Kind.CREDENTIALS,
                    app,
                    before + NEW,
                    () -> s.api()
                            .send(
                                    "POST",
                                    "/apps/" + app + "/credentials",
                                    null,
                                    "Authorization",
                                    "Bearer " + s.admin()));
        }

        @Override
        public String acknowledged(Write write, ApiClient.Response response) {
            if (write.kind() != Kind.CREDENTIALS) {
                return write.value();
            }
            if (write.value().endsWith(NEW)) {
                active.add(response.json().path("client_id").asText());
            } else {
                active.removeFirst();
            }
            return String.join(",", new TreeSet<>(active));
        }
    }

    /** One application whose granted scopes the admin sets, a different set each time. */
    private record ScopesWriter(Slot s) implements OnOwnApp {
        static List<String> scopes(int step) {
            return switch (step % 4) {
                case 0 -> List.of();
                case 1 -> List.of("application.write");
                case 2 -> List.of("application.write_all");
                default -> List.of("application.write", "application.write_all");
            };
        }

        @Override
        public Write next(String app, int step) {
            String list = scopes(step).stream().map(x -> "\"" + x + "\"").collect(Collectors.joining(","));
            return Write.of(
                    Kind.SCOPES,
                    app,
                    String.valueOf(step),
                    () -> s.api().putJson("/apps/" + app + "/scopes", s.admin(), "{\"scopes\":[" + list + "]}"));
        }
    }

    /**
     * One application whose TUF approved-targets switch ({@code PUT /api/v1/config/applications/{id}})
     * is turned off and on again, alternately by a member of its team and by the admin (the two ways
     * to be allowed), so the setting and its {@code updated_by} name the write.
     */
    private record AppTargetsWriter(Slot s) implements OnOwnApp {
        static String setting(int step) {
            return setting(step % 2 == 0, step % 2 == 1 ? APPROVER : "admin");
        }

        static String setting(boolean enabled, String by) {
            return "approved_targets " + enabled + " by " + by;
        }

        @Override
        public Write next(String app, int step) {
            String token = step % 2 == 1 ? s.approver() : s.admin();
            return Write.of(
                    Kind.APP_TARGETS,
                    app,
                    String.valueOf(step),
                    () -> s.api()
                            .putJson(
                                    "/api/v1/config/applications/" + app,
                                    token,
                                    "{\"approved_targets\":" + (step % 2 == 0) + "}"));
        }
    }

    /** One application (without versions) whose approval policy the admin changes. */
    private record PolicyWriter(Slot s) implements OnOwnApp {
        static String policy(int step) {
            return policy(1 + step % 3, step % 2 == 0);
        }

        static String policy(int approvers, boolean fourEyes) {
            return "approvers " + approvers + ", four eyes " + fourEyes;
        }

        @Override
        public Write next(String app, int step) {
            return Write.of(
                    Kind.POLICY,
                    app,
                    String.valueOf(step),
                    () -> s.api()
                            .putJson(
                                    "/apps/" + app + "/approval-policy",
                                    s.admin(),
                                    "{\"approval_types\":[\"CODE_CHANGE\",\"TEST\"],\"required_approvers\":"
                                            + (1 + step % 3) + ",\"four_eyes\":" + (step % 2 == 0) + "}"));
        }
    }

    /**
     * Sends failed tasks back to pending ({@code POST /api/tasks/{id}/retry}), each task once: the
     * retried task runs and fails again, so a second retry would race the worker. The tasks of
     * cycle c are the c-th {@value #RETRIES_PER_CYCLE} of {@link #FAILED}.
     */
    private record RetryWriter(Slot s) implements CrashWriter {
        static final String RETRIED = "retried";

        @Override
        public Write next(int step) {
            if (step >= RETRIES_PER_CYCLE) {
                throw new IllegalStateException("more than " + RETRIES_PER_CYCLE + " retries in one cycle");
            }
            long id = FAILED.get((s.cycle() - 1) * RETRIES_PER_CYCLE + step);
            return Write.of(
                    Kind.TASK,
                    String.valueOf(id),
                    RETRIED,
                    () -> s.api()
                            .send("POST", "/api/tasks/" + id + "/retry", null, "Authorization", "Bearer " + s.admin()));
        }
    }
}
