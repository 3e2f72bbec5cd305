package io.keyport.backend.audit;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.model.common.Timestamps;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The audit log API: what Kio writes append, who may read, filters, paging, export, and failed writes. */
@KeyportTest
class AuditLogIT {

    static final Pattern TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    static ApiClient api;
    static String admin;
    /** People of team-a (from the cast). */
    static String alice;

    static String carol;
    /** Person of team-b. */
    static String bob;

    @BeforeAll
    static void start(ApiClient client, Cast cast) {
        api = client;
        admin = api.adminToken();
        alice = cast.token("alice");
        carol = cast.token("carol");
        bob = cast.token("bob");
    }

    private static List<JsonNode> entries(JsonNode page) {
        List<JsonNode> list = new ArrayList<>();
        page.get("entries").forEach(list::add);
        return list;
    }

    private static JsonNode page(String query) {
        return expect(api.get("/api/audit" + query, admin), 200).json();
    }

    @Test
    void theFirstEntryIsTheBootstrapAdmin() {
        JsonNode first = page("?limit=1").get("entries").get(0);

        assertThat(first.get("seq").asLong()).isEqualTo(1);
        assertThat(first.get("prev_hash").asText()).isEqualTo(AuditTesting.GENESIS);
        assertThat(first.get("actor").asText()).isEqualTo("keyport");
        assertThat(first.get("realm").asText()).isEqualTo("system");
        assertThat(first.get("action").asText()).isEqualTo("user.create");
        assertThat(first.get("target").asText()).isEqualTo("user:admin");
    }

    @Test
    void applicationWritesAppendOneEntryEach() {
        long before = AuditTesting.count(api, admin);
        JsonNode previous = AuditTesting.last(api, admin);

        expect(
                api.putJson(
                        "/apps/audited-app",
                        alice,
                        "{\"team_id\":\"team-a\",\"name\":\"Audited\",\"active\":true,"
                                + "\"criticality_level\":\"2\"}"),
                200);

        assertThat(AuditTesting.count(api, admin)).isEqualTo(before + 1);
        JsonNode created = AuditTesting.last(api, admin);
        assertThat(created.get("seq").asLong()).isEqualTo(previous.get("seq").asLong() + 1);
        assertThat(created.get("prev_hash").asText())
                .isEqualTo(previous.get("hash").asText());
        assertThat(created.get("hash").asText()).matches(HEX64).isEqualTo(AuditTesting.hash(created));
        assertThat(created.get("time").asText()).matches(TIME);
        assertThat(created.get("actor").asText()).isEqualTo("alice");
        assertThat(created.get("realm").asText()).isEqualTo("employees");
        assertThat(created.get("action").asText()).isEqualTo("application.create");
        assertThat(created.get("target").asText()).isEqualTo("app:audited-app");
        JsonNode details = created.get("details");
        assertThat(details.get("team_id").asText()).isEqualTo("team-a");
        assertThat(details.get("name").asText()).isEqualTo("Audited");
        assertThat(details.get("active").asBoolean()).isTrue();
        assertThat(details.get("criticality_level").asInt()).isEqualTo(2);
        assertThat(details.has("subtitle")).isFalse();

        expect(
                api.putJson("/apps/audited-app", carol, "{\"subtitle\":\"now with subtitle\",\"name\":\"Audited\"}"),
                200);

        JsonNode updated = AuditTesting.last(api, admin);
        assertThat(updated.get("action").asText()).isEqualTo("application.update");
        assertThat(updated.get("actor").asText()).isEqualTo("carol");
        assertThat(updated.get("details").get("subtitle").asText()).isEqualTo("now with subtitle");
        assertThat(updated.get("details").has("name"))
                .as("unchanged fields are not recorded")
                .isFalse();
        assertThat(AuditTesting.count(api, admin)).isEqualTo(before + 2);
    }

