package io.keyport.backend.kio;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /approvals/inbox} and {@code GET /approvals/statistics}: what waits for whom across
 * applications, and the dashboard's figures.
 */
@KeyportTest
class KioInboxIT {

    static ApiClient api;
    static String admin;
    /** ana, ben and cid are people of team inb; dov is in team other. */
    static String ana;

    static String ben;
    static String cid;
    static String dov;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "inb");
        api.team(admin, "other");
        ana = api.user(admin, "ana", "ana-password-1", "inb");
        ben = api.user(admin, "ben", "ben-password-1", "inb");
        cid = api.user(admin, "cid", "cid-password-1", "inb");
        dov = api.user(admin, "dov", "dov-password-1", "other");
        for (String app : List.of("inb-one", "inb-two")) {
            expect(
                    api.putJson("/apps/" + app, ana, "{\"team_id\":\"inb\",\"name\":\"" + app + "\",\"active\":true}"),
                    200);
            expect(
                    api.putJson(
                            "/apps/" + app + "/approval-policy",
                            admin,
                            "{\"approval_types\":[\"TEST\",\"DEPLOY\"],\"required_approvers\":2,\"four_eyes\":true}"),
                    200);
        }
        expect(api.putJson("/apps/other-app", dov, "{\"team_id\":\"other\",\"name\":\"Other\",\"active\":true}"), 200);
        version(ana, "inb-one", "1.0");
        version(ana, "inb-two", "2.0");
        version(dov, "other-app", "9.0");
    }

    private static void version(String token, String app, String version) {
        expect(
                api.putJson(
                        "/apps/" + app + "/versions/" + version,
                        token,
                        "{\"artifact\":\"docker://registry/inb/" + app + ":" + version + "\"}"),
                200);
    }

    private static void approve(String token, String app, String version, String type) {
        expect(
                api.postJson(
                        "/apps/" + app + "/versions/" + version + "/approvals",
                        token,
                        "{\"approval_type\":\"" + type + "\"}"),
                200);
    }

    private static List<String> keys(JsonNode inbox) {
        List<String> keys = new ArrayList<>();
        inbox.forEach(i -> keys.add(
                i.get("application_id").asText() + "/" + i.get("version_id").asText()));
        return keys;
    }

    private static JsonNode inbox(String token) {
        return expect(api.get("/approvals/inbox", token), 200).json();
    }

    @Test
    void theInboxHoldsTheTeamsPendingVersionsExceptTheCallersOwn() {
        assertThat(keys(inbox(ben))).containsSubsequence("inb-one/1.0", "inb-two/2.0");
        assertThat(keys(inbox(ana))).as("four eyes: ana wrote both").isEmpty();
        assertThat(keys(inbox(dov)))
                .as("dov's own version, and no team of his holds another")
                .isEmpty();
        assertThat(keys(inbox(admin)))
                .as("admins approve only in their own teams")
                .isEmpty();

        JsonNode first = inbox(ben).get(0);
        assertThat(first.get("application_name").asText()).isEqualTo("inb-one");
        assertThat(first.get("team_id").asText()).isEqualTo("inb");
        assertThat(first.get("created_by").asText()).isEqualTo("ana");
        assertThat(KioTesting.texts(first.get("missing_approval_types"))).containsExactly("TEST", "DEPLOY");
        assertThat(first.get("missing_approvers").asInt()).isEqualTo(2);
        assertThat(first.get("my_approval_types")).isEmpty();
        KioTesting.assertCliTimestamps(first);
    }

    @Test
    void aVersionLeavesTheInboxOfWhoeverCanNoLongerHelpAndEveryoneOnceApproved() {
        version(ana, "inb-one", "1.1");
        approve(ben, "inb-one", "1.1", "TEST");
        approve(ben, "inb-one", "1.1", "DEPLOY");
        // Both types are given; only a second person is missing, and ben cannot be that person.
        assertThat(keys(inbox(ben))).doesNotContain("inb-one/1.1");
        JsonNode forCid = inbox(cid);
        assertThat(keys(forCid)).contains("inb-one/1.1");
        for (JsonNode item : forCid) {
            if (item.get("version_id").asText().equals("1.1")) {
                assertThat(item.get("missing_approval_types")).isEmpty();
                assertThat(item.get("missing_approvers").asInt()).isEqualTo(1);
            }
        }
        approve(cid, "inb-one", "1.1", "TEST");
        assertThat(keys(inbox(cid))).doesNotContain("inb-one/1.1");
        assertThat(expect(api.get("/apps/inb-one/versions/1.1", cid), 200)
                        .json()
                        .get("approval_status")
                        .asText())
                .isEqualTo("approved");
    }

    @Test
    void aDeactivatedApplicationLeavesTheInbox() {
        expect(api.putJson("/apps/inb-two", ana, "{\"active\":false}"), 200);
        try {
            assertThat(keys(inbox(ben))).doesNotContain("inb-two/2.0");
        } finally {
            expect(api.putJson("/apps/inb-two", ana, "{\"active\":true}"), 200);
        }
        assertThat(keys(inbox(ben))).contains("inb-two/2.0");
    }

    @Test
    void servicesAndAnonymousCallersHaveNoInbox() {
        String service = KioTesting.serviceToken(api, admin, "other-app", "application.write");
        JsonNode refusal = expect(api.get("/approvals/inbox", service), 403).json();
        assertThat(refusal.toString()).contains("only people approve");
        expect(api.send("GET", "/approvals/inbox", null), 401);
    }

    @Test
    void statisticsCountTodaysVersionsLeadTimesPendingAgesAndTheCallersActivity() {
        version(ana, "inb-two", "2.1");
        approve(ben, "inb-two", "2.1", "TEST");
        approve(cid, "inb-two", "2.1", "DEPLOY");

        JsonNode stats =
                expect(api.get("/approvals/statistics?days=7", ben), 200).json();
        assertThat(stats.get("days").asInt()).isEqualTo(7);
        JsonNode perDay = stats.get("versions_per_day");
        assertThat(perDay).hasSize(7);
        JsonNode today = perDay.get(6);
        assertThat(today.get("day").asText())
                .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(today.get("count").asLong())
                .as("every version of this class was created today")
                .isGreaterThanOrEqualTo(4);
        assertThat(perDay.get(0).get("count").asLong()).isZero();

        JsonNode inb = null;
        for (JsonNode team : stats.get("lead_time_by_team")) {
            if (team.get("team_id").asText().equals("inb")) {
                inb = team;
            }
        }
        assertThat(inb).as("team inb has an approved version").isNotNull();
        assertThat(inb.get("approved").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(inb.get("average_seconds").asDouble())
                .isGreaterThanOrEqualTo(0)
                .isLessThan(3600);
        assertThat(inb.get("median_seconds").asDouble())
                .isGreaterThanOrEqualTo(0)
                .isLessThan(3600);

        JsonNode ages = stats.get("pending_by_age");
        assertThat(ages).hasSize(5);
        assertThat(ages.get(0).get("label").asText()).isEqualTo("< 1 day");
        assertThat(ages.get(0).get("count").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(ages.get(4).get("to_days").isNull()).isTrue();

        List<String> actions = new ArrayList<>();
        stats.get("my_activity")
                .forEach(a -> actions.add(
                        a.get("action").asText() + " " + a.get("application_id").asText() + "/"
                                + a.get("version_id").asText()
                                + (a.get("approval_type").isNull()
                                        ? ""
                                        : " " + a.get("approval_type").asText())));
        assertThat(actions)
                .contains("version.approve inb-two/2.1 TEST")
                .doesNotContain("version.approve inb-two/2.1 DEPLOY");
        JsonNode anas = expect(api.get("/approvals/statistics", ana), 200).json();
        assertThat(anas.get("days").asInt()).as("default window").isEqualTo(30);
        assertThat(anas.get("my_activity").get(0).get("action").asText()).isEqualTo("version.create");
    }

    @Test
    void aWindowOutsideOneToThreeHundredSixtySixDaysIsRefused() {
        for (String days : List.of("0", "367", "-1", "x", "99999999999")) {
            JsonNode refusal = expect(api.get("/approvals/statistics?days=" + days, ben), 400)
                    .json();
            assertThat(refusal.get("message").asText()).contains("days");
        }
    }
}
