package io.keyport.backend.kio;

import static io.keyport.backend.kio.KioTesting.CLI_TIMESTAMP;
import static io.keyport.backend.kio.KioTesting.ids;
import static io.keyport.backend.kio.KioTesting.texts;
import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.kio.service.VersionApproved;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Versions and approvals (A.5) with Keyport's approval policy: four eyes, the approval state of a
 * version, and the {@link VersionApproved} event.
 */
@KeyportTest
class KioVersionsIT {

    static final List<String> DEFAULT_TYPES = List.of("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY");

    static TestServer server;
    static ApiClient api;
    static String admin;
    /** vera, walt, xena and yann are people of team ver; zoe is in team zeta. */
    static String vera;

    static String walt;
    static String xena;
    static String yann;
    static String zoe;
    static final List<VersionApproved> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start(TestServer testServer, ApiClient client) {
        server = testServer;
        api = client;
        admin = api.adminToken();
        api.team(admin, "ver");
        api.team(admin, "zeta");
        vera = api.user(admin, "vera", "vera-password-1", "ver");
        walt = api.user(admin, "walt", "walt-password-1", "ver");
        xena = api.user(admin, "xena", "xena-password-1", "ver");
        yann = api.user(admin, "yann", "yann-password-1", "ver");
        zoe = api.user(admin, "zoe", "zoe-password-1", "zeta");
        server.server().events().subscribe(VersionApproved.class, events::add);
    }

    private static void app(String id) {
        expect(api.putJson("/apps/" + id, vera, "{\"team_id\":\"ver\",\"name\":\"" + id + "\",\"active\":true}"), 200);
    }

    private static ApiClient.Response putVersion(String token, String app, String version, String artifact) {
        return api.putJson(
                "/apps/" + app + "/versions/" + version,
                token,
                "{\"artifact\":\"" + artifact + "\",\"notes\":\"release notes\"}");
    }

    private static ApiClient.Response approve(String token, String app, String version, String type) {
        return api.postJson(
                "/apps/" + app + "/versions/" + version + "/approvals",
                token,
                "{\"approval_type\":\"" + type + "\",\"notes\":\"looks good\"}");
    }

    private static void approveAll(String token, String app, String version, List<String> types) {
        for (String type : types) {
            expect(approve(token, app, version, type), 200);
        }
    }

    private static JsonNode version(String app, String version) {
        return expect(api.get("/apps/" + app + "/versions/" + version, zoe), 200)
                .json();
    }

    private static JsonNode approvals(String app, String version) {
        return expect(api.get("/apps/" + app + "/versions/" + version + "/approvals", zoe), 200)
                .json();
    }

    private static ApiClient.Response putPolicy(String token, String app, String json) {
        return api.putJson("/apps/" + app + "/approval-policy", token, json);
    }

    private static List<VersionApproved> eventsFor(String app) {
        return events.stream().filter(e -> e.applicationId().equals(app)).toList();
    }

    // ---- versions

    @Test
    void createListAndReadAVersion() {
        app("v-basic");

        var r = putVersion(vera, "v-basic", "1.0.0", "docker://registry.example/ver/v-basic:1.0.0");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        JsonNode list = expect(api.get("/apps/v-basic/versions", zoe), 200).json();
        assertThat(ids(list)).containsExactly("1.0.0");
        assertThat(list.get(0).get("application_id").asText()).isEqualTo("v-basic");
        assertThat(list.get(0).get("artifact").asText()).isEqualTo("docker://registry.example/ver/v-basic:1.0.0");
        assertThat(list.get(0).get("last_modified").asText()).matches(CLI_TIMESTAMP);

        JsonNode v = version("v-basic", "1.0.0");
        assertThat(v.get("id").asText()).isEqualTo("1.0.0");
        assertThat(v.get("notes").asText()).isEqualTo("release notes");
        assertThat(v.get("created_by").asText()).isEqualTo("vera");
        assertThat(v.get("last_modified_by").asText()).isEqualTo("vera");
        assertThat(v.get("created").asText()).matches(CLI_TIMESTAMP);
        assertThat(v.get("approval_status").asText()).isEqualTo("pending");
        assertThat(texts(v.get("missing_approval_types"))).containsExactlyElementsOf(DEFAULT_TYPES);
        assertThat(v.get("missing_approvers").asInt()).isEqualTo(2);
        assertThat(v.get("approved_at").isNull()).isTrue();
        assertThat(approvals("v-basic", "1.0.0").size()).isZero();
    }