    @Test
    void versionApprovalAndPolicyWritesAreAudited() {
        expect(api.putJson("/apps/audited-ver", alice, "{\"team_id\":\"team-a\",\"name\":\"V\",\"active\":true}"), 200);
        long start = AuditTesting.count(api, admin);

        expect(
                api.putJson(
                        "/apps/audited-ver/approval-policy",
                        admin,
                        "{\"approval_types\":[\"TEST\",\"DEPLOY\"],\"required_approvers\":1}"),
                200);
        expect(api.putJson("/apps/audited-ver/versions/1.0", alice, "{\"artifact\":\"docker://r/audit/v:1.0\"}"), 200);
        expect(api.postJson("/apps/audited-ver/versions/1.0/approvals", carol, "{\"approval_type\":\"DEPLOY\"}"), 200);
        expect(api.putJson("/apps/audited-ver/versions/1.0", alice, "{\"artifact\":\"docker://r/audit/v:1.0b\"}"), 200);
        expect(api.postJson("/apps/audited-ver/versions/1.0/approvals", carol, "{\"approval_type\":\"TEST\"}"), 200);
        expect(api.postJson("/apps/audited-ver/versions/1.0/approvals", carol, "{\"approval_type\":\"DEPLOY\"}"), 200);

        List<JsonNode> written = entries(page("?after=" + start));
        assertThat(written)
                .extracting(e -> e.get("action").asText())
                .containsExactly(
                        "application.policy.update",
                        "version.create",
                        "version.approve",
                        "version.update",
                        "version.approve",
                        "version.approve",
                        "version.approved");
        assertThat(written.get(0).get("details").get("approval_types").get(0).asText())
                .isEqualTo("TEST");
        assertThat(written.get(0).get("details").get("required_approvers").asInt())
                .isEqualTo(1);
        assertThat(written.get(0).get("actor").asText()).isEqualTo("admin");
        assertThat(written.get(1).get("target").asText()).isEqualTo("app:audited-ver/version:1.0");
        assertThat(written.get(1).get("details").get("artifact").asText()).isEqualTo("docker://r/audit/v:1.0");
        assertThat(written.get(2).get("details").get("approval_type").asText()).isEqualTo("DEPLOY");
        assertThat(written.get(3).get("details").get("approvals_reset").asInt()).isEqualTo(1);
        assertThat(written.get(6).get("details").get("artifact").asText()).isEqualTo("docker://r/audit/v:1.0b");
        assertThat(written).allSatisfy(e -> assertThat(e.get("target").asText()).startsWith("app:audited-ver"));
        // The target filter is exact: the application's own entries, not its versions'.
        assertThat(entries(page("?target=app:audited-ver")))
                .extracting(e -> e.get("action").asText())
                .containsExactly("application.create", "application.policy.update");
        assertThat(entries(page("?target=app:audited-ver/version:1.0"))).hasSize(6);
    }

