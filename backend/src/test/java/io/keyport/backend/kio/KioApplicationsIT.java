package io.keyport.backend.kio;

import static io.keyport.backend.kio.KioTesting.CLI_TIMESTAMP;
import static io.keyport.backend.kio.KioTesting.ids;
import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Timestamps;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Kio applications (A.2 to A.4): list, filters, search, single view, the partial-update upsert and who may write. */
@KeyportTest
class KioApplicationsIT {

    static ApiClient api;
    static String admin;
    /** Member of team alpha. */
    static String ann;
    /** Member of team beta. */
    static String ben;
    /** Member of no team. */
    static String nobody;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        for (String team : List.of("alpha", "beta", "gamma")) {
            api.team(admin, team);
        }
        ann = api.user(admin, "ann", "ann-password-1", "alpha");
        ben = api.user(admin, "ben", "ben-password-1", "beta");
        nobody = api.user(admin, "nobody", "nobody-password-1");
    }

    private static ApiClient.Response put(String token, String id, String json) {
        return api.putJson("/apps/" + id, token, json);
    }

    private static JsonNode get(String id) {
        return expect(api.get("/apps/" + id, ann), 200).json();
    }

    private static JsonNode list(String query) {
        var r = expect(api.get("/apps" + query, ann), 200);
        assertThat(r.header("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        JsonNode body = r.json();
        assertThat(body.isArray())
                .as("GET /apps%s answers a JSON array: %s", query, r.body())
                .isTrue();
        return body;
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // ---- GET /apps

    @Test
    void listIsAnEmptyJsonArrayWhenNothingMatches() {
        var r = expect(api.get("/apps?team_id=no-such-team", ann), 200);

        assertThat(r.body().strip()).isEqualTo("[]");
    }

    @Test
    void readingNeedsAToken() {
        assertThat(api.get("/apps", null).status()).isEqualTo(401);
        assertThat(api.get("/apps/anything", null).status()).isEqualTo(401);
        assertThat(api.get("/apps", "not-a-token").status()).isEqualTo(401);
    }

    @Test
    void listFiltersByTeamIncidentContactAndActive() {
        api.team(admin, "filters");
        expect(
                put(
                        admin,
                        "flt-one",
                        "{\"team_id\":\"filters\",\"name\":\"One\",\"active\":true,\"incident_contact\":\"ops\"}"),
                200);
        expect(
                put(
                        admin,
                        "flt-two",
                        "{\"team_id\":\"filters\",\"name\":\"Two\",\"active\":false,\"incident_contact\":\"ops\"}"),
                200);
        expect(put(admin, "flt-three", "{\"team_id\":\"filters\",\"name\":\"Three\",\"active\":true}"), 200);

        assertThat(ids(list("?team_id=filters"))).containsExactlyInAnyOrder("flt-one", "flt-two", "flt-three");
        assertThat(ids(list("?team_id=filters&active=true"))).containsExactlyInAnyOrder("flt-one", "flt-three");
        assertThat(ids(list("?team_id=filters&active=FALSE"))).containsExactly("flt-two");
        assertThat(ids(list("?team_id=filters&incident_contact=ops"))).containsExactlyInAnyOrder("flt-one", "flt-two");
        assertThat(ids(list("?team_id=filters&incident_contact=ops&active=true")))
                .containsExactly("flt-one");
        assertThat(ids(list("?incident_contact=ops&active=false&team_id=filters")))
                .containsExactly("flt-two");
        assertThat(ids(list("?incident_contact=nobody-here"))).isEmpty();
        assertThat(ids(list(""))).contains("flt-one", "flt-two", "flt-three");
    }

    @Test
    void modifiedBoundsAreInclusive() {
        api.team(admin, "bounds");
        expect(put(admin, "bounds-app", "{\"team_id\":\"bounds\",\"name\":\"Bounds\",\"active\":true}"), 200);
        String stamp = get("bounds-app").get("last_modified").asText();
        Instant t = Timestamps.parse(stamp);
        String before = Timestamps.format(t.minusMillis(1));
        String after = Timestamps.format(t.plusMillis(1));

        assertThat(ids(list("?team_id=bounds&modified_before=" + stamp))).containsExactly("bounds-app");
        assertThat(ids(list("?team_id=bounds&modified_after=" + stamp))).containsExactly("bounds-app");
        assertThat(ids(list("?team_id=bounds&modified_after=" + stamp + "&modified_before=" + stamp)))
                .containsExactly("bounds-app");
        assertThat(ids(list("?team_id=bounds&modified_before=" + before))).isEmpty();
        assertThat(ids(list("?team_id=bounds&modified_after=" + after))).isEmpty();
        assertThat(ids(list("?team_id=bounds&modified_after=" + before + "&modified_before=" + after)))
                .containsExactly("bounds-app");
        // An offset other than Z names the same instant.
        String plusOne = t.atOffset(java.time.ZoneOffset.ofHours(1)).toString();
        assertThat(ids(list("?team_id=bounds&modified_before=" + q(plusOne) + "&modified_after=" + q(plusOne))))
                .containsExactly("bounds-app");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "active=yes",
                "active=1",
                "modified_before=yesterday",
                "modified_after=2024-13-01T00:00:00Z",
                "modified_after=1714557600"
            })
    void badFilterValuesAre400(String query) {
        var r = api.get("/apps?" + query, ann);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains(query.substring(0, query.indexOf('=')));
    }

    @Test
    void listRowsCarryTheCliColumnsButNotTheComputedOrSearchFields() {
        api.team(admin, "columns");
        expect(
                put(
                        admin,
                        "cols-app",
                        "{\"team_id\":\"columns\",\"name\":\"Columns\",\"active\":true,\"criticality_level\":1}"),
                200);

        JsonNode row = list("?team_id=columns").get(0);

        for (String field : List.of(
                "id",
                "team_id",
                "active",
                "name",
                "subtitle",
                "description",
                "service_url",
                "scm_url",
                "documentation_url",
                "specification_url",
                "support_url",
                "specification_type",
                "incident_contact",
                "criticality_level",
                "publicly_accessible",
                "created",
                "created_by",
                "last_modified",
                "last_modified_by")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        assertThat(row.has("required_approvers")).isFalse();
        assertThat(row.has("matched_rank")).isFalse();
        assertThat(row.has("matched_description")).isFalse();
        assertThat(row.get("subtitle").isNull()).isTrue();
        assertThat(row.get("last_modified").asText()).matches(CLI_TIMESTAMP);
    }

    // ---- search

    @Test
    void searchReturnsOnlyMatchesRankedIdOverNameOverSubtitleOverDescription() {
        api.team(admin, "search");
        String create = "{\"team_id\":\"search\",\"active\":true,\"name\":\"%s\",\"subtitle\":%s,\"description\":%s}";
        expect(put(admin, "zz-desc", create.formatted("Plain", "null", "\"feeds the Quokka daily\"")), 200);
        expect(put(admin, "zz-sub", create.formatted("Plain", "\"for every quokka\"", "null")), 200);
        expect(put(admin, "zz-name", create.formatted("Quokka Tracker", "null", "null")), 200);
        expect(put(admin, "quokka-api", create.formatted("Plain", "null", "null")), 200);
        expect(put(admin, "zz-none", create.formatted("Plain", "\"for the wombat\"", "\"feeds the wombat\"")), 200);

        JsonNode hits = list("?search=quokka");

        assertThat(ids(hits)).containsExactly("quokka-api", "zz-name", "zz-sub", "zz-desc");
        List<Double> ranks = new ArrayList<>();
        for (JsonNode hit : hits) {
            assertThat(hit.get("matched_rank").isNumber()).isTrue();
            ranks.add(hit.get("matched_rank").asDouble());
            assertThat(hit.get("matched_description").asText()).containsPattern("<b>[^<]*(?i:quokka)[^<]*</b>");
            assertThat(hit.has("required_approvers")).isFalse();
            assertThat(hit.get("team_id").asText()).isEqualTo("search");
        }
        assertThat(ranks).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(ranks).doesNotHaveDuplicates();
        assertThat(hits.get(3).get("matched_description").asText())
                .isEqualTo("zz-desc Plain feeds the <b>Quokka</b> daily");
    }

    @Test
    void searchNeedsEveryWordIsCaseInsensitiveAndCombinesWithFilters() {
        api.team(admin, "search2");
        expect(put(admin, "numbat-one", "{\"team_id\":\"search2\",\"name\":\"Numbat Ledger\",\"active\":true}"), 200);
        expect(put(admin, "numbat-two", "{\"team_id\":\"search2\",\"name\":\"Numbat Mailer\",\"active\":false}"), 200);

        assertThat(ids(list("?search=NUMBAT"))).containsExactlyInAnyOrder("numbat-one", "numbat-two");
        assertThat(ids(list("?search=" + q("numbat ledger")))).containsExactly("numbat-one");
        assertThat(ids(list("?search=" + q("numbat kangaroo")))).isEmpty();
        assertThat(ids(list("?search=numbat&active=false"))).containsExactly("numbat-two");
        assertThat(ids(list("?search=numbat&team_id=alpha"))).isEmpty();
        assertThat(ids(list("?search=" + q("!!!")))).isEmpty();
    }

    @Test
    void plainListHasNoMatchFields() {
        api.team(admin, "search3");
        expect(put(admin, "bilby-app", "{\"team_id\":\"search3\",\"name\":\"Bilby\",\"active\":true}"), 200);

        JsonNode hit = list("?search=bilby").get(0);
        JsonNode row = list("?team_id=search3").get(0);

        assertThat(hit.has("matched_rank")).isTrue();
        assertThat(row.has("matched_rank")).isFalse();
        assertThat(row.has("matched_description")).isFalse();
    }

    // ---- GET /apps/{id}

    @Test
    void absentApplicationIs404WithAnEmptyObject() {
        var r = api.get("/apps/no-such-app", ann);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().isObject()).isTrue();
        assertThat(r.json().size()).isZero();
    }

    @Test
    void singleViewComputesRequiredApproversFromCriticality() {
        api.team(admin, "tiers");
        for (String level : List.of("1", "2", "3", "4", "null")) {
            expect(
                    put(
                            admin,
                            "tier-" + level,
                            "{\"team_id\":\"tiers\",\"name\":\"T\",\"active\":true,\"criticality_level\":" + level
                                    + "}"),
                    200);
        }

        assertThat(get("tier-1").get("required_approvers").asInt()).isEqualTo(1);
        assertThat(get("tier-2").get("required_approvers").asInt()).isEqualTo(2);
        assertThat(get("tier-3").get("required_approvers").asInt()).isEqualTo(2);
        assertThat(get("tier-4").get("required_approvers").asInt()).isEqualTo(2);
        assertThat(get("tier-null").get("required_approvers").asInt()).isEqualTo(2);
        assertThat(get("tier-null").get("criticality_level").isNull()).isTrue();
        assertThat(get("tier-1").has("matched_rank")).isFalse();
    }

    // ---- PUT /apps/{id}

    @Test
    void createAnswers200WithAnEmptyBodyAndRecordsWhoAndWhen() {
        var r = put(ann, "created-app", "{\"team_id\":\"alpha\",\"name\":\"Created\",\"active\":true}");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        JsonNode app = get("created-app");
        assertThat(app.get("id").asText()).isEqualTo("created-app");
        assertThat(app.get("team_id").asText()).isEqualTo("alpha");
        assertThat(app.get("active").asBoolean()).isTrue();
        assertThat(app.get("publicly_accessible").asBoolean()).isFalse();
        assertThat(app.get("criticality_level").isNull()).isTrue();
        assertThat(app.get("created_by").asText()).isEqualTo("ann");
        assertThat(app.get("last_modified_by").asText()).isEqualTo("ann");
        assertThat(app.get("created").asText())
                .matches(CLI_TIMESTAMP)
                .isEqualTo(app.get("last_modified").asText());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"N\",\"active\":true}",
                "{\"team_id\":\"alpha\",\"active\":true}",
                "{\"team_id\":\"alpha\",\"name\":\"N\"}",
                "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":null}",
                "{\"team_id\":null,\"name\":\"N\",\"active\":true}"
            })
    void createNeedsTeamNameAndActive(String body) {
        var r = put(admin, "incomplete-app", body);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).startsWith("missing required attribute");
        assertThat(api.get("/apps/incomplete-app", ann).status()).isEqualTo(404);
    }

    @Test
    void stringsAreCoercedToNumbersAndBooleans() {
        expect(
                put(
                        ann,
                        "coerced-app",
                        "{\"team_id\":\"alpha\",\"name\":\"C\",\"active\":\"true\","
                                + "\"criticality_level\":\"3\",\"publicly_accessible\":\"true\"}"),
                200);

        JsonNode app = get("coerced-app");
        assertThat(app.get("active").isBoolean()).isTrue();
        assertThat(app.get("active").asBoolean()).isTrue();
        assertThat(app.get("criticality_level").isInt()).isTrue();
        assertThat(app.get("criticality_level").asInt()).isEqualTo(3);
        assertThat(app.get("publicly_accessible").asBoolean()).isTrue();

        expect(put(ann, "coerced-app", "{\"active\":\"false\",\"criticality_level\":\"1\"}"), 200);
        app = get("coerced-app");
        assertThat(app.get("active").asBoolean()).isFalse();
        assertThat(app.get("required_approvers").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "5", "-1", "\"5\"", "\"high\"", "true", "[1]"})
    void criticalityOutsideOneToFourIs400(String level) {
        expect(
                put(ann, "crit-app", "{\"team_id\":\"alpha\",\"name\":\"C\",\"active\":true,\"criticality_level\":2}"),
                200);

        var r = put(ann, "crit-app", "{\"criticality_level\":" + level + "}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(get("crit-app").get("criticality_level").asInt()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A-app", "App", "1app", "-app", "app-", "app_x", "app.x", "apP"})
    void idMustMatchKiosPattern(String id) {
        var r = put(admin, id, "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(api.get("/apps/" + id, ann).status()).isIn(400, 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "a1", "a-b", "a--b-9", "kio"})
    void idsMatchingThePatternAreAccepted(String id) {
        expect(put(admin, id, "{\"team_id\":\"gamma\",\"name\":\"N\",\"active\":true}"), 200);

        assertThat(get(id).get("id").asText()).isEqualTo(id);
    }

    @Test
    void unknownTeamIs400WithKiosMessage() {
        var r = put(admin, "orphan-app", "{\"team_id\":\"no-such-team\",\"name\":\"N\",\"active\":true}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Team no-such-team does not exist.");
        assertThat(api.get("/apps/orphan-app", ann).status()).isEqualTo(404);

        expect(put(ann, "moving-app", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}"), 200);
        r = put(ann, "moving-app", "{\"team_id\":\"no-such-team\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isEqualTo("Team no-such-team does not exist.");
        assertThat(get("moving-app").get("team_id").asText()).isEqualTo("alpha");
    }

    @ParameterizedTest
    @ValueSource(strings = {"owner", "Team_id", "repo_url", "versions"})
    void unknownAttributeIs400(String attribute) {
        var r = put(
                admin,
                "strict-app",
                "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true,\"" + attribute + "\":\"x\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains(attribute);
        assertThat(api.get("/apps/strict-app", ann).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "null", "{\"name\":", "\"text\""})
    void malformedBodiesAre400(String body) {
        assertThat(put(admin, "malformed-app", body).status()).isEqualTo(400);
    }

    @Test
    void partialUpdateKeepsMissingAndNullFieldsAndTakesFalse() {
        expect(put(ann, "partial-app", """
                {"team_id":"alpha","name":"Partial","active":true,"subtitle":"sub","description":"desc",
                 "service_url":"https://svc","scm_url":"https://scm","documentation_url":"https://doc",
                 "specification_url":"https://spec","support_url":"https://support","specification_type":"Jira",
                 "incident_contact":"ops","criticality_level":2,"publicly_accessible":true}"""), 200);
        JsonNode before = get("partial-app");

        expect(put(admin, "partial-app", """
                {"name":null,"subtitle":null,"description":null,"service_url":null,"criticality_level":null,
                 "active":false,"publicly_accessible":false,"scm_url":"https://scm2"}"""), 200);
        JsonNode after = get("partial-app");

        for (String field : List.of(
                "team_id",
                "name",
                "subtitle",
                "description",
                "service_url",
                "documentation_url",
                "specification_url",
                "support_url",
                "specification_type",
                "incident_contact",
                "criticality_level",
                "created",
                "created_by")) {
            assertThat(after.get(field)).as(field).isEqualTo(before.get(field));
        }
        assertThat(after.get("active").asBoolean()).isFalse();
        assertThat(after.get("publicly_accessible").asBoolean()).isFalse();
        assertThat(after.get("scm_url").asText()).isEqualTo("https://scm2");
        assertThat(after.get("created_by").asText()).isEqualTo("ann");
        assertThat(after.get("last_modified_by").asText()).isEqualTo("admin");
        assertThat(Timestamps.parse(after.get("last_modified").asText()))
                .isAfterOrEqualTo(Timestamps.parse(before.get("last_modified").asText()));

        expect(put(ann, "partial-app", "{\"active\":true}"), 200);
        assertThat(get("partial-app").get("active").asBoolean()).isTrue();
        assertThat(get("partial-app").get("publicly_accessible").asBoolean()).isFalse();
        assertThat(get("partial-app").get("last_modified_by").asText()).isEqualTo("ann");
    }

    @Test
    void readOnlyFieldsInTheBodyAreIgnored() {
        expect(
                put(
                        ann,
                        "readonly-app",
                        "{\"team_id\":\"alpha\",\"name\":\"R\",\"active\":true,\"criticality_level\":2}"),
                200);
        JsonNode before = get("readonly-app");

        expect(put(ann, "readonly-app", """
                {"id":"other-id","required_approvers":7,"created":"2001-01-01T00:00:00.000Z","created_by":"mallory",
                 "last_modified":"2001-01-01T00:00:00.000Z","last_modified_by":"mallory"}"""), 200);
        JsonNode after = get("readonly-app");

        assertThat(after.get("id").asText()).isEqualTo("readonly-app");
        assertThat(after.get("required_approvers").asInt()).isEqualTo(2);
        assertThat(after.get("created")).isEqualTo(before.get("created"));
        assertThat(after.get("created_by").asText()).isEqualTo("ann");
        assertThat(after.get("last_modified_by").asText()).isEqualTo("ann");
        assertThat(after.get("last_modified").asText()).isNotEqualTo("2001-01-01T00:00:00.000Z");
        assertThat(api.get("/apps/other-id", ann).status()).isEqualTo(404);
    }

    // ---- who may write

    @Test
    void onlyTheTeamOfANewApplicationMayCreateIt() {
        assertThat(put(ben, "team-new-app", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}")
                        .status())
                .isEqualTo(403);
        assertThat(put(nobody, "team-new-app", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/apps/team-new-app", ann).status()).isEqualTo(404);

        expect(put(ann, "team-new-app", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}"), 200);
    }

    @Test
    void theStoredTeamDecidesForAnExistingApplication() {
        expect(put(ann, "stored-team-app", "{\"team_id\":\"alpha\",\"name\":\"Stored\",\"active\":true}"), 200);

        // ben names his own team in the body, but the application belongs to alpha.
        var r = put(ben, "stored-team-app", "{\"team_id\":\"beta\",\"name\":\"Taken\"}");

        assertThat(r.status()).isEqualTo(403);
        assertThat(get("stored-team-app").get("team_id").asText()).isEqualTo("alpha");
        assertThat(get("stored-team-app").get("name").asText()).isEqualTo("Stored");
        assertThat(put(ben, "stored-team-app", "{\"subtitle\":\"x\"}").status()).isEqualTo(403);
    }

    @Test
    void theOwnerMayHandAnApplicationToAnotherTeam() {
        expect(put(ann, "handover-app", "{\"team_id\":\"alpha\",\"name\":\"Handover\",\"active\":true}"), 200);

        expect(put(ann, "handover-app", "{\"team_id\":\"beta\"}"), 200);

        assertThat(get("handover-app").get("team_id").asText()).isEqualTo("beta");
        assertThat(put(ann, "handover-app", "{\"subtitle\":\"mine again?\"}").status())
                .isEqualTo(403);
        expect(put(ben, "handover-app", "{\"subtitle\":\"ours now\"}"), 200);
        assertThat(get("handover-app").get("subtitle").asText()).isEqualTo("ours now");
    }

    @Test
    void adminsMayWriteEveryApplication() {
        expect(put(ann, "admin-edit-app", "{\"team_id\":\"alpha\",\"name\":\"A\",\"active\":true}"), 200);

        expect(put(admin, "admin-edit-app", "{\"name\":\"By admin\",\"team_id\":\"gamma\"}"), 200);

        assertThat(get("admin-edit-app").get("name").asText()).isEqualTo("By admin");
        assertThat(get("admin-edit-app").get("team_id").asText()).isEqualTo("gamma");
    }

    @Test
    void servicesNeedApplicationWriteAndTheirOwnTeam() {
        expect(put(admin, "robot-plain", "{\"team_id\":\"alpha\",\"name\":\"Robot\",\"active\":true}"), 200);
        expect(put(admin, "robot-writer", "{\"team_id\":\"alpha\",\"name\":\"Robot\",\"active\":true}"), 200);
        expect(put(admin, "svc-target", "{\"team_id\":\"alpha\",\"name\":\"Target\",\"active\":true}"), 200);
        expect(put(admin, "svc-foreign", "{\"team_id\":\"beta\",\"name\":\"Foreign\",\"active\":true}"), 200);
        String plain = KioTesting.serviceToken(api, admin, "robot-plain");
        String writer = KioTesting.serviceToken(api, admin, "robot-writer", "application.write");

        assertThat(expect(api.get("/apps/svc-target", plain), 200)
                        .json()
                        .get("id")
                        .asText())
                .isEqualTo("svc-target");
        assertThat(put(plain, "svc-target", "{\"subtitle\":\"plain\"}").status())
                .isEqualTo(403);
        expect(put(writer, "svc-target", "{\"subtitle\":\"writer\"}"), 200);
        assertThat(get("svc-target").get("last_modified_by").asText()).isEqualTo("robot-writer");
        assertThat(put(writer, "svc-foreign", "{\"subtitle\":\"writer\"}").status())
                .isEqualTo(403);
        assertThat(put(writer, "svc-new-foreign", "{\"team_id\":\"beta\",\"name\":\"N\",\"active\":true}")
                        .status())
                .isEqualTo(403);
        expect(put(writer, "svc-new-own", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}"), 200);
        assertThat(get("svc-new-own").get("created_by").asText()).isEqualTo("robot-writer");
    }

    @Test
    void writeAllLetsAServiceWriteEveryTeamsApplications() {
        expect(put(admin, "robot-all", "{\"team_id\":\"gamma\",\"name\":\"Robot\",\"active\":true}"), 200);
        expect(put(admin, "all-target", "{\"team_id\":\"beta\",\"name\":\"Target\",\"active\":true}"), 200);
        String token = KioTesting.serviceToken(api, admin, "robot-all", "application.write_all");

        expect(put(token, "all-target", "{\"subtitle\":\"by write_all\"}"), 200);
        expect(put(token, "all-new", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}"), 200);

        assertThat(get("all-target").get("subtitle").asText()).isEqualTo("by write_all");
        assertThat(get("all-new").get("team_id").asText()).isEqualTo("alpha");
    }

    @Test
    void writingNeedsAValidToken() {
        assertThat(put(null, "anon-app", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}")
                        .status())
                .isEqualTo(401);
        assertThat(put("garbage", "anon-app", "{\"team_id\":\"alpha\",\"name\":\"N\",\"active\":true}")
                        .status())
                .isEqualTo(401);
        assertThat(api.get("/apps/anon-app", ann).status()).isEqualTo(404);
    }

    @Test
    void concurrentWritesDoNotStarveASmallConnectionPool() throws Exception {
        // Each write must get by with the one connection of its transaction: with a pool of two,
        // writers that asked for a second connection while holding the first would wait on each other.
        TestServer small;
        System.setProperty("keyport.db.pool", "2");
        try {
            small = TestServer.start();
        } finally {
            System.clearProperty("keyport.db.pool");
        }
        try (small) {
            ApiClient client = small.client();
            String root = client.adminToken();
            client.team(root, "pool");
            client.team(root, "pool2");
            int writers = 6;
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
            try {
                List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    String id = "pool-" + i;
                    results.add(pool.submit(() -> {
                        go.await();
                        int created = client.putJson(
                                        "/apps/" + id, root, "{\"team_id\":\"pool\",\"name\":\"P\",\"active\":true}")
                                .status();
                        int moved = client.putJson("/apps/" + id, root, "{\"team_id\":\"pool2\"}")
                                .status();
                        return created * 1000 + moved;
                    }));
                }
                go.countDown();
                for (var f : results) {
                    assertThat(f.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200_200);
                }
            } finally {
                pool.shutdownNow();
            }
            JsonNode moved =
                    expect(client.get("/apps?team_id=pool2", root), 200).json();
            assertThat(moved.size()).isEqualTo(writers);
        }
    }
}