    @Test
    void versionsAreListedInCreationOrder() {
        app("v-order");
        for (String v : List.of("2.0", "1.0", "10.0", "1.1")) {
            expect(putVersion(vera, "v-order", v, "docker://r/ver/v-order:" + v), 200);
        }

        assertThat(ids(expect(api.get("/apps/v-order/versions", zoe), 200).json()))
                .containsExactly("2.0", "1.0", "10.0", "1.1");
    }

    @Test
    void unknownApplicationOrVersion() {
        app("v-missing");

        var put = putVersion(admin, "no-such-app", "1.0", "docker://r/t/a:1.0");
        assertThat(put.status()).isEqualTo(404);
        assertThat(put.json().get("message").asText()).isEqualTo("application not found");

        var single = api.get("/apps/v-missing/versions/9.9", zoe);
        assertThat(single.status()).isEqualTo(404);
        assertThat(single.json().size()).isZero();
        assertThat(api.get("/apps/no-such-app/versions/1.0", zoe).status()).isEqualTo(404);
        assertThat(api.get("/apps/no-such-app/versions", zoe).status()).isEqualTo(404);
        assertThat(api.get("/apps/v-missing/versions/9.9/approvals", zoe).status())
                .isEqualTo(404);
        assertThat(expect(api.get("/apps/v-missing/versions", zoe), 200).json().size())
                .isZero();
        assertThat(approve(walt, "v-missing", "9.9", "TEST").status()).isEqualTo(404);
        assertThat(approve(walt, "no-such-app", "1.0", "TEST").status()).isEqualTo(404);
    }