    @Test
    void failedWritesAppendNothing() {
        expect(api.putJson("/apps/audit-fail", alice, "{\"team_id\":\"team-a\",\"name\":\"F\",\"active\":true}"), 200);
        expect(api.putJson("/apps/audit-fail/versions/1.0", alice, "{\"artifact\":\"docker://r/audit/f:1.0\"}"), 200);
        expect(api.postJson("/apps/audit-fail/versions/1.0/approvals", carol, "{\"approval_type\":\"TEST\"}"), 200);
        long before = AuditTesting.count(api, admin);
        String head = AuditTesting.last(api, admin).get("hash").asText();

        List<ApiClient.Response> failures = List.of(
                // 403: not the application's team (inside the transaction, after the row lock)
                api.putJson("/apps/audit-fail", bob, "{\"subtitle\":\"x\"}"),
                api.putJson("/apps/audit-fail-new", bob, "{\"team_id\":\"team-a\",\"name\":\"F\",\"active\":true}"),
                // 400: unknown team, bad criticality, unknown attribute, missing required field
                api.putJson("/apps/audit-fail", alice, "{\"team_id\":\"no-such-team\"}"),
                api.putJson("/apps/audit-fail", alice, "{\"criticality_level\":9}"),
                api.putJson("/apps/audit-fail", alice, "{\"owner\":\"x\"}"),
                api.putJson("/apps/audit-fail-new", alice, "{\"team_id\":\"team-a\",\"active\":true}"),
                // versions: 404 unknown app, 403 other team, 400 no artifact
                api.putJson("/apps/no-such-app/versions/1.0", admin, "{\"artifact\":\"docker://r/a/b:1\"}"),
                api.putJson("/apps/audit-fail/versions/2.0", bob, "{\"artifact\":\"docker://r/a/b:2\"}"),
                api.putJson("/apps/audit-fail/versions/2.0", alice, "{}"),
                // approvals: 409 repeat, 403 four eyes, 403 other team, 404 unknown version
                api.postJson("/apps/audit-fail/versions/1.0/approvals", carol, "{\"approval_type\":\"TEST\"}"),
                api.postJson("/apps/audit-fail/versions/1.0/approvals", alice, "{\"approval_type\":\"TEST\"}"),
                api.postJson("/apps/audit-fail/versions/1.0/approvals", bob, "{\"approval_type\":\"TEST\"}"),
                api.postJson("/apps/audit-fail/versions/9.0/approvals", carol, "{\"approval_type\":\"TEST\"}"),
                // policy: 403 not an admin, 400 invalid
                api.putJson("/apps/audit-fail/approval-policy", alice, "{\"required_approvers\":1}"),
                api.putJson("/apps/audit-fail/approval-policy", admin, "{\"required_approvers\":0}"));

        assertThat(failures)
                .extracting(ApiClient.Response::status)
                .containsExactly(403, 403, 400, 400, 400, 400, 404, 403, 400, 409, 403, 403, 404, 403, 400);
        assertThat(AuditTesting.count(api, admin)).isEqualTo(before);
        assertThat(AuditTesting.last(api, admin).get("hash").asText()).isEqualTo(head);
        assertThat(api.get("/apps/audit-fail-new", alice).status()).isEqualTo(404);
        assertThat(expect(api.get("/apps/audit-fail", alice), 200)
                        .json()
                        .get("team_id")
                        .asText())
                .isEqualTo("team-a");
    }

    @Test
    void onlyAdminsReadTheLog() {
        for (String path : List.of("/api/audit", "/api/audit/verify", "/api/audit/export")) {
            assertThat(api.get(path, null).status()).as(path).isEqualTo(401);
            assertThat(api.get(path, alice).status()).as(path).isEqualTo(403);
            assertThat(api.get(path, admin).status()).as(path).isEqualTo(200);
        }
    }

