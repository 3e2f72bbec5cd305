package io.keyport.backend.kio;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The applications domain's rows for the shared test runners: who may call which Kio route
 * ({@link #AUTHORIZATION}, identities of {@link io.keyport.backend.testing.Cast}) and the bad
 * requests it refuses ({@link #badInput()}).
 *
 * <p>The rules (Kio A.3): anyone authenticated whose token carries {@code uid} may read; writing an
 * application needs membership of its team (the stored team for an existing application, the
 * body's team for a new one), and services also need {@code application.write}, unless the caller
 * is an admin or holds {@code application.write_all}; only people of the application's team
 * approve its versions, never the version's author (four eyes); approval policies are for admins.
 *
 * <p>Placeholders: {@code {v-alice}} / {@code {v-carol}} / {@code {v-svc-w}} a fresh version of
 * app-a created by that identity just before the request; {@code {pending-app}} a fresh application
 * of team-a with criticality level 2 and a version that one person approved, pending a second;
 * after the request that version must still be pending (lowering the level never approves a
 * pending version).
 */
public final class KioTables {

    private static final String VERSION =
            "{\"artifact\":\"docker://registry.example/team/app:1.0\",\"notes\":\"matrix\"}";
    private static final String APPROVAL = "{\"approval_type\":\"TEST\"}";

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("kio", ErrorBodies.STUPS, """
            method | path                                              | body      || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /apps                                             | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /approvals/inbox                                  | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 403 | 403   | 403    | 401
            GET    | /approvals/statistics                             | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /apps/app-a                                       | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /apps/app-a                                       | rename    || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /apps/app-b                                       | rename    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 200    | 401
            PUT    | /apps/{new}                                       | new-app-a || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /apps/{new}                                       | new-app-b || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 200    | 401
            PUT    | /apps/{pending-app}                               | tier-1    || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            GET    | /apps/app-a/approvals                             | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /apps/app-a/approval-policy                       | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /apps/app-a/approval-policy                       | policy    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /apps/app-a/versions                              | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            GET    | /apps/app-a/versions/{v-alice}                    | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            PUT    | /apps/app-a/versions/{new}                        | version   || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 403 | 403   | 403 | 200   | 200    | 401
            PUT    | /apps/app-b/versions/{new}                        | version   || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 200 | 403   | 403 | 403   | 200    | 401
            GET    | /apps/app-a/versions/{v-alice}/approvals          | -         || 401  | 200   | 403     | 200   | 200     | 403     | 200   | 200 | 200   | 200 | 200   | 200    | 401
            POST   | /apps/app-a/versions/{v-carol}/approvals          | approval  || 401  | 403   | 403     | 200   | 200     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /apps/app-a/versions/{v-alice}/approvals          | approval  || 401  | 403   | 403     | 403   | 403     | 403     | 200   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /apps/app-a/versions/{v-svc-w}/approvals          | approval  || 401  | 403   | 403     | 200   | 200     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            """)
            .body("rename", "{\"name\":\"Renamed\"}")
            .body("new-app-a", "{\"team_id\":\"team-a\",\"name\":\"New\",\"active\":true}")
            .body("new-app-b", "{\"team_id\":\"team-b\",\"name\":\"New\",\"active\":true}")
            .body("tier-1", "{\"criticality_level\":1}")
            .body("policy", "{\"four_eyes\":true}")
            .body("version", VERSION)
            .body("approval", APPROVAL)
            .placeholder("{v-alice}", (ctx, identity) -> version(ctx, "alice"))
            .placeholder("{v-carol}", (ctx, identity) -> version(ctx, "carol"))
            .placeholder("{v-svc-w}", (ctx, identity) -> version(ctx, "svc-w"))
            .placeholder("{pending-app}", (ctx, identity) -> pendingApp(ctx));

    private static final String RENAME = "{\"name\":\"renamed\"}";

    private KioTables() {}

    /**
     * Bad requests to the Kio routes, answered in the STUPS family. They expect version 1.0 of
     * app-a, written by alice.
     */
    public static BadInputTable badInput() {
        return BadInputTable.of("kio", ErrorBodies.STUPS)
                .snapshot("/apps", "/apps/app-a", "/apps/app-a/versions", "/apps/app-a/approval-policy")
                .group("malformed JSON")
                .add("unterminated object", "admin", "PUT", "/apps/app-a", "{", 400)
                .add("trailing comma", "admin", "PUT", "/apps/app-a", "{\"name\":\"x\",}", 400)
                .add("single quotes", "admin", "PUT", "/apps/app-a", "{'name':'x'}", 400)
                .add("comment", "admin", "PUT", "/apps/app-a", "{\"name\":\"x\" /* hi */}", 400)
                .add("NaN", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":NaN}", 400)
                .add("two documents", "admin", "PUT", "/apps/app-a", "{\"name\":\"x\"} {\"name\":\"y\"}", 400)
                .add("key given twice", "admin", "PUT", "/apps/app-a", "{\"name\":\"x\",\"name\":\"y\"}", 400)
                .add("JSON null", "admin", "PUT", "/apps/app-a", "null", 400)
                .add("JSON array", "admin", "PUT", "/apps/app-a", "[]", 400)
                .add("array of objects", "admin", "PUT", "/apps/app-a", "[{\"name\":\"x\"}]", 400)
                .add("JSON string", "admin", "PUT", "/apps/app-a", "\"name\"", 400)
                .add("JSON number", "admin", "PUT", "/apps/app-a", "42", 400)
                .add("empty body", "admin", "PUT", "/apps/app-a", "", 400)
                .add("whitespace body", "admin", "PUT", "/apps/app-a", "  \n ", 400)
                .add(
                        "nested 100 deep",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"description\":" + "[".repeat(100) + "]".repeat(100) + "}",
                        400)
                .add("NUL in a string", "admin", "PUT", "/apps/app-a", "{\"name\":\"a\\u0000b\"}", 400)
                .add("NUL in a key", "admin", "PUT", "/apps/app-a", "{\"na\\u0000me\":\"x\"}", 400)
                .add("version body null", "alice", "PUT", "/apps/app-a/versions/1.0", "null", 400)
                .add("approval body array", "alice", "POST", "/apps/app-a/versions/1.0/approvals", "[\"TEST\"]", 400)
                .add("policy body string", "admin", "PUT", "/apps/app-a/approval-policy", "\"four_eyes\"", 400)
                .group("values of the wrong JSON type")
                .add("active 1", "admin", "PUT", "/apps/app-a", "{\"active\":1}", 400)
                .add("active 0", "admin", "PUT", "/apps/app-a", "{\"active\":0}", 400)
                .add("active TRUE", "admin", "PUT", "/apps/app-a", "{\"active\":\"TRUE\"}", 400)
                .add("publicly_accessible 1", "admin", "PUT", "/apps/app-a", "{\"publicly_accessible\":1}", 400)
                .add("name a number", "admin", "PUT", "/apps/app-a", "{\"name\":12}", 400)
                .add("name a boolean", "admin", "PUT", "/apps/app-a", "{\"name\":true}", 400)
                .add("subtitle a fraction", "admin", "PUT", "/apps/app-a", "{\"subtitle\":1.5}", 400)
                .add(
                        "version notes a number",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1.0",
                        "{\"artifact\":\"docker://registry/team-a/app-a:1.0\",\"notes\":5}",
                        400)
                .add(
                        "approval type a number",
                        "alice",
                        "POST",
                        "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":7}",
                        400)
                .add(
                        "approval notes a boolean",
                        "alice",
                        "POST",
                        "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":\"TEST\",\"notes\":false}",
                        400)
                .add("policy four_eyes 0", "admin", "PUT", "/apps/app-a/approval-policy", "{\"four_eyes\":0}", 400)
                .add(
                        "policy four_eyes as text",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"four_eyes\":\"false\"}",
                        400)
                .add(
                        "policy approvers as text",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"required_approvers\":\"1\"}",
                        400)
                .add(
                        "policy type a number",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"approval_types\":[5]}",
                        400)
                .group("unknown fields and wrong values")
                .add("unknown field", "admin", "PUT", "/apps/app-a", "{\"bogus\":1}", 400)
                .add(
                        "unknown field next to valid ones",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"name\":\"x\",\"owner\":\"team-b\"}",
                        400)
                .add("active maybe", "admin", "PUT", "/apps/app-a", "{\"active\":\"maybe\"}", 400)
                .add("active object", "admin", "PUT", "/apps/app-a", "{\"active\":{}}", 400)
                .add("criticality x", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":\"x\"}", 400)
                .add("criticality 7", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":7}", 400)
                .add("criticality 0", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":0}", 400)
                .add("criticality -1", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":-1}", 400)
                .add("criticality 2.5", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":2.5}", 400)
                .add(
                        "criticality huge",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"criticality_level\":99999999999999999999}",
                        400)
                .add("criticality 1e400", "admin", "PUT", "/apps/app-a", "{\"criticality_level\":1e400}", 400)
                .add("name object", "admin", "PUT", "/apps/app-a", "{\"name\":{\"a\":1}}", 400)
                .add("name array", "admin", "PUT", "/apps/app-a", "{\"name\":[\"a\"]}", 400)
                .add("name blank", "admin", "PUT", "/apps/app-a", "{\"name\":\" \"}", 400)
                .add(
                        "name 300 characters",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"name\":\"" + "n".repeat(300) + "\"}",
                        400)
                .add(
                        "description 70000 characters",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"description\":\"" + "d".repeat(70_000) + "\"}",
                        400)
                .add("team_id blank", "admin", "PUT", "/apps/app-a", "{\"team_id\":\"\"}", 400)
                .add("team_id unknown", "admin", "PUT", "/apps/app-a", "{\"team_id\":\"no-such-team\"}", 400)
                .add(
                        "new app without name",
                        "admin",
                        "PUT",
                        "/apps/new-app",
                        "{\"team_id\":\"team-a\",\"active\":true}",
                        400)
                .add("new app without team", "admin", "PUT", "/apps/new-app", "{\"name\":\"x\",\"active\":true}", 400)
                .add(
                        "new app of unknown team",
                        "admin",
                        "PUT",
                        "/apps/new-app",
                        "{\"team_id\":\"ghosts\",\"name\":\"x\",\"active\":true}",
                        400)
                .add("version without artifact", "alice", "PUT", "/apps/app-a/versions/2.0", "{\"notes\":\"x\"}", 400)
                .add(
                        "version artifact not a reference",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/2.0",
                        "{\"artifact\":\"not a url\"}",
                        400)
                .add("version artifact number", "alice", "PUT", "/apps/app-a/versions/2.0", "{\"artifact\":[1]}", 400)
                .add(
                        "version of unknown app",
                        "admin",
                        "PUT",
                        "/apps/no-such-app/versions/1.0",
                        "{\"artifact\":\"docker://r/t/a:1\"}",
                        404)
                .add("approval type missing", "alice", "POST", "/apps/app-a/versions/1.0/approvals", "{}", 400)
                .add(
                        "approval type with spaces",
                        "alice",
                        "POST",
                        "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":\"CODE REVIEW\"}",
                        400)
                .add(
                        "approval of unknown version",
                        "alice",
                        "POST",
                        "/apps/app-a/versions/9.9/approvals",
                        "{\"approval_type\":\"TEST\"}",
                        404)
                .add(
                        "policy approvers 0",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"required_approvers\":0}",
                        400)
                .add(
                        "policy approvers 1.5",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"required_approvers\":1.5}",
                        400)
                .add(
                        "policy four_eyes maybe",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"four_eyes\":\"maybe\"}",
                        400)
                .add(
                        "policy type with spaces",
                        "admin",
                        "PUT",
                        "/apps/app-a/approval-policy",
                        "{\"approval_types\":[\"a b\"]}",
                        400)
                .add(
                        "policy of unknown app",
                        "admin",
                        "PUT",
                        "/apps/no-such-app/approval-policy",
                        "{\"four_eyes\":true}",
                        404)
                .add("list filter active maybe", "admin", "GET", "/apps?active=maybe", null, 400)
                .add("list filter date garbage", "admin", "GET", "/apps?modified_before=yesterday", null, 400)
                .group("oversized bodies")
                .add(
                        "app body over 1 MiB",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"description\":\"" + "x".repeat((1 << 20) + 1) + "\"}",
                        413)
                .add(
                        "version body over 1 MiB",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1.0",
                        "{\"description\":\"" + "x".repeat((1 << 20) + 1) + "\"}",
                        413)
                .group("invalid ids")
                .add("app id uppercase", "admin", "GET", "/apps/App-A", null, 400)
                .add(
                        "app id uppercase on create",
                        "admin",
                        "PUT",
                        "/apps/New-App",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id underscore",
                        "admin",
                        "PUT",
                        "/apps/new_app",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id 65 characters",
                        "admin",
                        "PUT",
                        "/apps/a" + "b".repeat(64),
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id one character",
                        "admin",
                        "PUT",
                        "/apps/a",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id leading dash",
                        "admin",
                        "PUT",
                        "/apps/-app",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id trailing dash",
                        "admin",
                        "PUT",
                        "/apps/app-",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id with dot",
                        "admin",
                        "PUT",
                        "/apps/app.a",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id with space",
                        "admin",
                        "PUT",
                        "/apps/app%20a",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "app id unicode",
                        "admin",
                        "PUT",
                        "/apps/%C3%A4pp",
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "version id with spaces",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1.0%20beta",
                        "{\"artifact\":\"docker://registry/team-a/app-a:2.0\"}",
                        400)
                .add("version id only a space", "alice", "GET", "/apps/app-a/versions/%20", null, 400)
                .add(
                        "version id double dot",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1..0",
                        "{\"artifact\":\"docker://registry/team-a/app-a:2.0\"}",
                        400)
                .add(
                        "version id 129 characters",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/" + "1".repeat(129),
                        "{\"artifact\":\"docker://registry/team-a/app-a:2.0\"}",
                        400)
                .add(
                        "version id with slash-like colon",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1:0",
                        "{\"artifact\":\"docker://registry/team-a/app-a:2.0\"}",
                        400)
                .add(
                        "approval on invalid version id",
                        "alice",
                        "POST",
                        "/apps/app-a/versions/1%200/approvals",
                        "{\"approval_type\":\"TEST\"}",
                        400)
                .group("SQL meta-characters")
                .add("quote OR in app id", "admin", "GET", "/apps/" + BadInputTable.enc("' OR 1=1 --"), null, 400)
                .add(
                        "DROP TABLE in app id",
                        "admin",
                        "PUT",
                        "/apps/" + BadInputTable.enc("x';DROP TABLE applications;--"),
                        "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "quote in version id",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/" + BadInputTable.enc("1' OR '1'='1"),
                        "{\"artifact\":\"docker://r/t/a:1\"}",
                        400)
                .add(
                        "quote OR in team_id of a new app",
                        "admin",
                        "PUT",
                        "/apps/sql-app",
                        "{\"team_id\":\"team-a' OR '1'='1\",\"name\":\"x\",\"active\":true}",
                        400)
                .add(
                        "DROP TABLE in an approval type",
                        "alice",
                        "POST",
                        "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":\"TEST';DROP TABLE approvals;--\"}",
                        400)
                .add(
                        "quote OR in active filter",
                        "admin",
                        "GET",
                        "/apps?active=" + BadInputTable.enc("true' OR '1'='1"),
                        null,
                        400)
                .group("dashboard statistics window")
                .add("days not a number", "admin", "GET", "/approvals/statistics?days=abc", null, 400)
                .add("days zero", "admin", "GET", "/approvals/statistics?days=0", null, 400)
                .add("days over a year", "admin", "GET", "/approvals/statistics?days=367", null, 400)
                .add("days beyond a long", "admin", "GET", "/approvals/statistics?days=99999999999999999999", null, 400)
                .group("path traversal")
                .add("encoded dot-dot slashes to etc", "admin", "GET", "/apps/..%2F..%2Fetc", null, 400)
                .add("encoded slash in app id", "admin", "GET", "/apps%2Fapp-a", null, 400)
                .add(
                        "encoded slashes reach another route",
                        "alice",
                        "PUT",
                        "/apps/app-a%2Fversions%2F9.9",
                        "{\"artifact\":\"docker://registry/team-a/app-a:9.9\"}",
                        400)
                .add(
                        "lower-case encoded slash",
                        "alice",
                        "PUT",
                        "/apps/app-a%2fversions%2f9.9",
                        "{\"artifact\":\"docker://registry/team-a/app-a:9.9\"}",
                        400)
                .add("encoded backslashes", "admin", "GET", "/apps/..%5C..%5Cwindows", null, 400)
                .add("encoded single dot", "admin", "GET", "/apps/%2E/app-a", null, 400)
                .add("double-encoded slash", "admin", "GET", "/apps/..%252F..%252Fetc", null, 400)
                .add("NUL in a path", "admin", "GET", "/apps/app-a%00", null, 400)
                .add("NUL in a query", "admin", "GET", "/apps?team_id=team-a%00", null, 400)
                .add("unknown route", "admin", "GET", "/etc/passwd", null, 404)
                .add("method not allowed on an existing path", "admin", "PATCH", "/apps/app-a", "{\"name\":\"x\"}", 405)
                .group("wrong content type")
                .add("text/plain", "admin", "PUT", "/apps/app-a", "{\"name\":\"x\"}", 415, "Content-Type", "text/plain")
                .add(
                        "XML",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "<app><name>x</name></app>",
                        415,
                        "Content-Type",
                        "application/xml")
                .add(
                        "form",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "name=x",
                        415,
                        "Content-Type",
                        "application/x-www-form-urlencoded")
                .add(
                        "octet-stream version",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1.0",
                        "{\"artifact\":\"docker://r/t/a:1\"}",
                        415,
                        "Content-Type",
                        "application/octet-stream")
                .group("invalid UTF-8")
                .addBytes(
                        "invalid UTF-8",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'},
                        400)
                .addBytes("overlong two-byte slash", "admin", "PUT", "/apps/app-a", nameBytes(0xc0, 0xaf), 400)
                .addBytes("overlong two-byte letter", "admin", "PUT", "/apps/app-a", nameBytes(0xc1, 0x81), 400)
                .addBytes("overlong three-byte slash", "admin", "PUT", "/apps/app-a", nameBytes(0xe0, 0x80, 0xaf), 400)
                .addBytes(
                        "overlong four-byte letter",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        nameBytes(0xf0, 0x80, 0x81, 0x81),
                        400)
                .addBytes(
                        "UTF-8-encoded lone high surrogate",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        nameBytes(0xed, 0xa0, 0x80),
                        400)
                .addBytes(
                        "UTF-8 byte order mark",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        concat(
                                new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                                RENAME.getBytes(StandardCharsets.UTF_8)),
                        400)
                .addBytes("UTF-16LE body", "admin", "PUT", "/apps/app-a", RENAME.getBytes(StandardCharsets.UTF_16LE), 0)
                .addBytes("UTF-16BE body", "admin", "PUT", "/apps/app-a", RENAME.getBytes(StandardCharsets.UTF_16BE), 0)
                .addBytes(
                        "UTF-16 body with byte order mark",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        RENAME.getBytes(StandardCharsets.UTF_16),
                        0)
                .addBytes(
                        "UTF-16 body declared as such",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        RENAME.getBytes(StandardCharsets.UTF_16LE),
                        0,
                        "Content-Type",
                        "application/json; charset=utf-16le")
                .addBytes(
                        "UTF-32BE body", "admin", "PUT", "/apps/app-a", RENAME.getBytes(Charset.forName("UTF-32BE")), 0)
                .add("escaped lone high surrogate", "admin", "PUT", "/apps/app-a", "{\"name\":\"a\\ud800b\"}", 400)
                .add("escaped lone low surrogate", "admin", "PUT", "/apps/app-a", "{\"description\":\"\\udc00\"}", 400)
                .add(
                        "escaped surrogates in the wrong order",
                        "admin",
                        "PUT",
                        "/apps/app-a",
                        "{\"subtitle\":\"\\ude00\\ud83d\"}",
                        400)
                .add(
                        "escaped lone surrogate in version notes",
                        "alice",
                        "PUT",
                        "/apps/app-a/versions/1.0",
                        "{\"artifact\":\"docker://registry/team-a/app-a:1.0\",\"notes\":\"\\udbff\"}",
                        400);
    }

    /** {@code {"name":"x<bytes>y"}} with the given raw bytes inside the string. */
    private static byte[] nameBytes(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return concat("{\"name\":\"x".getBytes(StandardCharsets.UTF_8), raw, "y\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A fresh version of app-a written by {@code author}. */
    private static Filled version(AuthorizationTable.Context ctx, String author) {
        String version = ctx.fresh("v") + "." + author;
        ApiClient.expect(
                ctx.api().putJson("/apps/app-a/versions/" + version, ctx.cast().token(author), VERSION), 200);
        return Filled.of(version);
    }

    /** An application at level 2 with version 1.0 approved once; the version must stay pending. */
    private static Filled pendingApp(AuthorizationTable.Context ctx) {
        String app = ctx.fresh("p");
        String alice = ctx.cast().token("alice");
        String admin = ctx.cast().token("admin");
        ApiClient api = ctx.api();
        ApiClient.expect(
                api.putJson(
                        "/apps/" + app,
                        alice,
                        "{\"team_id\":\"team-a\",\"name\":\"Pending\",\"active\":true,\"criticality_level\":2}"),
                200);
        ApiClient.expect(
                api.putJson("/apps/" + app + "/approval-policy", admin, "{\"approval_types\":[\"TEST\"]}"), 200);
        ApiClient.expect(api.putJson("/apps/" + app + "/versions/1.0", alice, VERSION), 200);
        ApiClient.expect(
                api.postJson(
                        "/apps/" + app + "/versions/1.0/approvals", ctx.cast().token("carol"), APPROVAL),
                200);
        return new Filled(
                app,
                after -> assertThat(ApiClient.expect(after.api().get("/apps/" + app + "/versions/1.0", admin), 200)
                                .json()
                                .get("approval_status")
                                .asText())
                        .as("a team's change never approves a pending version")
                        .isEqualTo("pending"));
    }
}