    @Test
    void artifactIsRequired() {
        app("v-artifact");

        assertThat(api.putJson("/apps/v-artifact/versions/1.0", vera, "{}").status())
                .isEqualTo(400);
        assertThat(api.putJson("/apps/v-artifact/versions/1.0", vera, "{\"notes\":\"n\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.putJson("/apps/v-artifact/versions/1.0", vera, "{\"artifact\":null}")
                        .status())
                .isEqualTo(400);
        assertThat(putVersion(vera, "v-artifact", "1.0", "").status()).isEqualTo(400);
        assertThat(putVersion(vera, "v-artifact", "1.0", "just words").status()).isEqualTo(400);
        assertThat(api.putJson(
                                "/apps/v-artifact/versions/1.0",
                                vera,
                                "{\"artifact\":\"docker://r/t/a:1\",\"colour\":\"red\"}")
                        .status())
                .isEqualTo(400);
        assertThat(expect(api.get("/apps/v-artifact/versions", zoe), 200).json().size())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1..0", "-1", "1.0-", "v_", "1.0.", ".1"})
    void versionIdMustMatchKiosPattern(String id) {
        app("v-pattern");

        assertThat(putVersion(vera, "v-pattern", id, "docker://r/t/a:1").status())
                .isEqualTo(400);
        assertThat(api.get("/apps/v-pattern/versions/" + id, zoe).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0.0", "v1_2-rc.3", "2024.05.01-SNAPSHOT", "A"})
    void versionIdsMatchingThePatternAreAccepted(String id) {
        app("v-pattern-ok");

        expect(putVersion(vera, "v-pattern-ok", id, "docker://r/t/a:1"), 200);

        assertThat(version("v-pattern-ok", id).get("id").asText()).isEqualTo(id);
    }

    @Test
    void versionsAreWrittenByTheApplicationsTeamOnly() {
        app("v-perm");
        expect(api.putJson("/apps/v-robot", admin, "{\"team_id\":\"ver\",\"name\":\"Robot\",\"active\":true}"), 200);
        String plainRobot = KioTesting.serviceToken(api, admin, "v-robot");

        assertThat(putVersion(zoe, "v-perm", "1.0", "docker://r/t/a:1").status())
                .isEqualTo(403);
        assertThat(putVersion(plainRobot, "v-perm", "1.0", "docker://r/t/a:1").status())
                .isEqualTo(403);
        assertThat(putVersion(null, "v-perm", "1.0", "docker://r/t/a:1").status())
                .isEqualTo(401);
        assertThat(api.get("/apps/v-perm/versions/1.0", zoe).status()).isEqualTo(404);

        expect(putVersion(admin, "v-perm", "1.0", "docker://r/t/a:1"), 200);
        String writerRobot = KioTesting.serviceToken(api, admin, "v-robot", "application.write");
        expect(putVersion(writerRobot, "v-perm", "1.1", "docker://r/t/a:1.1"), 200);
        assertThat(version("v-perm", "1.1").get("created_by").asText()).isEqualTo("v-robot");
    }

    // ---- approvals

    @Test
    void approvingRecordsOneApprovalPerPersonAndType() {
        app("v-approve");
        expect(putVersion(vera, "v-approve", "1.0", "docker://r/ver/v-approve:1.0"), 200);

        var r = approve(walt, "v-approve", "1.0", "TEST");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("approval_type").asText()).isEqualTo("TEST");
        assertThat(r.json().get("user_id").asText()).isEqualTo("walt");
        assertThat(r.json().get("approved_at").asText()).matches(CLI_TIMESTAMP);
        var again = approve(walt, "v-approve", "1.0", "TEST");
        assertThat(again.status()).isEqualTo(409);
        expect(approve(walt, "v-approve", "1.0", "DEPLOY"), 200);
        expect(approve(xena, "v-approve", "1.0", "TEST"), 200);

        JsonNode list = approvals("v-approve", "1.0");
        assertThat(list.size()).isEqualTo(3);
        List<String> pairs = new ArrayList<>();
        list.forEach(a -> {
            pairs.add(a.get("user_id").asText() + ":" + a.get("approval_type").asText());
            assertThat(a.get("application_id").asText()).isEqualTo("v-approve");
            assertThat(a.get("version_id").asText()).isEqualTo("1.0");
            assertThat(a.get("notes").asText()).isEqualTo("looks good");
        });
        assertThat(pairs).containsExactlyInAnyOrder("walt:TEST", "walt:DEPLOY", "xena:TEST");
        JsonNode v = version("v-approve", "1.0");
        assertThat(texts(v.get("missing_approval_types"))).containsExactly("SPECIFICATION", "CODE_CHANGE");
        assertThat(v.get("missing_approvers").asInt()).isZero();
    }

    @Test
    void applicationApprovalsListTheDistinctTypesUsed() {
        app("v-types");
        expect(putPolicy(admin, "v-types", "{\"approval_types\":[\"TEST\",\"REVIEWED\"]}"), 200);
        assertThat(expect(api.get("/apps/v-types/approvals", zoe), 200).json().size())
                .isZero();
        expect(putVersion(vera, "v-types", "1.0", "docker://r/t/a:1.0"), 200);
        expect(putVersion(vera, "v-types", "2.0", "docker://r/t/a:2.0"), 200);
        expect(approve(walt, "v-types", "1.0", "TEST"), 200);
        expect(approve(xena, "v-types", "1.0", "TEST"), 200);
        expect(approve(walt, "v-types", "2.0", "REVIEWED"), 200);

        JsonNode types = expect(api.get("/apps/v-types/approvals", zoe), 200).json();

        assertThat(texts(types)).containsExactlyInAnyOrder("TEST", "REVIEWED");
        assertThat(api.get("/apps/no-such-app/approvals", zoe).status()).isEqualTo(404);
    }

    @Test
    void onlyPeopleOfTheTeamApprove() {
        app("v-who");
        expect(putVersion(vera, "v-who", "1.0", "docker://r/t/a:1.0"), 200);
        expect(
                api.putJson("/apps/v-who-robot", admin, "{\"team_id\":\"ver\",\"name\":\"Robot\",\"active\":true}"),
                200);
        String robot = KioTesting.serviceToken(api, admin, "v-who-robot", "application.write", "application.write_all");

        assertThat(approve(zoe, "v-who", "1.0", "TEST").status()).isEqualTo(403);
        assertThat(approve(admin, "v-who", "1.0", "TEST").status()).isEqualTo(403);
        assertThat(approve(robot, "v-who", "1.0", "TEST").status()).isEqualTo(403);
        assertThat(approve(null, "v-who", "1.0", "TEST").status()).isEqualTo(401);
        assertThat(approvals("v-who", "1.0").size()).isZero();
    }

    @Test
    void approvalBodyIsValidated() {
        app("v-body");
        expect(putVersion(vera, "v-body", "1.0", "docker://r/t/a:1.0"), 200);
        String base = "/apps/v-body/versions/1.0/approvals";

        assertThat(api.postJson(base, walt, "{}").status()).isEqualTo(400);
        assertThat(api.postJson(base, walt, "{\"notes\":\"n\"}").status()).isEqualTo(400);
        assertThat(api.postJson(base, walt, "{\"approval_type\":\"\"}").status())
                .isEqualTo(400);
        assertThat(api.postJson(base, walt, "{\"approval_type\":\"TEST\",\"user_id\":\"someone\"}")
                        .status())
                .isEqualTo(400);
        assertThat(approve(walt, "v-body", "1.0", "has space").status()).isEqualTo(400);
        assertThat(approvals("v-body", "1.0").size()).isZero();
    }

    @Test
    void fourEyesKeepsAuthorsFromApprovingTheirOwnVersion() {
        app("v-four");
        expect(putVersion(vera, "v-four", "1.0", "docker://r/t/a:1.0"), 200);

        var own = approve(vera, "v-four", "1.0", "TEST");
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.json().get("details").asText()).contains("four-eyes");

        // walt changes it: now both the creator and the last modifier are authors.
        expect(putVersion(walt, "v-four", "1.0", "docker://r/t/a:1.0.1"), 200);
        assertThat(approve(walt, "v-four", "1.0", "TEST").status()).isEqualTo(403);
        assertThat(approve(vera, "v-four", "1.0", "TEST").status()).isEqualTo(403);
        expect(approve(xena, "v-four", "1.0", "TEST"), 200);

        expect(putPolicy(admin, "v-four", "{\"four_eyes\":false}"), 200);
        expect(approve(vera, "v-four", "1.0", "TEST"), 200);
        expect(approve(walt, "v-four", "1.0", "TEST"), 200);
    }

    @Test
    void updatingAVersionDeletesItsApprovals() {
        app("v-reset");
        expect(putVersion(vera, "v-reset", "1.0", "docker://r/t/a:1.0"), 200);
        expect(putVersion(vera, "v-reset", "2.0", "docker://r/t/a:2.0"), 200);
        expect(approve(walt, "v-reset", "1.0", "TEST"), 200);
        expect(approve(xena, "v-reset", "1.0", "DEPLOY"), 200);
        expect(approve(walt, "v-reset", "2.0", "TEST"), 200);
        JsonNode before = version("v-reset", "1.0");

        expect(putVersion(vera, "v-reset", "1.0", "docker://r/t/a:1.0-fixed"), 200);

        assertThat(approvals("v-reset", "1.0").size()).isZero();
        assertThat(approvals("v-reset", "2.0").size()).isEqualTo(1);
        JsonNode after = version("v-reset", "1.0");
        assertThat(after.get("artifact").asText()).isEqualTo("docker://r/t/a:1.0-fixed");
        assertThat(after.get("created")).isEqualTo(before.get("created"));
        assertThat(after.get("notes").asText()).isEqualTo("release notes");
        assertThat(texts(after.get("missing_approval_types"))).containsExactlyElementsOf(DEFAULT_TYPES);
        assertThat(after.get("missing_approvers").asInt()).isEqualTo(2);
        // The same person may approve the changed version again.
        expect(approve(walt, "v-reset", "1.0", "TEST"), 200);
    }

    @Test
    void aVersionUpdateWithoutNotesKeepsThem() {
        app("v-notes");
        expect(putVersion(vera, "v-notes", "1.0", "docker://r/t/a:1.0"), 200);

        expect(api.putJson("/apps/v-notes/versions/1.0", walt, "{\"artifact\":\"docker://r/t/a:1.0b\"}"), 200);

        JsonNode v = version("v-notes", "1.0");
        assertThat(v.get("notes").asText()).isEqualTo("release notes");
        assertThat(v.get("created_by").asText()).isEqualTo("vera");
        assertThat(v.get("last_modified_by").asText()).isEqualTo("walt");
    }

    // ---- approval state and VersionApproved

    @Test
    void aVersionIsApprovedOnceThePolicyIsMetAndTheEventFiresOnce() {
        app("v-flow");
        expect(putVersion(vera, "v-flow", "1.0", "docker://r/ver/v-flow:1.0"), 200);

        approveAll(walt, "v-flow", "1.0", DEFAULT_TYPES);
        JsonNode halfway = version("v-flow", "1.0");
        assertThat(halfway.get("approval_status").asText()).isEqualTo("pending");
        assertThat(halfway.get("missing_approval_types").size()).isZero();
        assertThat(halfway.get("missing_approvers").asInt()).isEqualTo(1);
        assertThat(eventsFor("v-flow")).isEmpty();

        expect(approve(xena, "v-flow", "1.0", "TEST"), 200);

        JsonNode approved = version("v-flow", "1.0");
        assertThat(approved.get("approval_status").asText()).isEqualTo("approved");
        assertThat(approved.get("missing_approval_types").size()).isZero();
        assertThat(approved.get("missing_approvers").asInt()).isZero();
        assertThat(approved.get("approved_at").asText()).matches(CLI_TIMESTAMP);
        assertThat(eventsFor("v-flow")).singleElement().satisfies(e -> {
            assertThat(e.versionId()).isEqualTo("1.0");
            assertThat(e.artifact()).isEqualTo("docker://r/ver/v-flow:1.0");
            assertThat(e.teamId()).isEqualTo("ver");
            assertThat(io.keyport.model.common.Timestamps.format(e.approvedAt()))
                    .isEqualTo(approved.get("approved_at").asText());
        });

        // More approvals change nothing.
        expect(approve(xena, "v-flow", "1.0", "DEPLOY"), 200);
        expect(approve(yann, "v-flow", "1.0", "TEST"), 200);
        assertThat(eventsFor("v-flow")).hasSize(1);
        JsonNode listed =
                expect(api.get("/apps/v-flow/versions", zoe), 200).json().get(0);
        assertThat(listed.get("approval_status").asText()).isEqualTo("approved");
    }

    @Test
    void updatingAnApprovedVersionMakesItPendingAgain() {
        app("v-again");
        expect(putVersion(vera, "v-again", "1.0", "docker://r/t/a:1.0"), 200);
        approveAll(walt, "v-again", "1.0", DEFAULT_TYPES);
        expect(approve(xena, "v-again", "1.0", "TEST"), 200);
        assertThat(version("v-again", "1.0").get("approval_status").asText()).isEqualTo("approved");

        expect(putVersion(vera, "v-again", "1.0", "docker://r/t/a:1.0-rebuilt"), 200);

        JsonNode pending = version("v-again", "1.0");
        assertThat(pending.get("approval_status").asText()).isEqualTo("pending");
        assertThat(pending.get("approved_at").isNull()).isTrue();
        assertThat(texts(pending.get("missing_approval_types"))).containsExactlyElementsOf(DEFAULT_TYPES);
        assertThat(eventsFor("v-again")).hasSize(1);

        approveAll(walt, "v-again", "1.0", DEFAULT_TYPES);
        expect(approve(xena, "v-again", "1.0", "TEST"), 200);
        assertThat(eventsFor("v-again"))
                .extracting(VersionApproved::artifact)
                .containsExactly("docker://r/t/a:1.0", "docker://r/t/a:1.0-rebuilt");
    }

    @Test
    void criticalityOneNeedsASingleApprover() {
        expect(
                api.putJson(
                        "/apps/v-tier1",
                        vera,
                        "{\"team_id\":\"ver\",\"name\":\"T\",\"active\":true,\"criticality_level\":1}"),
                200);
        expect(putVersion(vera, "v-tier1", "1.0", "docker://r/t/a:1.0"), 200);
        assertThat(version("v-tier1", "1.0").get("missing_approvers").asInt()).isEqualTo(1);

        approveAll(walt, "v-tier1", "1.0", DEFAULT_TYPES);

        assertThat(version("v-tier1", "1.0").get("approval_status").asText()).isEqualTo("approved");
        assertThat(eventsFor("v-tier1")).hasSize(1);
    }

    @Test
    void concurrentFinalApprovalsPublishExactlyOnce() throws Exception {
        app("v-race");
        expect(putPolicy(admin, "v-race", "{\"approval_types\":[\"TEST\"],\"required_approvers\":2}"), 200);
        expect(putVersion(vera, "v-race", "1.0", "docker://r/t/a:1.0"), 200);
        List<String> approvers = List.of(walt, xena, yann);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(approvers.size());
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (String token : approvers) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    go.await();
                    return approve(token, "v-race", "1.0", "TEST").status();
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(approvals("v-race", "1.0").size()).isEqualTo(3);
        assertThat(version("v-race", "1.0").get("approval_status").asText()).isEqualTo("approved");
        assertThat(eventsFor("v-race")).hasSize(1);
    }

    // ---- approval policy

    @Test
    void defaultPolicy() {
        app("v-policy-default");
        expect(
                api.putJson(
                        "/apps/v-policy-tier1",
                        vera,
                        "{\"team_id\":\"ver\",\"name\":\"T\",\"active\":true,\"criticality_level\":1}"),
                200);

        JsonNode policy = expect(api.get("/apps/v-policy-default/approval-policy", zoe), 200)
                .json();
        JsonNode tier1 = expect(api.get("/apps/v-policy-tier1/approval-policy", zoe), 200)
                .json();

        assertThat(texts(policy.get("approval_types"))).containsExactlyElementsOf(DEFAULT_TYPES);
        assertThat(policy.get("four_eyes").asBoolean()).isTrue();
        assertThat(policy.get("effective_required_approvers").asInt()).isEqualTo(2);
        assertThat(tier1.get("effective_required_approvers").asInt()).isEqualTo(1);
        assertThat(api.get("/apps/no-such-app/approval-policy", zoe).status()).isEqualTo(404);
    }

    @Test
    void onlyAdminsChangeThePolicy() {
        app("v-policy-admin");

        assertThat(putPolicy(vera, "v-policy-admin", "{\"required_approvers\":1}")
                        .status())
                .isEqualTo(403);
        assertThat(putPolicy(zoe, "v-policy-admin", "{\"required_approvers\":1}")
                        .status())
                .isEqualTo(403);
        assertThat(putPolicy(null, "v-policy-admin", "{\"required_approvers\":1}")
                        .status())
                .isEqualTo(401);
        assertThat(expect(api.get("/apps/v-policy-admin/approval-policy", zoe), 200)
                        .json()
                        .get("effective_required_approvers")
                        .asInt())
                .isEqualTo(2);

        var r = putPolicy(
                admin,
                "v-policy-admin",
                "{\"approval_types\":[\"TEST\",\"REVIEW\"],\"required_approvers\":3,\"four_eyes\":false}");

        assertThat(r.status()).isEqualTo(200);
        JsonNode policy = expect(api.get("/apps/v-policy-admin/approval-policy", zoe), 200)
                .json();
        assertThat(texts(policy.get("approval_types"))).containsExactly("TEST", "REVIEW");
        assertThat(policy.get("required_approvers").asInt()).isEqualTo(3);
        assertThat(policy.get("effective_required_approvers").asInt()).isEqualTo(3);
        assertThat(policy.get("four_eyes").asBoolean()).isFalse();
        assertThat(r.json()).isEqualTo(policy);

        // A partial change keeps the rest.
        expect(putPolicy(admin, "v-policy-admin", "{\"four_eyes\":true}"), 200);
        policy = expect(api.get("/apps/v-policy-admin/approval-policy", zoe), 200)
                .json();
        assertThat(texts(policy.get("approval_types"))).containsExactly("TEST", "REVIEW");
        assertThat(policy.get("required_approvers").asInt()).isEqualTo(3);
        assertThat(policy.get("four_eyes").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"required_approvers\":0}",
                "{\"required_approvers\":-1}",
                "{\"approval_types\":[\"has space\"]}",
                "{\"approval_types\":[null]}",
                "{\"approval_types\":\"TEST\"}",
                "{\"four_eyes\":\"maybe\"}",
                "{\"owner\":\"me\"}"
            })
    void invalidPoliciesAre400(String body) {
        app("v-policy-bad");

        assertThat(putPolicy(admin, "v-policy-bad", body).status()).isEqualTo(400);
        assertThat(putPolicy(admin, "no-such-app", "{\"four_eyes\":true}").status())
                .isEqualTo(404);
    }

    @Test
    void thePolicyDecidesWhatIsMissing() {
        app("v-policy-missing");
        expect(
                putPolicy(
                        admin,
                        "v-policy-missing",
                        "{\"approval_types\":[\"TEST\",\"SECURITY\"],\"required_approvers\":3}"),
                200);
        expect(putVersion(vera, "v-policy-missing", "1.0", "docker://r/t/a:1.0"), 200);
        expect(approve(walt, "v-policy-missing", "1.0", "TEST"), 200);

        JsonNode v = version("v-policy-missing", "1.0");

        assertThat(texts(v.get("missing_approval_types"))).containsExactly("SECURITY");
        assertThat(v.get("missing_approvers").asInt()).isEqualTo(2);
    }

    @Test
    void aPolicyChangeThatCompletesAPendingVersionPublishesOnce() {
        app("v-policy-complete");
        expect(putVersion(vera, "v-policy-complete", "1.0", "docker://r/t/a:1.0"), 200);
        expect(putVersion(vera, "v-policy-complete", "2.0", "docker://r/t/a:2.0"), 200);
        expect(approve(walt, "v-policy-complete", "1.0", "TEST"), 200);
        assertThat(version("v-policy-complete", "1.0").get("approval_status").asText())
                .isEqualTo("pending");

        expect(putPolicy(admin, "v-policy-complete", "{\"approval_types\":[\"TEST\"],\"required_approvers\":1}"), 200);

        assertThat(version("v-policy-complete", "1.0").get("approval_status").asText())
                .isEqualTo("approved");
        assertThat(version("v-policy-complete", "2.0").get("approval_status").asText())
                .isEqualTo("pending");
        assertThat(eventsFor("v-policy-complete"))
                .extracting(VersionApproved::versionId)
                .containsExactly("1.0");

        expect(putPolicy(admin, "v-policy-complete", "{\"approval_types\":[\"TEST\"],\"required_approvers\":1}"), 200);
        expect(
                putPolicy(
                        admin,
                        "v-policy-complete",
                        "{\"approval_types\":[\"TEST\",\"DEPLOY\"],\"required_approvers\":2}"),
                200);
        assertThat(eventsFor("v-policy-complete")).hasSize(1);
        // Approval is not taken back by a stricter policy.
        assertThat(version("v-policy-complete", "1.0").get("approval_status").asText())
                .isEqualTo("approved");
    }

    @Test
    void switchingFourEyesOffCanCompleteAVersion() {
        app("v-policy-eyes");
        expect(
                putPolicy(
                        admin,
                        "v-policy-eyes",
                        "{\"approval_types\":[\"TEST\"],\"required_approvers\":2,\"four_eyes\":false}"),
                200);
        expect(putVersion(vera, "v-policy-eyes", "1.0", "docker://r/t/a:1.0"), 200);
        expect(approve(vera, "v-policy-eyes", "1.0", "TEST"), 200);
        expect(putPolicy(admin, "v-policy-eyes", "{\"four_eyes\":true}"), 200);
        expect(approve(walt, "v-policy-eyes", "1.0", "TEST"), 200);

        // vera's own approval does not count while four eyes is on.
        JsonNode v = version("v-policy-eyes", "1.0");
        assertThat(v.get("approval_status").asText()).isEqualTo("pending");
        assertThat(v.get("missing_approvers").asInt()).isEqualTo(1);
        assertThat(eventsFor("v-policy-eyes")).isEmpty();

        expect(putPolicy(admin, "v-policy-eyes", "{\"four_eyes\":false}"), 200);

        assertThat(version("v-policy-eyes", "1.0").get("approval_status").asText())
                .isEqualTo("approved");
        assertThat(eventsFor("v-policy-eyes")).hasSize(1);
    }

    @Test
    void loweringCriticalityOnlyChangesWhatNewVersionsNeed() {
        expect(
                api.putJson(
                        "/apps/v-tier-change",
                        vera,
                        "{\"team_id\":\"ver\",\"name\":\"T\",\"active\":true,\"criticality_level\":2}"),
                200);
        expect(putPolicy(admin, "v-tier-change", "{\"approval_types\":[\"TEST\"]}"), 200);
        expect(putVersion(vera, "v-tier-change", "1.0", "docker://r/t/a:1.0"), 200);
        expect(approve(walt, "v-tier-change", "1.0", "TEST"), 200);
        assertThat(version("v-tier-change", "1.0").get("missing_approvers").asInt())
                .isEqualTo(1);

        expect(api.putJson("/apps/v-tier-change", vera, "{\"criticality_level\":1}"), 200);

        // The pending version keeps the requirement it was written with (decision 0006) ...
        JsonNode v = version("v-tier-change", "1.0");
        assertThat(v.get("approval_status").asText()).isEqualTo("pending");
        assertThat(v.get("missing_approvers").asInt()).isEqualTo(1);
        assertThat(eventsFor("v-tier-change")).isEmpty();
        // ... and a version written afterwards needs one person.
        expect(putVersion(vera, "v-tier-change", "2.0", "docker://r/t/a:2.0"), 200);
        expect(approve(walt, "v-tier-change", "2.0", "TEST"), 200);
        JsonNode next = version("v-tier-change", "2.0");
        assertThat(next.get("approval_status").asText()).isEqualTo("approved");
        assertThat(next.get("approved_at").asText()).matches(CLI_TIMESTAMP);
        assertThat(eventsFor("v-tier-change"))
                .extracting(VersionApproved::versionId)
                .containsExactly("2.0");
    }
}