    @Test
    void filtersByActorActionTargetAndTime() {
        expect(
                api.putJson("/apps/filter-one", alice, "{\"team_id\":\"team-a\",\"name\":\"One\",\"active\":true}"),
                200);
        expect(
                api.putJson("/apps/filter-two", carol, "{\"team_id\":\"team-a\",\"name\":\"Two\",\"active\":true}"),
                200);
        expect(api.putJson("/apps/filter-one", carol, "{\"subtitle\":\"s\"}"), 200);

        List<JsonNode> byTarget = entries(page("?target=app:filter-one"));
        assertThat(byTarget)
                .extracting(e -> e.get("action").asText())
                .containsExactly("application.create", "application.update");

        List<JsonNode> byActorAndAction = entries(page("?actor=carol&action=application.create&limit=1000"));
        assertThat(byActorAndAction)
                .extracting(e -> e.get("target").asText())
                .contains("app:filter-two")
                .doesNotContain("app:filter-one");
        assertThat(byActorAndAction).allSatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("carol");
            assertThat(e.get("action").asText()).isEqualTo("application.create");
        });

        JsonNode create = byTarget.get(0);
        JsonNode update = byTarget.get(1);
        String from = create.get("time").asText();
        String to = update.get("time").asText();
        List<JsonNode> window = entries(page("?target=app:filter-one&from=" + from + "&to=" + to));
        assertThat(window).hasSize(2);
        assertThat(entries(page("?target=app:filter-one&to="
                        + Timestamps.format(Timestamps.parse(from).minusMillis(1)))))
                .isEmpty();
        assertThat(entries(page("?target=app:filter-one&from="
                        + Timestamps.format(Timestamps.parse(to).plusMillis(1)))))
                .isEmpty();
        assertThat(entries(page("?target=app:filter-one&from=" + to)))
                .extracting(e -> e.get("action").asText())
                .endsWith("application.update");
        assertThat(entries(page("?actor=nobody-at-all")).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=1001",
                "limit=x",
                "limit=4294967396",
                "after=x",
                "before=x&order=desc",
                "order=sideways",
                "from=yesterday",
                "to=2024-02-30T00:00:00Z"
            })
    void badQueriesAre400(String query) {
        assertThat(api.get("/api/audit?" + query, admin).status()).isEqualTo(400);
    }

    @Test
    void pagesForwardWithAfterAndBackwardWithBefore() {
        for (int i = 0; i < 5; i++) {
            expect(
                    api.putJson("/apps/paging-" + i, alice, "{\"team_id\":\"team-a\",\"name\":\"P\",\"active\":true}"),
                    200);
        }
        long total = AuditTesting.count(api, admin);

        List<Long> forward = new ArrayList<>();
        String cursor = "0";
        int pages = 0;
        while (cursor != null) {
            JsonNode page = page("?limit=3&after=" + cursor);
            assertThat(page.get("entries").size()).isLessThanOrEqualTo(3);
            page.get("entries").forEach(e -> forward.add(e.get("seq").asLong()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            assertThat(++pages).isLessThan(1000);
        }
        assertThat(forward).hasSize((int) total).isSorted();
        assertThat(forward.getFirst()).isEqualTo(1);
        assertThat(forward.getLast()).isEqualTo(total);

        List<Long> backward = new ArrayList<>();
        JsonNode page = page("?order=desc&limit=4");
        while (true) {
            page.get("entries").forEach(e -> backward.add(e.get("seq").asLong()));
            if (page.get("next").isNull()) {
                break;
            }
            page = page("?order=desc&limit=4&before=" + page.get("next").asText());
        }
        assertThat(backward).hasSize((int) total).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(backward.getFirst()).isGreaterThanOrEqualTo(total);

        JsonNode small = page("?limit=2&after=1");
        assertThat(entries(small)).extracting(e -> e.get("seq").asLong()).containsExactly(2L, 3L);
        assertThat(small.get("next").asLong()).isEqualTo(3);
        JsonNode tail = page("?after=" + (total + 1000));
        assertThat(tail.get("entries").size()).isZero();
        assertThat(tail.get("next").isNull()).isTrue();
    }

    @Test
    void verifyAndExportAgreeWithAnIndependentRecomputation() {
        expect(
                api.putJson(
                        "/apps/export-app",
                        alice,
                        "{\"team_id\":\"team-a\",\"name\":\"E\",\"active\":true,"
                                + "\"description\":\"unicode: äöü ✓ \\\"quoted\\\" \\\\ back\"}"),
                200);

        var r = expect(api.get("/api/audit/export", admin), 200);
        assertThat(r.header("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/x-ndjson"));
        List<JsonNode> all = AuditTesting.export(api, admin);
        JsonNode verify = AuditTesting.verify(api, admin);

        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("entries").asLong()).isGreaterThanOrEqualTo(all.size());
        AuditTesting.assertChain(all);
        assertThat(all)
                .anySatisfy(e -> assertThat(e.get("details").path("description").asText())
                        .isEqualTo("unicode: äöü ✓ \"quoted\" \\ back"));

        var filtered = expect(api.get("/api/audit/export?action=application.create&actor=alice", admin), 200);
        assertThat(filtered.body().lines().toList())
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line)
                        .contains("\"action\":\"application.create\"")
                        .contains("\"actor\":\"alice\""));
    }
}
