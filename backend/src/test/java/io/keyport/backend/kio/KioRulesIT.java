package io.keyport.backend.kio;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.kio.service.VersionApproved;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules an attacker or a careless client tried to bend (issue 5): a team lowering its own
 * approval bar, four eyes through a service credential, identical re-sends, inactive applications,
 * approval types outside the policy, races between approvals and version changes, concurrent
 * creation of one application, and a team deleted while an application is created in it.
 */
@KeyportTest
class KioRulesIT {

    static ApiClient api;
    static String admin;
    /** rita, sam and tess are people of team rules; nadia is in no team. */
    static String rita;

    static String sam;
    static String tess;
    static String nadia;
    static final List<VersionApproved> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestServer server, ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "rules");
        rita = api.user(admin, "rita", "rita-password-1", "rules");
        sam = api.user(admin, "sam", "sam-password-1", "rules");
        tess = api.user(admin, "tess", "tess-password-1", "rules");
        nadia = api.user(admin, "nadia", "nadia-password-1");
        server.server().events().subscribe(VersionApproved.class, events::add);
    }

    private static void app(String id, String extra) {
        expect(
                api.putJson(
                        "/apps/" + id,
                        rita,
                        "{\"team_id\":\"rules\",\"name\":\"" + id + "\",\"active\":true" + extra + "}"),
                200);
    }

    private static ApiClient.Response putVersion(
            String token, String app, String version, String artifact, String notes) {
        return api.putJson(
                "/apps/" + app + "/versions/" + version,
                token,
                "{\"artifact\":\"" + artifact + "\",\"notes\":\"" + notes + "\"}");
    }

    private static ApiClient.Response approve(String token, String app, String version, String type) {
        return api.postJson(
                "/apps/" + app + "/versions/" + version + "/approvals", token, "{\"approval_type\":\"" + type + "\"}");
    }

    private static JsonNode version(String app, String version) {
        return expect(api.get("/apps/" + app + "/versions/" + version, nadia), 200)
                .json();
    }

    private static long auditEntries() {
        return expect(api.get("/api/audit/verify", admin), 200)
                .json()
                .get("entries")
                .asLong();
    }

    // ---- (4) a team member lowers their own approval bar

    @Test
    void loweringTheCriticalityLevelDoesNotApproveAPendingVersion() {
        app("r-tier", ",\"criticality_level\":2");
        expect(api.putJson("/apps/r-tier/approval-policy", admin, "{\"approval_types\":[\"TEST\"]}"), 200);
        expect(putVersion(rita, "r-tier", "1.0", "docker://r/t/a:1.0", "n"), 200);
        expect(approve(sam, "r-tier", "1.0", "TEST"), 200);
        assertThat(version("r-tier", "1.0").get("missing_approvers").asInt()).isEqualTo(1);

        expect(api.putJson("/apps/r-tier", rita, "{\"criticality_level\":1}"), 200);

        JsonNode v = version("r-tier", "1.0");
        assertThat(v.get("approval_status").asText()).isEqualTo("pending");
        assertThat(v.get("missing_approvers").asInt()).isEqualTo(1);
        assertThat(v.get("approved_at").isNull()).isTrue();
        assertThat(events).noneMatch(e -> e.applicationId().equals("r-tier"));
        // A version created after the change gets the new default; an admin's policy change still
        // applies to pending versions.
        expect(putVersion(rita, "r-tier", "2.0", "docker://r/t/a:2.0", "n"), 200);
        assertThat(version("r-tier", "2.0").get("missing_approvers").asInt()).isEqualTo(1);
        expect(api.putJson("/apps/r-tier/approval-policy", admin, "{\"required_approvers\":1}"), 200);
        assertThat(version("r-tier", "1.0").get("approval_status").asText()).isEqualTo("approved");
    }

    // ---- (6) four eyes through a service credential

    @Test
    void theCreatorOfACredentialIsAnAuthorOfWhatItsServiceWrites() {
        app("r-svc", "");
        app("r-svc-bot", "");
        expect(api.putJson("/apps/r-svc-bot/scopes", admin, "{\"scopes\":[\"application.write\"]}"), 200);
        JsonNode credential = expect(api.postJson("/apps/r-svc-bot/credentials", rita, null), 201)
                .json();
        var grant = api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                credential.get("client_id").asText(),
                credential.get("client_secret").asText());
        String bot = expect(grant, 200).json().get("access_token").asText();

        expect(putVersion(bot, "r-svc", "1.0", "docker://r/t/a:1.0", "by the bot"), 200);
        assertThat(version("r-svc", "1.0").get("created_by").asText()).isEqualTo("r-svc-bot");

        var own = approve(rita, "r-svc", "1.0", "TEST");
        assertThat(own.status()).as(own.toString()).isEqualTo(403);
        assertThat(own.json().get("details").asText()).contains("four-eyes");
        expect(approve(sam, "r-svc", "1.0", "TEST"), 200);
    }

    // ---- (14) approval types

    @Test
    void approvalTypesAreUpperCaseAndMustBeInThePolicy() {
        app("r-types", "");
        expect(putVersion(rita, "r-types", "1.0", "docker://r/t/a:1.0", "n"), 200);

        var lower = approve(sam, "r-types", "1.0", "test");
        assertThat(lower.status()).as(lower.toString()).isEqualTo(200);
        assertThat(lower.json().get("approval_type").asText()).isEqualTo("TEST");
        long before = auditEntries();
        var foreign = approve(sam, "r-types", "1.0", "FOO");
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.json().get("message").asText()).contains("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY");
        assertThat(auditEntries()).isEqualTo(before);
        List<String> types = new ArrayList<>();
        expect(api.get("/apps/r-types/versions/1.0/approvals", nadia), 200)
                .json()
                .forEach(a -> types.add(a.get("approval_type").asText()));
        assertThat(types).containsExactly("TEST");
        // the same type in another case is the same approval
        assertThat(approve(sam, "r-types", "1.0", "Test").status()).isEqualTo(409);
    }

    // ---- (14) identical re-send keeps approvals

    @Test
    void anIdenticalVersionPutIsANoOpThatKeepsApprovals() {
        app("r-same", "");
        expect(
                api.putJson(
                        "/apps/r-same/approval-policy",
                        admin,
                        "{\"approval_types\":[\"TEST\"],\"required_approvers\":1}"),
                200);
        expect(putVersion(rita, "r-same", "1.0", "docker://r/t/a:1.0", "notes"), 200);
        expect(approve(sam, "r-same", "1.0", "TEST"), 200);
        JsonNode approved = version("r-same", "1.0");
        assertThat(approved.get("approval_status").asText()).isEqualTo("approved");
        long before = auditEntries();

        expect(putVersion(rita, "r-same", "1.0", "docker://r/t/a:1.0", "notes"), 200);
        expect(api.putJson("/apps/r-same/versions/1.0", tess, "{\"artifact\":\"docker://r/t/a:1.0\"}"), 200);

        assertThat(version("r-same", "1.0")).isEqualTo(approved);
        assertThat(auditEntries()).isEqualTo(before);
        // A real change still resets.
        expect(putVersion(rita, "r-same", "1.0", "docker://r/t/a:1.0", "other notes"), 200);
        assertThat(version("r-same", "1.0").get("approval_status").asText()).isEqualTo("pending");
    }

    // ---- (14) inactive applications

    @Test
    void inactiveApplicationsTakeNoVersionsOrApprovals() {
        app("r-inactive", "");
        expect(putVersion(rita, "r-inactive", "1.0", "docker://r/t/a:1.0", "n"), 200);
        expect(api.putJson("/apps/r-inactive", rita, "{\"active\":false}"), 200);
        long before = auditEntries();

        var newVersion = putVersion(rita, "r-inactive", "2.0", "docker://r/t/a:2.0", "n");
        var approval = approve(sam, "r-inactive", "1.0", "TEST");

        assertThat(newVersion.status()).as(newVersion.toString()).isEqualTo(409);
        assertThat(newVersion.json().get("message").asText()).contains("inactive");
        assertThat(approval.status()).as(approval.toString()).isEqualTo(409);
        assertThat(auditEntries()).isEqualTo(before);
        expect(api.putJson("/apps/r-inactive", rita, "{\"active\":true}"), 200);
        expect(putVersion(rita, "r-inactive", "2.0", "docker://r/t/a:2.0", "n"), 200);
        expect(approve(sam, "r-inactive", "1.0", "TEST"), 200);
    }

    // ---- (14) one 404 rule for reads

    @Test
    void readsOfAnUnknownApplicationOrVersionAnswer404WithAnEmptyObject() {
        app("r-404", "");
        for (String path : List.of(
                "/apps/r-404/versions/9.9",
                "/apps/r-404/versions/9.9/approvals",
                "/apps/nope-app",
                "/apps/nope-app/versions",
                "/apps/nope-app/versions/1.0",
                "/apps/nope-app/versions/1.0/approvals",
                "/apps/nope-app/approvals",
                "/apps/nope-app/approval-policy")) {
            var r = api.get(path, nadia);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.json().isObject() && r.json().isEmpty())
                    .as(path + ": " + r.body())
                    .isTrue();
        }
        // writes keep their message
        var write = approve(sam, "r-404", "9.9", "TEST");
        assertThat(write.status()).isEqualTo(404);
        assertThat(write.json().get("message").asText()).isEqualTo("version not found");
    }

    // ---- (14) a person not in a team, creating for a team that does not exist

    @Test
    void anUnknownTeamIs400EvenForSomeoneInNoTeam() {
        var r = api.putJson("/apps/r-ghost-app", nadia, "{\"team_id\":\"ghosts\",\"name\":\"G\",\"active\":true}");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Team ghosts does not exist.");
    }

    // ---- (12) races

    @Test
    void concurrentCreatesOfOneNewApplicationAllSucceed() throws Exception {
        int threads = 8;
        for (int round = 0; round < 5; round++) {
            String id = "r-race-" + round;
            List<Integer> statuses = inParallel(
                    threads,
                    i -> api.putJson(
                                    "/apps/" + id,
                                    i % 2 == 0 ? rita : sam,
                                    "{\"team_id\":\"rules\",\"name\":\"Race " + i + "\",\"active\":true}")
                            .status());
            assertThat(statuses).as("round %d", round).allMatch(s -> s == 200);
            assertThat(expect(api.get("/apps/" + id, nadia), 200)
                            .json()
                            .get("name")
                            .asText())
                    .startsWith("Race ");
        }
    }

    @Test
    void approvalsNeverPredateTheVersionChangeTheyApprove() throws Exception {
        app("r-clock", "");
        expect(
                api.putJson(
                        "/apps/r-clock/approval-policy",
                        admin,
                        "{\"approval_types\":[\"TEST\"],\"required_approvers\":5}"),
                200);
        for (int round = 0; round < 15; round++) {
            String v = "1." + round;
            expect(putVersion(rita, "r-clock", v, "docker://r/t/a:" + v, "first"), 200);
            int n = round;
            inParallel(
                    2,
                    i -> i == 0
                            ? putVersion(rita, "r-clock", v, "docker://r/t/a:" + v + "-rebuilt", "second " + n)
                                    .status()
                            : approve(sam, "r-clock", v, "TEST").status());
            JsonNode version = version("r-clock", v);
            Instant changed = Timestamps.parse(version.get("last_modified").asText());
            for (JsonNode a : expect(api.get("/apps/r-clock/versions/" + v + "/approvals", nadia), 200)
                    .json()) {
                assertThat(Timestamps.parse(a.get("approved_at").asText()))
                        .as("round %d: %s vs %s", round, a, version)
                        .isAfterOrEqualTo(changed);
            }
        }
    }

    // ---- (11) a team deleted while an application is created in it

    @Test
    void aTeamDeletedWhileAnApplicationIsCreatedInItIsNever500() throws Exception {
        for (int round = 0; round < 15; round++) {
            String team = "doomed-" + round;
            String app = "r-doomed-" + round;
            api.team(admin, team);
            List<Integer> statuses = inParallel(
                    2,
                    i -> i == 0
                            ? api.putJson(
                                            "/apps/" + app,
                                            admin,
                                            "{\"team_id\":\"" + team + "\",\"name\":\"D\",\"active\":true}")
                                    .status()
                            : api.delete("/api/teams/" + team, admin).status());
            assertThat(statuses).as("round %d", round).allMatch(s -> s < 500);
            boolean appExists = api.get("/apps/" + app, admin).status() == 200;
            boolean teamExists = api.get("/api/teams/" + team, admin).status() == 200;
            assertThat(appExists ? teamExists : true)
                    .as("an application never outlives its team")
                    .isTrue();
            assertThat(statuses.get(0) == 200).isEqualTo(appExists);
        }
    }

    /** Runs {@code call} for 0..n-1 on n threads released together; returns the results in order. */
    private static <T> List<T> inParallel(int n, java.util.function.IntFunction<T> call) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit((Callable<T>) () -> {
                    go.await();
                    return call.apply(index);
                }));
            }
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
