package io.keyport.backend.kio;

import static io.keyport.backend.kio.KioTesting.CLI_TIMESTAMP;
import static io.keyport.backend.kio.KioTesting.assertCliTimestamps;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.model.common.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kio-cli cannot be installed here (PyPI is unreachable), so this test replays the HTTP calls its
 * commands make, in order and with the bodies it builds (reference A.6), and checks the answers
 * the way the CLI consumes them: status codes it tests, keys it indexes, timestamps it parses with
 * {@code %Y-%m-%dT%H:%M:%S.%fZ}.
 */
@KeyportTest
class KioCliCompatibilityIT {

    static ApiClient api;
    static String admin;
    /** What {@code zign.api.get_token('kio', ['uid'])} hands the CLI for clio and cleo (team cli). */
    static String clio;

    static String cleo;
    /** The token {@code kio ver create} asks for: scopes uid and application.write. */
    static String clioWriter;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "cli");
        api.team(admin, "clilist");
        api.user(admin, "clio", "clio-password-1", "cli", "clilist");
        api.user(admin, "cleo", "cleo-password-1", "cli", "clilist");
        clio = api.token("clio", "clio-password-1", "uid");
        cleo = api.token("cleo", "cleo-password-1", "uid");
        clioWriter = api.token("clio", "clio-password-1", "uid", "application.write");
    }

    /** {@code kio.api.request}: a GET with the bearer token. */
    private static ApiClient.Response request(String path, String token) {
        ApiClient.Response r = api.get(path, token);
        if (r.status() == 200) {
            assertCliTimestamps(r.json());
        }
        return r;
    }

    /** {@code session.put(url, headers={Authorization, Content-Type: application/json}, data=json.dumps(data))}. */
    private static ApiClient.Response put(String path, String token, Object data) {
        return api.send(
                "PUT", path, json(data), "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static ApiClient.Response post(String path, String token, Object data) {
        return api.send(
                "POST", path, json(data), "Authorization", "Bearer " + token, "Content-Type", "application/json");
    }

    private static String json(Object data) {
        try {
            return Json.mapper().writeValueAsString(data);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void raiseForStatus(ApiClient.Response r) {
        assertThat(r.status()).as("requests' raise_for_status: %s", r).isBetween(200, 399);
    }

    /** {@code kio app create ID k=v...}: GET must be exactly 404, then PUT {"active": true, k: "v"...}. */
    private static void appCreate(String token, String id, String... keyValues) {
        ApiClient.Response existing = request("/apps/" + id, token);
        assertThat(existing.status())
                .as("kio app create refuses unless GET is 404")
                .isEqualTo(404);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("active", true);
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            data.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        assertThat(data).containsKeys("name", "team_id");
        raiseForStatus(put("/apps/" + id, token, data));
    }

    /**
     * {@code kio app update ID k=v...}: GET, each key must exist, booleans become {@code val == 'true'},
     * drop the read-only keys, PUT the whole remaining document.
     */
    private static Map<String, Object> appUpdate(String token, String id, String... keyValues) {
        ApiClient.Response r = request("/apps/" + id, token);
        raiseForStatus(r);
        ObjectNode data = (ObjectNode) r.json();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            String key = kv.substring(0, eq);
            String val = kv.substring(eq + 1);
            assertThat(data.has(key)).as("Field \"%s\" does not exist", key).isTrue();
            if (data.get(key).isBoolean()) {
                data.put(key, val.equals("true"));
            } else {
                data.put(key, val);
            }
        }
        for (String key : List.of("id", "last_modified", "last_modified_by", "created", "created_by")) {
            assertThat(data.remove(key))
                    .as("del data['%s'] raises KeyError when missing", key)
                    .isNotNull();
        }
        raiseForStatus(put("/apps/" + id, token, data));
        return Json.mapper().convertValue(data, Map.class);
    }

    /** {@code kio app list [-t TEAM] [-s SINCE] [-a]}: GET /apps without parameters, then the CLI's own filtering. */
    private static List<JsonNode> appList(String token, String team, String since, boolean all) {
        ApiClient.Response r = request("/apps", token);
        raiseForStatus(r);
        JsonNode data = r.json();
        assertThat(data.isArray()).isTrue();
        List<JsonNode> rows = new ArrayList<>();
        for (JsonNode row : data) {
            // row['active'], row['team_id'], row['last_modified'] are indexed, not .get(): KeyError otherwise.
            assertThat(row.has("active")).as("row %s has active", row).isTrue();
            assertThat(row.has("last_modified"))
                    .as("row %s has last_modified", row)
                    .isTrue();
            assertThat(row.has("team_id")).as("row %s has team_id", row).isTrue();
            for (String column :
                    List.of("id", "team_id", "criticality_level", "incident_contact", "name", "subtitle")) {
                assertThat(row.has(column)).as("column %s", column).isTrue();
            }
            if (!row.get("active").asBoolean() && !all) {
                continue;
            }
            if (team != null && !row.get("team_id").asText().equals(team)) {
                continue;
            }
            if (row.get("last_modified").asText().compareTo(since) < 0) {
                continue;
            }
            assertThat(row.get("last_modified").asText()).matches(CLI_TIMESTAMP);
            rows.add(row);
        }
        rows.sort(Comparator.comparing(row -> row.get("id").asText()));
        return rows;
    }

    /** What {@code parse_since} renders: {@code strftime('%Y-%m-%dT%H:%M:%S.%fZ')}, six fraction digits. */
    private static String since(Instant t) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                .withZone(ZoneOffset.UTC)
                .format(t);
    }

    @Test
    void appCreateShowUpdateAndList() {
        Instant started = Instant.now().minus(1, ChronoUnit.SECONDS);

        appCreate(
                clio,
                "cli-app",
                "name=CLI App",
                "team_id=clilist",
                "subtitle=made by kio",
                "criticality_level=2",
                "incident_contact=cli",
                "scm_url=https://git.example/cli/cli-app",
                "publicly_accessible=false");

        // kio app show: key/value rows sorted by key.
        JsonNode shown = request("/apps/cli-app", clio).json();
        assertThat(shown.get("name").asText()).isEqualTo("CLI App");
        assertThat(shown.get("active").asBoolean()).isTrue();
        assertThat(shown.get("criticality_level").asInt()).isEqualTo(2);
        assertThat(shown.get("publicly_accessible").asBoolean()).isFalse();
        assertThat(shown.get("required_approvers").asInt()).isEqualTo(2);
        assertThat(shown.get("created_by").asText()).isEqualTo("clio");
        assertThat(shown.get("description").isNull()).isTrue();

        // A second create sees the application and stops.
        assertThat(request("/apps/cli-app", clio).status()).isEqualTo(200);

        // kio app update cli-app subtitle=... criticality_level=1 active=false
        Map<String, Object> sent =
                appUpdate(cleo, "cli-app", "subtitle=updated by kio", "criticality_level=1", "active=false");
        assertThat(sent)
                .containsEntry("criticality_level", "1")
                .containsEntry("active", false)
                .containsEntry("required_approvers", 2)
                .containsEntry("description", null);

        JsonNode updated = request("/apps/cli-app", clio).json();
        assertThat(updated.get("subtitle").asText()).isEqualTo("updated by kio");
        assertThat(updated.get("criticality_level").asInt()).isEqualTo(1);
        assertThat(updated.get("required_approvers").asInt()).isEqualTo(1);
        assertThat(updated.get("active").asBoolean()).isFalse();
        assertThat(updated.get("name").asText()).isEqualTo("CLI App");
        assertThat(updated.get("scm_url").asText()).isEqualTo("https://git.example/cli/cli-app");
        assertThat(updated.get("created_by").asText()).isEqualTo("clio");
        assertThat(updated.get("last_modified_by").asText()).isEqualTo("cleo");

        // An update that changes nothing echoes the whole document, nulls and all.
        appUpdate(clio, "cli-app");
        assertThat(request("/apps/cli-app", clio).json().get("description").isNull())
                .isTrue();

        // kio app list: inactive apps are hidden unless -a.
        appCreate(clio, "cli-other", "name=Other", "team_id=clilist");
        appCreate(admin, "cli-third", "name=Third", "team_id=clilist");
        appUpdate(admin, "cli-third", "name=Third, renamed");
        assertThat(appList(clio, "clilist", "", false))
                .extracting(row -> row.get("id").asText())
                .containsExactly("cli-other", "cli-third");
        assertThat(appList(clio, "clilist", "", true))
                .extracting(row -> row.get("id").asText())
                .containsExactly("cli-app", "cli-other", "cli-third");
        assertThat(appList(clio, "clilist", since(started), true)).hasSize(3);
        assertThat(appList(clio, "clilist", since(Instant.now().plus(1, ChronoUnit.HOURS)), true))
                .isEmpty();
    }

    @Test
    void appCreateWithStringsOnly() {
        appCreate(
                clio,
                "cli-strings",
                "name=Strings",
                "team_id=cli",
                "criticality_level=4",
                "publicly_accessible=true",
                "support_url=https://support.example");

        JsonNode app = request("/apps/cli-strings", clio).json();
        assertThat(app.get("criticality_level").isInt()).isTrue();
        assertThat(app.get("criticality_level").asInt()).isEqualTo(4);
        assertThat(app.get("publicly_accessible").asBoolean()).isTrue();
        assertThat(app.get("support_url").asText()).isEqualTo("https://support.example");
    }

    @Test
    void versionCommandsOf2017() {
        appCreate(clio, "cli-ver", "name=Versioned", "team_id=cli");

        // kio ver create cli-ver 1.0.0 docker://... -m notes (token with uid and application.write)
        ApiClient.Response created = put(
                "/apps/cli-ver/versions/1.0.0",
                clioWriter,
                Map.of("artifact", "docker://registry.example/cli/cli-ver:1.0.0", "notes", "first release"));
        raiseForStatus(created);
        raiseForStatus(put(
                "/apps/cli-ver/versions/1.0.1",
                clioWriter,
                Map.of("artifact", "docker://registry.example/cli/cli-ver:1.0.1", "notes", "")));

        // kio ver approve cli-ver 1.0.0 (default types, one POST each), as cleo: clio wrote it.
        for (String type : List.of("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("approval_type", type);
            body.put("notes", null);
            ApiClient.Response r = post("/apps/cli-ver/versions/1.0.0/approvals", cleo, body);
            raiseForStatus(r);
            assertCliTimestamps(r.json());
        }
        // kio ver approve -t TEST -m "ran the suite" as clio is refused: she wrote the version.
        assertThat(post(
                                "/apps/cli-ver/versions/1.0.0/approvals",
                                clio,
                                Map.of("approval_type", "TEST", "notes", "ran the suite"))
                        .status())
                .isEqualTo(403);

        // kio ver list cli-ver: versions, then each version's approvals.
        JsonNode versions = request("/apps/cli-ver/versions", clio).json();
        Map<String, String> approvalsColumn = new LinkedHashMap<>();
        for (JsonNode v : versions) {
            for (String key : List.of("application_id", "id", "artifact", "last_modified")) {
                assertThat(v.has(key)).as(key).isTrue();
            }
            assertThat(v.get("last_modified").asText()).matches(CLI_TIMESTAMP);
            JsonNode approvals = request("/apps/cli-ver/versions/" + v.get("id").asText() + "/approvals", clio)
                    .json();
            List<String> cells = new ArrayList<>();
            for (JsonNode a : approvals) {
                cells.add(a.get("approval_type").asText() + ": "
                        + a.get("user_id").asText());
            }
            approvalsColumn.put(v.get("id").asText(), String.join(", ", cells));
        }
        assertThat(approvalsColumn.keySet()).containsExactly("1.0.0", "1.0.1");
        assertThat(approvalsColumn.get("1.0.0"))
                .contains("SPECIFICATION: cleo", "CODE_CHANGE: cleo", "TEST: cleo", "DEPLOY: cleo");
        assertThat(approvalsColumn.get("1.0.1")).isEmpty();

        // kio ver show cli-ver 1.0.0: key/value rows plus "<type> by <user> on <approved_at>".
        JsonNode shown = request("/apps/cli-ver/versions/1.0.0", clio).json();
        assertThat(shown.get("artifact").asText()).isEqualTo("docker://registry.example/cli/cli-ver:1.0.0");
        assertThat(shown.get("notes").asText()).isEqualTo("first release");
        assertThat(shown.get("created").asText()).matches(CLI_TIMESTAMP);
        JsonNode approvals =
                request("/apps/cli-ver/versions/1.0.0/approvals", clio).json();
        List<String> lines = new ArrayList<>();
        for (JsonNode a : approvals) {
            assertThat(a.get("approved_at").asText()).matches(CLI_TIMESTAMP);
            lines.add(a.get("approval_type").asText() + " by "
                    + a.get("user_id").asText() + " on " + a.get("approved_at").asText());
        }
        assertThat(lines)
                .hasSize(4)
                .allSatisfy(line -> assertThat(line).matches("[A-Z_]+ by cleo on " + CLI_TIMESTAMP.pattern()));

        // Criticality is unset, so two people are needed: still pending after cleo alone.
        assertThat(shown.get("approval_status").asText()).isEqualTo("pending");
    }

    @Test
    void everyTimestampTheCliReadsHasItsFormat() {
        appCreate(clio, "cli-times", "name=Times", "team_id=cli");
        raiseForStatus(put("/apps/cli-times/versions/1", clioWriter, Map.of("artifact", "docker://r/cli/cli-times:1")));
        raiseForStatus(post("/apps/cli-times/versions/1/approvals", cleo, Map.of("approval_type", "TEST")));

        List<JsonNode> documents = List.of(
                request("/apps", clio).json(),
                request("/apps?search=times", clio).json(),
                request("/apps/cli-times", clio).json(),
                request("/apps/cli-times/versions", clio).json(),
                request("/apps/cli-times/versions/1", clio).json(),
                request("/apps/cli-times/versions/1/approvals", clio).json());

        List<String> seen = new ArrayList<>();
        documents.forEach(d -> seen.addAll(KioTesting.timestamps(d)));
        assertThat(seen)
                .anyMatch(s -> s.contains(".created="))
                .anyMatch(s -> s.contains(".last_modified="))
                .anyMatch(s -> s.contains(".approved_at="));
        for (String entry : seen) {
            assertThat(entry.substring(entry.indexOf('=') + 1)).as(entry).matches(CLI_TIMESTAMP);
        }
    }
}
