package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ApiClient.Response;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what: every identity against every guarded endpoint, one test case per cell.
 *
 * <p>The rules (Kio A.3 and the identity section of the architecture): anyone authenticated whose
 * token carries {@code uid} may read; writing an application needs membership of its team (the
 * stored team for an existing application, the body's team for a new one), and services also need
 * {@code application.write}, unless the caller is an admin or holds {@code application.write_all};
 * only people of the application's team approve its versions, never the version's author (four
 * eyes); teams, users, scopes, approval policies and the audit log are for admins, except that a
 * person may change their own password; credentials are managed by the team's people or admins,
 * never by services. A token without {@code uid} is refused everywhere, admin or not.
 *
 * <p>Identities (columns of {@link #MATRIX}):
 * <pre>
 * anon      no Authorization header
 * admin     user admin, token with every scope
 * admin-w   user admin, token requested with scope "application.write application.write_all" (no uid)
 * alice     person in team-a, default scopes (uid application.write)
 * alice-u   alice, token requested with scope=uid
 * alice-w   alice, token requested with scope=application.write (no uid)
 * carol     a second person in team-a
 * bob       person in team-b
 * nadia     person in no team
 * svc       service of application svc-plain (team-a), no scopes granted (holds uid only)
 * svc-w     service of application svc-write (team-a), granted application.write
 * svc-wa    service of application svc-write-all (team-a), granted application.write_all
 * svc-moved service of application svc-moved, granted application.write, whose token was issued
 *           while it belonged to team-a; the application then moved to team-b, which revoked
 *           its credentials, so the token is dead everywhere
 * </pre>
 *
 * <p>svc-w's credential was created by carol, so carol counts as an author of every version svc-w
 * writes (four eyes through a service).
 *
 * <p>Placeholders in paths: {@code {new}} a fresh id; {@code {self}} the caller's own uid;
 * {@code {v-alice}} / {@code {v-carol}} a fresh version of app-a created by alice / carol just
 * before the request; {@code {v-svc-w}} a fresh version of app-a written by svc-w;
 * {@code {pending-app}} a fresh application of team-a with criticality level 2 and a version that
 * one person approved, pending a second; after the request that version must still be pending
 * (lowering the level never approves a pending version); {@code {failed-task}} a fresh task of a kind
 * no handler knows, enqueued in the server and failed by its workers. Bodies are named in {@link #BODIES};
 * {@code -} is no body.
 *
 * <p>Besides the status, each cell checks the audit log: a refused request (4xx) and a read leave
 * it unchanged, an accepted write appends to it. 401 and 403 answer {@code {"message": ...}}.
 */
@KeyportTest
class AuthorizationMatrixIT {

    private static final String MATRIX = """
            method | path                                     | body         || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /apps                                    | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /apps/app-a                              | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /apps/app-a                              | rename       || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /apps/app-b                              | rename       || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 200    | 401
            PUT    | /apps/{new}                              | new-app-a    || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /apps/{new}                              | new-app-b    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 200    | 401
            PUT    | /apps/app-a/versions/{new}               | version      || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /apps/app-b/versions/{new}               | version      || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 200    | 401
            POST   | /apps/app-a/versions/{v-carol}/approvals | approval     || 401  | 403   | 403     | 200   | 200     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /apps/app-a/versions/{v-alice}/approvals | approval     || 401  | 403   | 403     | 403   | 403     | 403     | 200   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /approvals/inbox                         | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 403 | 403   | 403    | 401
            GET    | /approvals/statistics                    | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /apps/app-a/approval-policy              | policy       || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/teams                               | -            || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /api/teams/{new}                         | team         || 401  | 201   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /api/users/dave                          | password     || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /api/users/{self}                        | own-password || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 403 | 403   | 403    | 401
            PUT    | /api/users/{self}                        | make-admin   || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/audit                               | -            || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /apps/app-a/credentials                  | -            || 401  | 201   | 403     | 201   | 201     | 403     | 201   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /apps/app-a/scopes                       | scopes       || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /apps/app-a/versions/{v-svc-w}/approvals | approval     || 401  | 403   | 403     | 200   | 200     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            PUT    | /apps/{pending-app}                      | tier-1       || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            GET    | /api/tasks                               | -            || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/tasks?state=failed                  | -            || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/tasks/{failed-task}/retry           | -            || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            """;

    private static final String PEOPLE_PASSWORD = "people-password-1";

    /** Request bodies by name; {@code {password}} is the caller's own password. */
    private static final Map<String, String> BODIES = Map.ofEntries(
            Map.entry("rename", "{\"name\":\"Renamed\"}"),
            Map.entry("new-app-a", "{\"team_id\":\"team-a\",\"name\":\"New\",\"active\":true}"),
            Map.entry("new-app-b", "{\"team_id\":\"team-b\",\"name\":\"New\",\"active\":true}"),
            Map.entry("version", "{\"artifact\":\"docker://registry.example/team/app:1.0\",\"notes\":\"matrix\"}"),
            Map.entry("approval", "{\"approval_type\":\"TEST\"}"),
            Map.entry("policy", "{\"four_eyes\":true}"),
            Map.entry("team", "{\"name\":\"A new team\"}"),
            Map.entry("password", "{\"password\":\"dave-password-2\"}"),
            Map.entry("own-password", "{\"password\":\"{password}\"}"),
            Map.entry("make-admin", "{\"admin\":true}"),
            Map.entry("scopes", "{\"scopes\":[\"application.write\"]}"),
            Map.entry("tier-1", "{\"criticality_level\":1}"));

    private static final AtomicInteger COUNTER = new AtomicInteger();

    static TestServer server;
    static ApiClient api;
    static String adminToken;
    /** Identity name to token; anon maps to null. */
    static final Map<String, String> TOKENS = new LinkedHashMap<>();
    static final Map<String, String> UIDS = new LinkedHashMap<>();
    static final Map<String, String> PASSWORDS = new LinkedHashMap<>();

    record Cell(String identity, String method, String path, String body, int expected) {
        @Override
        public String toString() {
            return String.format("%-8s %-4s %s%s -> %d", identity, method, path,
                    body.equals("-") ? "" : " [" + body + "]", expected);
        }
    }

    @BeforeAll
    static void start(TestServer testServer, ApiClient client) {
        server = testServer;
        api = client;
        adminToken = api.adminToken();
        api.team(adminToken, "team-a");
        api.team(adminToken, "team-b");
        api.app(adminToken, "app-a", "team-a");
        api.app(adminToken, "app-b", "team-b");

        person("admin", "admin", TestServer.ADMIN_PASSWORD, adminToken);
        person("admin-w", "admin", TestServer.ADMIN_PASSWORD,
                api.token("admin", TestServer.ADMIN_PASSWORD, "application.write", "application.write_all"));
        person("alice", "alice", PEOPLE_PASSWORD, api.user(adminToken, "alice", PEOPLE_PASSWORD, "team-a"));
        person("alice-u", "alice", PEOPLE_PASSWORD, api.token("alice", PEOPLE_PASSWORD, "uid"));
        person("alice-w", "alice", PEOPLE_PASSWORD, api.token("alice", PEOPLE_PASSWORD, "application.write"));
        person("carol", "carol", PEOPLE_PASSWORD, api.user(adminToken, "carol", PEOPLE_PASSWORD, "team-a"));
        person("bob", "bob", PEOPLE_PASSWORD, api.user(adminToken, "bob", PEOPLE_PASSWORD, "team-b"));
        person("nadia", "nadia", PEOPLE_PASSWORD, api.user(adminToken, "nadia", PEOPLE_PASSWORD));
        api.user(adminToken, "dave", "dave-password-1", "team-b");
        service("svc", "svc-plain", adminToken);
        service("svc-w", "svc-write", TOKENS.get("carol"), "application.write");
        service("svc-wa", "svc-write-all", adminToken, "application.write_all");
        service("svc-moved", "svc-moved", adminToken, "application.write");
        ApiClient.expect(api.putJson("/apps/svc-moved", adminToken, "{\"team_id\":\"team-b\"}"), 200);
        TOKENS.put("anon", null);
        UIDS.put("anon", "nobody");
        PASSWORDS.put("anon", "not-a-password");

        // The identities are what the columns say they are.
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + TOKENS.get("alice-w"), null).json().get("scope").toString())
                .isEqualTo("[\"application.write\"]");
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + TOKENS.get("svc-wa"), null).json().toString())
                .contains("\"realm\":\"/services\"").contains("application.write_all");
    }

    private static void person(String identity, String uid, String password, String token) {
        TOKENS.put(identity, token);
        UIDS.put(identity, uid);
        PASSWORDS.put(identity, password);
    }

    /**
     * An application of team-a with the given scopes granted, a credential created by
     * {@code creator}, and a client-credentials token.
     */
    private static void service(String identity, String appId, String creator, String... scopes) {
        api.app(adminToken, appId, "team-a");
        String list = Arrays.stream(scopes).map(s -> "\"" + s + "\"").reduce((a, b) -> a + "," + b).orElse("");
        ApiClient.expect(api.putJson("/apps/" + appId + "/scopes", adminToken, "{\"scopes\":[" + list + "]}"), 200);
        JsonNode credential = ApiClient.expect(api.postJson("/apps/" + appId + "/credentials", creator, null), 201).json();
        Response token = api.form("/oauth2/token", Map.of("grant_type", "client_credentials"),
                credential.get("client_id").asText(), credential.get("client_secret").asText());
        ApiClient.expect(token, 200);
        TOKENS.put(identity, token.json().get("access_token").asText());
        UIDS.put(identity, appId);
        PASSWORDS.put(identity, "not-a-password");
    }

    static Stream<Arguments> cells() {
        List<String> lines = MATRIX.lines().filter(l -> !l.isBlank()).toList();
        List<String> identities = Arrays.stream(lines.getFirst().split("\\|\\|")[1].split("\\|")).map(String::trim).toList();
        List<Arguments> cells = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] halves = line.split("\\|\\|");
            String[] request = Arrays.stream(halves[0].split("\\|")).map(String::trim).toArray(String[]::new);
            String[] expected = Arrays.stream(halves[1].split("\\|")).map(String::trim).toArray(String[]::new);
            if (expected.length != identities.size()) {
                throw new IllegalStateException("row has " + expected.length + " cells: " + line);
            }
            for (int i = 0; i < expected.length; i++) {
                Cell cell = new Cell(identities.get(i), request[0], request[1], request[2], Integer.parseInt(expected[i]));
                cells.add(Arguments.of(Named.of(cell.toString(), cell)));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void cell(Cell cell) {
        String token = TOKENS.get(cell.identity());
        assertThat(TOKENS).as("identity %s", cell.identity()).containsKey(cell.identity());
        String path = resolve(cell.path(), cell.identity());
        String body = cell.body().equals("-") ? null
                : BODIES.get(cell.body()).replace("{password}", PASSWORDS.get(cell.identity()));
        long auditBefore = auditEntries();

        Response r = token == null
                ? api.send(cell.method(), path, body, "Content-Type", "application/json")
                : api.send(cell.method(), path, body, "Content-Type", "application/json", "Authorization", "Bearer " + token);

        assertThat(r.status()).as("%s %s as %s: %s", cell.method(), path, cell.identity(), r.body())
                .isEqualTo(cell.expected());
        long auditAfter = auditEntries();
        if (r.status() >= 400) {
            assertThat(r.header("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
            JsonNode error = r.json();
            assertThat(error.isObject()).as("error body %s", r.body()).isTrue();
            assertThat(error.path("message").isTextual()).as("message in %s", r.body()).isTrue();
            assertThat(error.path("message").asText()).isNotBlank();
            if (r.status() == 401) {
                assertThat(r.header("WWW-Authenticate")).isPresent();
            }
            assertThat(auditAfter).as("a refused request must not be audited or change anything").isEqualTo(auditBefore);
        } else if (cell.method().equals("GET")) {
            assertThat(auditAfter).as("a read changes nothing").isEqualTo(auditBefore);
        } else {
            assertThat(auditAfter).as("an accepted write is audited").isGreaterThan(auditBefore);
        }
        if (cell.path().contains("{pending-app}")) {
            JsonNode version = ApiClient.expect(api.get(path + "/versions/1.0", adminToken), 200).json();
            assertThat(version.get("approval_status").asText()).as("a team's change never approves a pending version")
                    .isEqualTo("pending");
        }
    }

    /** Fills in the placeholders, creating the fresh versions they name. */
    private static String resolve(String path, String identity) {
        String resolved = path.replace("{self}", UIDS.get(identity));
        while (resolved.contains("{new}")) {
            resolved = resolved.replaceFirst("\\{new}", "n" + COUNTER.incrementAndGet());
        }
        if (resolved.contains("{pending-app}")) {
            String app = "p" + COUNTER.incrementAndGet();
            ApiClient.expect(api.putJson("/apps/" + app, TOKENS.get("alice"),
                    "{\"team_id\":\"team-a\",\"name\":\"Pending\",\"active\":true,\"criticality_level\":2}"), 200);
            ApiClient.expect(api.putJson("/apps/" + app + "/approval-policy", adminToken, "{\"approval_types\":[\"TEST\"]}"), 200);
            ApiClient.expect(api.putJson("/apps/" + app + "/versions/1.0", TOKENS.get("alice"), BODIES.get("version")), 200);
            ApiClient.expect(api.postJson("/apps/" + app + "/versions/1.0/approvals", TOKENS.get("carol"),
                    BODIES.get("approval")), 200);
            resolved = resolved.replace("{pending-app}", app);
        }
        if (resolved.contains("{failed-task}")) {
            resolved = resolved.replace("{failed-task}", Long.toString(failedTask()));
        }
        for (String author : List.of("alice", "carol", "svc-w")) {
            String placeholder = "{v-" + author + "}";
            if (resolved.contains(placeholder)) {
                String version = "v" + COUNTER.incrementAndGet() + "." + author;
                ApiClient.expect(api.putJson("/apps/app-a/versions/" + version, TOKENS.get(author),
                        BODIES.get("version")), 200);
                resolved = resolved.replace(placeholder, version);
            }
        }
        return resolved;
    }

    /** A task of a kind no handler knows, once the server's workers failed it. */
    private static long failedTask() {
        long id = server.server().database().inTransaction(c -> server.server().tasks().enqueue(c, "matrix.unknown", Map.of()));
        try {
            Eventually.until(Duration.ofSeconds(30), "task " + id + " failed", () ->
                    ApiClient.expect(api.get("/api/tasks?state=failed&limit=1000", adminToken), 200).json().get("tasks")
                            .findValues("id").stream().anyMatch(v -> v.asLong() == id));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private static long auditEntries() {
        JsonNode verify = ApiClient.expect(api.get("/api/audit/verify", adminToken), 200).json();
        assertThat(verify.get("intact").asBoolean()).as("audit chain intact: %s", verify).isTrue();
        return verify.get("entries").asLong();
    }
}
