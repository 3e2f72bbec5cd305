package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests: each one answers 4xx (never 5xx) with a JSON error body, and
 * nothing changes: the audit log has as many entries as before and every resource the request
 * could have touched reads the same. Covers malformed and mistyped JSON, oversized bodies, invalid
 * ids, SQL meta-characters, path traversal, wrong content types, missing, forged and expired
 * tokens, Authorization garbage, and requests Helidon refuses before routing (malformed request
 * line, bad percent-encoding, oversized URI and headers), which must be JSON too.
 */
@KeyportTest
class BadInputIT {

    private static final String ALICE_PASSWORD = "alice-password-1";

    static TestServer server;
    static ApiClient api;
    static HttpClient http;
    static String admin;
    static String alice;

    /** Who sends a request. */
    enum As { NOBODY, ADMIN, ALICE }

    /**
     * One bad request. {@code expected} is the exact status, or 0 for "any 4xx". Headers alternate
     * name, value; a Content-Type of application/json is added when there is a body and none is given.
     */
    record Bad(String name, As as, String method, String path, byte[] body, int expected, List<String> headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Bad bad(String name, As as, String method, String path, String body, int expected, String... headers) {
        return new Bad(name, as, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), expected,
                List.of(headers));
    }

    static Arguments arg(Bad bad) {
        return Arguments.of(Named.of(bad.name() + " -> " + (bad.expected() == 0 ? "4xx" : bad.expected()), bad));
    }

    @BeforeAll
    static void start(TestServer testServer, ApiClient client) {
        server = testServer;
        api = client;
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        admin = api.adminToken();
        api.team(admin, "team-a");
        api.team(admin, "team-b");
        alice = api.user(admin, "alice", ALICE_PASSWORD, "team-a");
        api.app(admin, "app-a", "team-a");
        api.app(admin, "app-b", "team-b");
        ApiClient.expect(api.putJson("/apps/app-a/versions/1.0", alice, "{\"artifact\":\"docker://registry/team-a/app-a:1.0\"}"), 200);
        ApiClient.expect(api.postJson("/apps/app-a/credentials", admin, null), 201);
    }

    // ---- cases

    static Stream<Arguments> malformedJson() {
        String put = "PUT";
        String app = "/apps/app-a";
        return Stream.of(
                bad("unterminated object", As.ADMIN, put, app, "{", 400),
                bad("trailing comma", As.ADMIN, put, app, "{\"name\":\"x\",}", 400),
                bad("single quotes", As.ADMIN, put, app, "{'name':'x'}", 400),
                bad("comment", As.ADMIN, put, app, "{\"name\":\"x\" /* hi */}", 400),
                bad("NaN", As.ADMIN, put, app, "{\"criticality_level\":NaN}", 400),
                bad("two documents", As.ADMIN, put, app, "{\"name\":\"x\"} {\"name\":\"y\"}", 400),
                bad("key given twice", As.ADMIN, put, app, "{\"name\":\"x\",\"name\":\"y\"}", 400),
                bad("JSON null", As.ADMIN, put, app, "null", 400),
                bad("JSON array", As.ADMIN, put, app, "[]", 400),
                bad("array of objects", As.ADMIN, put, app, "[{\"name\":\"x\"}]", 400),
                bad("JSON string", As.ADMIN, put, app, "\"name\"", 400),
                bad("JSON number", As.ADMIN, put, app, "42", 400),
                bad("empty body", As.ADMIN, put, app, "", 400),
                bad("whitespace body", As.ADMIN, put, app, "  \n ", 400),
                bad("nested 100 deep", As.ADMIN, put, app, "{\"description\":" + "[".repeat(100) + "]".repeat(100) + "}", 400),
                bad("NUL in a string", As.ADMIN, put, app, "{\"name\":\"a\\u0000b\"}", 400),
                bad("NUL in a key", As.ADMIN, put, app, "{\"na\\u0000me\":\"x\"}", 400),
                bad("version body null", As.ALICE, put, "/apps/app-a/versions/1.0", "null", 400),
                bad("approval body array", As.ALICE, "POST", "/apps/app-a/versions/1.0/approvals", "[\"TEST\"]", 400),
                bad("team body malformed", As.ADMIN, put, "/api/teams/team-a", "{\"name\":", 400),
                bad("user body array", As.ADMIN, put, "/api/users/alice", "[]", 400),
                bad("scopes body null", As.ADMIN, put, "/apps/app-a/scopes", "null", 400),
                bad("policy body string", As.ADMIN, put, "/apps/app-a/approval-policy", "\"four_eyes\"", 400))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> invalidUtf8() {
        byte[] body = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'};
        String name = "{\"name\":\"renamed\"}";
        return Stream.of(
                arg(new Bad("invalid UTF-8", As.ADMIN, "PUT", "/apps/app-a", body, 400, List.of())),
                arg(nameBytes("overlong two-byte slash", 0xc0, 0xaf)),
                arg(nameBytes("overlong two-byte letter", 0xc1, 0x81)),
                arg(nameBytes("overlong three-byte slash", 0xe0, 0x80, 0xaf)),
                arg(nameBytes("overlong four-byte letter", 0xf0, 0x80, 0x81, 0x81)),
                arg(nameBytes("UTF-8-encoded lone high surrogate", 0xed, 0xa0, 0x80)),
                arg(new Bad("UTF-8 byte order mark", As.ADMIN, "PUT", "/apps/app-a",
                        concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, name.getBytes(StandardCharsets.UTF_8)), 400,
                        List.of())),
                arg(new Bad("UTF-16LE body", As.ADMIN, "PUT", "/apps/app-a", name.getBytes(StandardCharsets.UTF_16LE), 0,
                        List.of())),
                arg(new Bad("UTF-16BE body", As.ADMIN, "PUT", "/apps/app-a", name.getBytes(StandardCharsets.UTF_16BE), 0,
                        List.of())),
                arg(new Bad("UTF-16 body with byte order mark", As.ADMIN, "PUT", "/apps/app-a",
                        name.getBytes(StandardCharsets.UTF_16), 0, List.of())),
                arg(new Bad("UTF-16 body declared as such", As.ADMIN, "PUT", "/apps/app-a",
                        name.getBytes(StandardCharsets.UTF_16LE), 0, List.of("Content-Type", "application/json; charset=utf-16le"))),
                arg(new Bad("UTF-32BE body", As.ADMIN, "PUT", "/apps/app-a", name.getBytes(java.nio.charset.Charset.forName("UTF-32BE")),
                        0, List.of())),
                arg(bad("escaped lone high surrogate", As.ADMIN, "PUT", "/apps/app-a", "{\"name\":\"a\\ud800b\"}", 400)),
                arg(bad("escaped lone low surrogate", As.ADMIN, "PUT", "/apps/app-a", "{\"description\":\"\\udc00\"}", 400)),
                arg(bad("escaped surrogates in the wrong order", As.ADMIN, "PUT", "/apps/app-a",
                        "{\"subtitle\":\"\\ude00\\ud83d\"}", 400)),
                arg(bad("escaped lone surrogate in a team name", As.ADMIN, "PUT", "/api/teams/team-a", "{\"name\":\"\\ud800\"}", 400)),
                arg(bad("escaped lone surrogate in version notes", As.ALICE, "PUT", "/apps/app-a/versions/1.0",
                        "{\"artifact\":\"docker://registry/team-a/app-a:1.0\",\"notes\":\"\\udbff\"}", 400)),
                arg(bad("escaped lone surrogate in a user's team", As.ADMIN, "PUT", "/api/users/alice",
                        "{\"teams\":[\"team-a\\ud800\"]}", 400)));
    }

    /** {@code PUT /apps/app-a {"name":"x<bytes>y"}} with the given raw bytes inside the string. */
    private static Bad nameBytes(String name, int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        byte[] body = concat("{\"name\":\"x".getBytes(StandardCharsets.UTF_8), raw, "y\"}".getBytes(StandardCharsets.UTF_8));
        return new Bad(name, As.ADMIN, "PUT", "/apps/app-a", body, 400, List.of());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** JSON types the Kio contract and its clients do not need coerced. */
    static Stream<Arguments> laxTypes() {
        String put = "PUT";
        String app = "/apps/app-a";
        return Stream.of(
                bad("active 1", As.ADMIN, put, app, "{\"active\":1}", 400),
                bad("active 0", As.ADMIN, put, app, "{\"active\":0}", 400),
                bad("active TRUE", As.ADMIN, put, app, "{\"active\":\"TRUE\"}", 400),
                bad("publicly_accessible 1", As.ADMIN, put, app, "{\"publicly_accessible\":1}", 400),
                bad("name a number", As.ADMIN, put, app, "{\"name\":12}", 400),
                bad("name a boolean", As.ADMIN, put, app, "{\"name\":true}", 400),
                bad("subtitle a fraction", As.ADMIN, put, app, "{\"subtitle\":1.5}", 400),
                bad("team name a number", As.ADMIN, put, "/api/teams/team-a", "{\"name\":12}", 400),
                bad("version notes a number", As.ALICE, put, "/apps/app-a/versions/1.0",
                        "{\"artifact\":\"docker://registry/team-a/app-a:1.0\",\"notes\":5}", 400),
                bad("approval type a number", As.ALICE, "POST", "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":7}", 400),
                bad("approval notes a boolean", As.ALICE, "POST", "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":\"TEST\",\"notes\":false}", 400),
                bad("user admin 1", As.ADMIN, put, "/api/users/alice", "{\"admin\":1}", 400),
                bad("user admin as text", As.ADMIN, put, "/api/users/alice", "{\"admin\":\"false\"}", 400),
                bad("user password a number", As.ADMIN, put, "/api/users/alice", "{\"password\":123456789}", 400),
                bad("policy four_eyes 0", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"four_eyes\":0}", 400),
                bad("policy four_eyes as text", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"four_eyes\":\"false\"}", 400),
                bad("policy approvers as text", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"required_approvers\":\"1\"}", 400),
                bad("policy type a number", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"approval_types\":[5]}", 400))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> unknownFieldsAndWrongTypes() {
        String put = "PUT";
        String app = "/apps/app-a";
        return Stream.of(
                bad("unknown field", As.ADMIN, put, app, "{\"bogus\":1}", 400),
                bad("unknown field next to valid ones", As.ADMIN, put, app, "{\"name\":\"x\",\"owner\":\"team-b\"}", 400),
                bad("active maybe", As.ADMIN, put, app, "{\"active\":\"maybe\"}", 400),
                bad("active object", As.ADMIN, put, app, "{\"active\":{}}", 400),
                bad("criticality x", As.ADMIN, put, app, "{\"criticality_level\":\"x\"}", 400),
                bad("criticality 7", As.ADMIN, put, app, "{\"criticality_level\":7}", 400),
                bad("criticality 0", As.ADMIN, put, app, "{\"criticality_level\":0}", 400),
                bad("criticality -1", As.ADMIN, put, app, "{\"criticality_level\":-1}", 400),
                bad("criticality 2.5", As.ADMIN, put, app, "{\"criticality_level\":2.5}", 400),
                bad("criticality huge", As.ADMIN, put, app, "{\"criticality_level\":99999999999999999999}", 400),
                bad("criticality 1e400", As.ADMIN, put, app, "{\"criticality_level\":1e400}", 400),
                bad("name object", As.ADMIN, put, app, "{\"name\":{\"a\":1}}", 400),
                bad("name array", As.ADMIN, put, app, "{\"name\":[\"a\"]}", 400),
                bad("name blank", As.ADMIN, put, app, "{\"name\":\" \"}", 400),
                bad("name 300 characters", As.ADMIN, put, app, "{\"name\":\"" + "n".repeat(300) + "\"}", 400),
                bad("description 70000 characters", As.ADMIN, put, app, "{\"description\":\"" + "d".repeat(70_000) + "\"}", 400),
                bad("team_id blank", As.ADMIN, put, app, "{\"team_id\":\"\"}", 400),
                bad("team_id unknown", As.ADMIN, put, app, "{\"team_id\":\"no-such-team\"}", 400),
                bad("new app without name", As.ADMIN, put, "/apps/new-app", "{\"team_id\":\"team-a\",\"active\":true}", 400),
                bad("new app without team", As.ADMIN, put, "/apps/new-app", "{\"name\":\"x\",\"active\":true}", 400),
                bad("new app of unknown team", As.ADMIN, put, "/apps/new-app",
                        "{\"team_id\":\"ghosts\",\"name\":\"x\",\"active\":true}", 400),
                bad("version without artifact", As.ALICE, put, "/apps/app-a/versions/2.0", "{\"notes\":\"x\"}", 400),
                bad("version artifact not a reference", As.ALICE, put, "/apps/app-a/versions/2.0", "{\"artifact\":\"not a url\"}", 400),
                bad("version artifact number", As.ALICE, put, "/apps/app-a/versions/2.0", "{\"artifact\":[1]}", 400),
                bad("version of unknown app", As.ADMIN, put, "/apps/no-such-app/versions/1.0",
                        "{\"artifact\":\"docker://r/t/a:1\"}", 404),
                bad("approval type missing", As.ALICE, "POST", "/apps/app-a/versions/1.0/approvals", "{}", 400),
                bad("approval type with spaces", As.ALICE, "POST", "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":\"CODE REVIEW\"}", 400),
                bad("approval of unknown version", As.ALICE, "POST", "/apps/app-a/versions/9.9/approvals",
                        "{\"approval_type\":\"TEST\"}", 404),
                bad("user teams a string", As.ADMIN, put, "/api/users/alice", "{\"teams\":\"team-a\"}", 400),
                bad("user admin yes", As.ADMIN, put, "/api/users/alice", "{\"admin\":\"yes\"}", 400),
                bad("user password short", As.ADMIN, put, "/api/users/alice", "{\"password\":\"short\"}", 400),
                bad("user of unknown team", As.ADMIN, put, "/api/users/alice", "{\"teams\":[\"ghosts\"]}", 400),
                bad("new user without password", As.ADMIN, put, "/api/users/newbie", "{\"teams\":[]}", 400),
                bad("team name array", As.ADMIN, put, "/api/teams/team-a", "{\"name\":[\"x\"]}", 400),
                bad("team name 300 characters", As.ADMIN, put, "/api/teams/team-a", "{\"name\":\"" + "t".repeat(300) + "\"}", 400),
                bad("scope unknown", As.ADMIN, put, "/apps/app-a/scopes", "{\"scopes\":[\"root\"]}", 400),
                bad("scopes a string", As.ADMIN, put, "/apps/app-a/scopes", "{\"scopes\":\"uid\"}", 400),
                bad("scopes missing", As.ADMIN, put, "/apps/app-a/scopes", "{}", 400),
                bad("policy approvers 0", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"required_approvers\":0}", 400),
                bad("policy approvers 1.5", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"required_approvers\":1.5}", 400),
                bad("policy four_eyes maybe", As.ADMIN, put, "/apps/app-a/approval-policy", "{\"four_eyes\":\"maybe\"}", 400),
                bad("policy type with spaces", As.ADMIN, put, "/apps/app-a/approval-policy",
                        "{\"approval_types\":[\"a b\"]}", 400),
                bad("policy of unknown app", As.ADMIN, put, "/apps/no-such-app/approval-policy", "{\"four_eyes\":true}", 404),
                bad("credentials of unknown app", As.ADMIN, "POST", "/apps/no-such-app/credentials", null, 404),
                bad("list filter active maybe", As.ADMIN, "GET", "/apps?active=maybe", null, 400),
                bad("list filter date garbage", As.ADMIN, "GET", "/apps?modified_before=yesterday", null, 400),
                bad("audit limit 0", As.ADMIN, "GET", "/api/audit?limit=0", null, 400),
                bad("audit limit huge", As.ADMIN, "GET", "/api/audit?limit=99999999999999999999", null, 400),
                bad("audit order sideways", As.ADMIN, "GET", "/api/audit?order=sideways", null, 400),
                bad("audit from garbage", As.ADMIN, "GET", "/api/audit?from=not-a-date", null, 400),
                bad("tasks state unknown", As.ADMIN, "GET", "/api/tasks?state=bogus", null, 400),
                bad("tasks state upper case", As.ADMIN, "GET", "/api/tasks?state=FAILED", null, 400),
                bad("tasks limit 0", As.ADMIN, "GET", "/api/tasks?limit=0", null, 400),
                bad("tasks limit huge", As.ADMIN, "GET", "/api/tasks?limit=99999999999999999999", null, 400),
                bad("tasks after negative", As.ADMIN, "GET", "/api/tasks?after=-1", null, 400),
                bad("tasks after garbage", As.ADMIN, "GET", "/api/tasks?after=ten", null, 400),
                bad("tasks list by a non-admin with bad parameters", As.ALICE, "GET", "/api/tasks?limit=x", null, 403))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> oversized() {
        String big = "{\"description\":\"" + "x".repeat((1 << 20) + 1) + "\"}";
        return Stream.of(
                bad("app body over 1 MiB", As.ADMIN, "PUT", "/apps/app-a", big, 413),
                bad("team body over 1 MiB", As.ADMIN, "PUT", "/api/teams/team-a", big, 413),
                bad("version body over 1 MiB", As.ALICE, "PUT", "/apps/app-a/versions/1.0", big, 413),
                bad("token form over 16 KiB", As.NOBODY, "POST", "/oauth2/token",
                        "grant_type=password&username=alice&password=" + "p".repeat(20_000), 413,
                        "Content-Type", "application/x-www-form-urlencoded"))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> invalidIds() {
        String body = "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}";
        String version = "{\"artifact\":\"docker://registry/team-a/app-a:2.0\"}";
        return Stream.of(
                bad("app id uppercase", As.ADMIN, "GET", "/apps/App-A", null, 400),
                bad("app id uppercase on create", As.ADMIN, "PUT", "/apps/New-App", body, 400),
                bad("app id underscore", As.ADMIN, "PUT", "/apps/new_app", body, 400),
                bad("app id 65 characters", As.ADMIN, "PUT", "/apps/a" + "b".repeat(64), body, 400),
                bad("app id one character", As.ADMIN, "PUT", "/apps/a", body, 400),
                bad("app id leading dash", As.ADMIN, "PUT", "/apps/-app", body, 400),
                bad("app id trailing dash", As.ADMIN, "PUT", "/apps/app-", body, 400),
                bad("app id with dot", As.ADMIN, "PUT", "/apps/app.a", body, 400),
                bad("app id with space", As.ADMIN, "PUT", "/apps/app%20a", body, 400),
                bad("app id unicode", As.ADMIN, "PUT", "/apps/%C3%A4pp", body, 400),
                bad("version id with spaces", As.ALICE, "PUT", "/apps/app-a/versions/1.0%20beta", version, 400),
                bad("version id only a space", As.ALICE, "GET", "/apps/app-a/versions/%20", null, 400),
                bad("version id double dot", As.ALICE, "PUT", "/apps/app-a/versions/1..0", version, 400),
                bad("version id 129 characters", As.ALICE, "PUT", "/apps/app-a/versions/" + "1".repeat(129), version, 400),
                bad("version id with slash-like colon", As.ALICE, "PUT", "/apps/app-a/versions/1:0", version, 400),
                bad("approval on invalid version id", As.ALICE, "POST", "/apps/app-a/versions/1%200/approvals",
                        "{\"approval_type\":\"TEST\"}", 400),
                bad("team id uppercase", As.ADMIN, "PUT", "/api/teams/Team-C", "{\"name\":\"c\"}", 400),
                bad("team id too long", As.ADMIN, "PUT", "/api/teams/t" + "e".repeat(64), "{\"name\":\"c\"}", 400),
                bad("team id read uppercase", As.ADMIN, "GET", "/api/teams/TEAM-A", null, 400),
                bad("uid with colon", As.ADMIN, "PUT", "/api/users/a:b", "{\"password\":\"long-enough-1\"}", 400),
                bad("uid 65 characters", As.ADMIN, "PUT", "/api/users/u" + "v".repeat(64), "{\"password\":\"long-enough-1\"}", 400),
                bad("uid read with space", As.ADMIN, "GET", "/api/users/a%20b", null, 400),
                bad("task id not a number", As.ADMIN, "POST", "/api/tasks/abc/retry", null, 400),
                bad("task id zero", As.ADMIN, "POST", "/api/tasks/0/retry", null, 400),
                bad("task id negative", As.ADMIN, "POST", "/api/tasks/-1/retry", null, 400),
                bad("task id with a fraction", As.ADMIN, "POST", "/api/tasks/1.5/retry", null, 400),
                bad("task id leading zero", As.ADMIN, "POST", "/api/tasks/01/retry", null, 400),
                bad("task id 20 digits", As.ADMIN, "POST", "/api/tasks/99999999999999999999/retry", null, 400),
                bad("task id unknown", As.ADMIN, "POST", "/api/tasks/123456789/retry", null, 404),
                bad("task retry by a non-admin with a bad id", As.ALICE, "POST", "/api/tasks/abc/retry", null, 403))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> sqlMetaCharacters() {
        String body = "{\"team_id\":\"team-a\",\"name\":\"x\",\"active\":true}";
        return Stream.of(
                bad("quote OR in app id", As.ADMIN, "GET", "/apps/" + enc("' OR 1=1 --"), null, 400),
                bad("DROP TABLE in app id", As.ADMIN, "PUT", "/apps/" + enc("x';DROP TABLE applications;--"), body, 400),
                bad("quote in version id", As.ALICE, "PUT", "/apps/app-a/versions/" + enc("1' OR '1'='1"),
                        "{\"artifact\":\"docker://r/t/a:1\"}", 400),
                bad("DROP TABLE in team id", As.ADMIN, "PUT", "/api/teams/" + enc("x;DROP TABLE teams"), "{\"name\":\"x\"}", 400),
                bad("quote OR in uid", As.ADMIN, "GET", "/api/users/" + enc("admin' OR '1'='1"), null, 400),
                bad("quote OR in team_id of a new app", As.ADMIN, "PUT", "/apps/sql-app",
                        "{\"team_id\":\"team-a' OR '1'='1\",\"name\":\"x\",\"active\":true}", 400),
                bad("DROP TABLE in a user's team", As.ADMIN, "PUT", "/api/users/alice",
                        "{\"teams\":[\"team-a';DROP TABLE teams;--\"]}", 400),
                bad("DROP TABLE in an approval type", As.ALICE, "POST", "/apps/app-a/versions/1.0/approvals",
                        "{\"approval_type\":\"TEST';DROP TABLE approvals;--\"}", 400),
                bad("DROP TABLE in a scope", As.ADMIN, "PUT", "/apps/app-a/scopes",
                        "{\"scopes\":[\"uid');DROP TABLE service_scopes;--\"]}", 400),
                bad("quote OR in active filter", As.ADMIN, "GET", "/apps?active=" + enc("true' OR '1'='1"), null, 400),
                bad("DROP TABLE in audit limit", As.ADMIN, "GET", "/api/audit?limit=" + enc("1;DROP TABLE audit_log"), null, 400),
                bad("quote OR in a task state", As.ADMIN, "GET", "/api/tasks?state=" + enc("failed' OR '1'='1"), null, 400),
                bad("DROP TABLE in a task id", As.ADMIN, "POST", "/api/tasks/" + enc("1;DROP TABLE tasks") + "/retry", null, 400),
                bad("quote OR in a token username", As.NOBODY, "POST", "/oauth2/token",
                        "grant_type=password&username=" + enc("admin' OR '1'='1") + "&password=x", 0,
                        "Content-Type", "application/x-www-form-urlencoded"))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> pathTraversal() {
        String version = "{\"artifact\":\"docker://registry/team-a/app-a:9.9\"}";
        return Stream.of(
                bad("encoded dot-dot slashes to etc", As.ADMIN, "GET", "/apps/..%2F..%2Fetc", null, 400),
                bad("encoded dot-dot to admin user", As.ADMIN, "GET", "/api/users/..%2Fadmin", null, 400),
                bad("encoded dot-dot in a write", As.ADMIN, "PUT", "/api/users/..%2Fadmin", "{\"admin\":false}", 400),
                bad("encoded slash in app id", As.ADMIN, "GET", "/apps%2Fapp-a", null, 400),
                bad("encoded slashes reach another route", As.ALICE, "PUT", "/apps/app-a%2Fversions%2F9.9", version, 400),
                bad("lower-case encoded slash", As.ALICE, "PUT", "/apps/app-a%2fversions%2f9.9", version, 400),
                bad("encoded backslashes", As.ADMIN, "GET", "/apps/..%5C..%5Cwindows", null, 400),
                bad("encoded dots", As.ADMIN, "GET", "/apps/%2e%2e/api/audit", null, 400),
                bad("encoded single dot", As.ADMIN, "GET", "/apps/%2E/app-a", null, 400),
                bad("double-encoded slash", As.ADMIN, "GET", "/apps/..%252F..%252Fetc", null, 400),
                bad("NUL in a path", As.ADMIN, "GET", "/apps/app-a%00", null, 400),
                bad("NUL in a query", As.ADMIN, "GET", "/apps?team_id=team-a%00", null, 400),
                bad("NUL in an audit query", As.ADMIN, "GET", "/api/audit?actor=%00", null, 400),
                bad("dot-dot around an admin route", As.ALICE, "GET", "/apps/../api/audit", null, 0),
                bad("unknown route", As.ADMIN, "GET", "/etc/passwd", null, 404),
                bad("method not allowed on an existing path", As.ADMIN, "PATCH", "/apps/app-a", "{\"name\":\"x\"}", 405))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> wrongContentType() {
        String json = "{\"name\":\"x\"}";
        return Stream.of(
                bad("text/plain", As.ADMIN, "PUT", "/apps/app-a", json, 415, "Content-Type", "text/plain"),
                bad("XML", As.ADMIN, "PUT", "/apps/app-a", "<app><name>x</name></app>", 415, "Content-Type", "application/xml"),
                bad("form", As.ADMIN, "PUT", "/apps/app-a", "name=x", 415, "Content-Type", "application/x-www-form-urlencoded"),
                bad("multipart", As.ADMIN, "PUT", "/api/teams/team-a", json, 415, "Content-Type", "multipart/form-data; boundary=x"),
                bad("octet-stream version", As.ALICE, "PUT", "/apps/app-a/versions/1.0", "{\"artifact\":\"docker://r/t/a:1\"}", 415,
                        "Content-Type", "application/octet-stream"),
                bad("JSON to the token endpoint", As.NOBODY, "POST", "/oauth2/token",
                        "{\"grant_type\":\"password\",\"username\":\"admin\",\"password\":\"x\"}", 415, "Content-Type", "application/json"))
                .map(BadInputIT::arg);
    }

    static Stream<Arguments> badCredentials() {
        String rename = "{\"name\":\"hijacked\"}";
        List<Arguments> cases = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("forged signature", "Bearer " + forgeSignature(alice));
        headers.put("forged payload", "Bearer " + forgePayload(alice));
        headers.put("expired, signed with the server's key", "Bearer " + mint(serverKey(), "keyport", "/employees",
                Instant.now().minusSeconds(60)));
        headers.put("signed with another key", "Bearer " + mint(otherKey(), "keyport", "/employees", Instant.now().plusSeconds(600)));
        headers.put("foreign issuer", "Bearer " + mint(serverKey(), "evil", "/employees", Instant.now().plusSeconds(600)));
        headers.put("unknown realm", "Bearer " + mint(serverKey(), "keyport", "/contractors", Instant.now().plusSeconds(600)));
        headers.put("alg none", "Bearer " + unsigned());
        headers.put("garbage bearer", "Bearer not.a.token");
        headers.put("empty JWT parts", "Bearer ..");
        headers.put("two tokens", "Bearer " + alice + " Bearer " + alice);
        headers.put("Token scheme garbage", "Token abc");
        headers.put("unknown scheme", "Digest username=admin");
        headers.put("scheme only", "Bearer");
        headers.put("Basic not base64", "Basic not-base64!!");
        headers.put("Basic without colon", "Basic " + b64("admin"));
        headers.put("Basic unknown user", "Basic " + b64("nobody-here:wrong-password"));
        headers.put("Basic oauth2 garbage", "Basic " + b64("oauth2:garbage"));
        headers.put("Basic binary", "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', (byte) 0xfe}));
        headers.put("8 KiB of garbage", "Bearer " + "A".repeat(8192));
        for (var e : headers.entrySet()) {
            cases.add(arg(bad(e.getKey() + " reading", As.NOBODY, "GET", "/apps", null, 401, "Authorization", e.getValue())));
            cases.add(arg(bad(e.getKey() + " writing", As.NOBODY, "PUT", "/apps/app-a", rename, 401,
                    "Authorization", e.getValue())));
        }
        cases.add(arg(bad("no token reading", As.NOBODY, "GET", "/apps/app-a", null, 401)));
        cases.add(arg(bad("no token writing", As.NOBODY, "PUT", "/apps/app-a", rename, 401)));
        cases.add(arg(bad("no token on the audit log", As.NOBODY, "GET", "/api/audit", null, 401)));
        cases.add(arg(bad("client credentials with NUL", As.NOBODY, "POST", "/oauth2/token",
                "grant_type=client_credentials", 0, "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", "Basic " + b64("app-a.%00:secret"))));
        cases.add(arg(bad("client credentials of nobody", As.NOBODY, "POST", "/oauth2/token",
                "grant_type=client_credentials", 401, "Content-Type", "application/x-www-form-urlencoded",
                "Authorization", "Basic " + b64("app-a.000000000000:secret"))));
        cases.add(arg(bad("client_id with NUL in the form", As.NOBODY, "POST", "/oauth2/token",
                "grant_type=client_credentials&client_id=a%00b&client_secret=x", 400,
                "Content-Type", "application/x-www-form-urlencoded")));
        return cases.stream();
    }

    // ---- tests

    /**
     * Text longer than its column (migration V1): each field is refused by validation, naming the
     * field, never by the database. Each case is one character over the width.
     */
    static Stream<Arguments> overLongText() {
        String app = "/apps/app-a";
        Map<String, Integer> appFields = new LinkedHashMap<>();
        appFields.put("name", 255);
        appFields.put("subtitle", 1024);
        appFields.put("description", 65536);
        appFields.put("service_url", 2048);
        appFields.put("scm_url", 2048);
        appFields.put("documentation_url", 2048);
        appFields.put("specification_url", 2048);
        appFields.put("support_url", 2048);
        appFields.put("specification_type", 255);
        appFields.put("incident_contact", 255);
        List<Arguments> cases = new ArrayList<>();
        appFields.forEach((field, width) -> cases.add(Arguments.of(field,
                bad("application " + field + " " + (width + 1) + " characters", As.ADMIN, "PUT", app,
                        "{\"" + field + "\":\"" + "x".repeat(width + 1) + "\"}", 400))));
        cases.add(Arguments.of("notes", bad("version notes 65537 characters", As.ALICE, "PUT", "/apps/app-a/versions/2.0",
                "{\"artifact\":\"docker://registry/team-a/app-a:2.0\",\"notes\":\"" + "n".repeat(65537) + "\"}", 400)));
        cases.add(Arguments.of("notes", bad("approval notes 65537 characters", As.ALICE, "POST",
                "/apps/app-a/versions/1.0/approvals",
                "{\"approval_type\":\"TEST\",\"notes\":\"" + "n".repeat(65537) + "\"}", 400)));
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            types.add("\"" + "T".repeat(60) + i + "\"");
        }
        cases.add(Arguments.of("approval_types", bad("policy of 40 long approval types", As.ADMIN, "PUT",
                "/apps/app-a/approval-policy", "{\"approval_types\":[" + String.join(",", types) + "]}", 400)));
        return cases.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("overLongText")
    void overLongTextIsRefusedByValidationNamingTheField(String field, Bad bad) throws IOException {
        Map<String, String> before = snapshot();
        Reply reply = send(bad);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        JsonNode body = Json.mapper().readTree(reply.body());
        assertThat(body.path("details").path("field").asText()).as(reply.toString()).isEqualTo(field);
        assertThat(body.path("message").asText()).as(reply.toString()).contains("at most");
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedJson")
    void malformedJsonIsRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUtf8")
    void invalidUtf8IsRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("laxTypes")
    void valuesOfTheWrongJsonTypeAreRefused(Bad bad) {
        assertRefused(bad);
    }

    /** The coercions the kio client relies on stay: booleans and criticality_level as strings. */
    @Test
    void kioClientCoercionsAreAccepted() {
        ApiClient.expect(api.putJson("/apps/kio-strings", admin, "{\"team_id\":\"team-a\",\"name\":\"K\",\"active\":\"true\","
                + "\"publicly_accessible\":\"false\",\"criticality_level\":\"3\",\"required_approvers\":\"2\"}"), 200);
        JsonNode app = ApiClient.expect(api.get("/apps/kio-strings", admin), 200).json();
        assertThat(app.get("active").asBoolean()).isTrue();
        assertThat(app.get("publicly_accessible").isBoolean()).isTrue();
        assertThat(app.get("criticality_level").asInt()).isEqualTo(3);
        ApiClient.expect(api.putJson("/apps/kio-strings", admin, "{\"active\":\"false\",\"criticality_level\":2}"), 200);
        assertThat(ApiClient.expect(api.get("/apps/kio-strings", admin), 200).json().get("active").asBoolean()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknownFieldsAndWrongTypes")
    void unknownFieldsAndWrongTypesAreRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oversized")
    void oversizedBodiesAreRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidIds")
    void invalidIdsAreRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sqlMetaCharacters")
    void sqlMetaCharactersAreRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pathTraversal")
    void pathTraversalIsRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongContentType")
    void wrongContentTypeIsRefused(Bad bad) {
        assertRefused(bad);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCredentials")
    void badCredentialsAreRefused(Bad bad) {
        assertRefused(bad);
    }

    @Test
    void chunkedBodyOverOneMebibyteIsRefused() {
        Map<String, String> before = snapshot();
        byte[] big = ("{\"description\":\"" + "x".repeat((1 << 20) + 1) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/apps/app-a"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        Reply reply = send(request);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(413);
        assertJsonError(reply, "/apps/app-a");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** The control for the expired token: the same minting with a future expiry is accepted. */
    @Test
    void tokenMintedLikeTheExpiredOneIsValidWhenNotExpired() {
        String token = mint(serverKey(), "keyport", "/employees", Instant.now().plusSeconds(600));
        assertThat(api.get("/apps/app-a", token).status()).isEqualTo(200);
    }

    /** Values with SQL meta-characters in filters are data: they match nothing and break nothing. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sqlInFilters")
    void sqlMetaCharactersInFiltersMatchNothing(String path) {
        Map<String, String> before = snapshot();
        ApiClient.Response r = api.get(path, admin);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        JsonNode list = body.isArray() ? body : body.get("entries");
        assertThat(list.isArray()).as(r.body()).isTrue();
        assertThat(list.size()).as(r.body()).isZero();
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> sqlInFilters() {
        return Stream.of(
                "/apps?team_id=" + enc("' OR 1=1 --"),
                "/apps?team_id=" + enc("team-a'; DROP TABLE applications; --"),
                "/apps?incident_contact=" + enc("x' OR 'a'='a"),
                "/apps?search=" + enc("' OR 1=1 --"),
                "/apps?search=" + enc("%' OR name LIKE '%"),
                "/apps?search=" + enc("app\\' UNION SELECT * FROM users --"),
                "/api/audit?actor=" + enc("' OR '1'='1"),
                "/api/audit?target=" + enc("app:app-a' OR 1=1 --"),
                "/api/audit?action=" + enc("%"))
                .map(p -> Arguments.of(Named.of(p, p)));
    }

    /** Text with SQL meta-characters in a valid write is stored as it is, and every table is still there. */
    @Test
    void sqlMetaCharactersInValuesAreStoredLiterally() {
        String name = "x'); DROP TABLE applications; --";
        String description = "'; DELETE FROM audit_log WHERE '1'='1";
        ApiClient.expect(api.putJson("/apps/sql-literal", admin, "{\"team_id\":\"team-a\",\"name\":"
                + quote(name) + ",\"active\":true,\"description\":" + quote(description) + "}"), 200);
        JsonNode app = ApiClient.expect(api.get("/apps/sql-literal", admin), 200).json();
        assertThat(app.get("name").asText()).isEqualTo(name);
        assertThat(app.get("description").asText()).isEqualTo(description);
        assertThat(ApiClient.expect(api.get("/apps", admin), 200).json().size()).isGreaterThanOrEqualTo(3);
        JsonNode verify = ApiClient.expect(api.get("/api/audit/verify", admin), 200).json();
        assertThat(verify.get("intact").asBoolean()).isTrue();
    }

    // ---- requests Helidon refuses before routing

    static Stream<Arguments> rawRequests() {
        String host = "Host: localhost\r\n";
        return Stream.of(
                raw("request line garbage", "GARBAGE\r\n\r\n"),
                raw("request line without version", "GET /apps\r\n" + host + "\r\n"),
                raw("unsupported HTTP version", "GET /apps HTTP/9.9\r\n" + host + "\r\n"),
                raw("space in the path", "GET /ap ps HTTP/1.1\r\n" + host + "\r\n"),
                raw("bad percent-encoding in the path", "GET /apps/%zz HTTP/1.1\r\n" + host + "\r\n"),
                raw("bad percent-encoding in the query", "GET /apps?search=%zz HTTP/1.1\r\n" + host + auth() + "\r\n"),
                raw("truncated percent-encoding", "GET /apps/app-a% HTTP/1.1\r\n" + host + "\r\n"),
                raw("URI of 20000 characters", "GET /apps/" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n"),
                raw("one header of 20 KiB", "GET /apps HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(20 * 1024) + "\r\n\r\n"),
                raw("Authorization of 20 KiB", "GET /apps HTTP/1.1\r\n" + host + "Authorization: Bearer "
                        + "c".repeat(20 * 1024) + "\r\n\r\n"),
                raw("300 headers", "GET /apps HTTP/1.1\r\n" + host + manyHeaders(300) + "\r\n"),
                raw("header without colon", "GET /apps HTTP/1.1\r\n" + host + "Bad Header\r\n\r\n"),
                raw("NUL in a header", "GET /apps HTTP/1.1\r\n" + host + "X-Ctl: a\0b\r\n\r\n"),
                raw("missing Host", "GET /apps HTTP/1.1\r\n\r\n"),
                raw("Content-Length not a number", "PUT /apps/app-a HTTP/1.1\r\n" + host + auth()
                        + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"),
                raw("bad chunk size", "PUT /apps/app-a HTTP/1.1\r\n" + host + auth()
                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                raw("Bearer empty", "GET /apps HTTP/1.1\r\n" + host + "Authorization: Bearer \r\n\r\n"),
                raw("Authorization empty", "PUT /apps/app-a HTTP/1.1\r\n" + host + "Authorization: \r\n"
                        + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
    }

    private static Arguments raw(String name, String request) {
        return Arguments.of(Named.of(name, request.getBytes(StandardCharsets.ISO_8859_1)));
    }

    private static String auth() {
        return "Authorization: Bearer " + admin + "\r\n";
    }

    private static String manyHeaders(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("X-H").append(i).append(": ").append("v".repeat(60)).append("\r\n");
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rawRequests")
    void refusedBeforeRoutingWithJson(byte[] request) {
        Map<String, String> before = snapshot();
        Reply reply = rawExchange(request);
        assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
        assertJsonError(reply, "");
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---- assertions

    private void assertRefused(Bad bad) {
        Map<String, String> before = snapshot();
        Reply reply = send(bad);
        if (bad.expected() == 0) {
            assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
        } else {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(bad.expected());
        }
        assertJsonError(reply, bad.path());
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    }

    /** A JSON object with a non-blank message, or an RFC 6749 error on the token endpoint. */
    private static void assertJsonError(Reply reply, String path) {
        assertThat(reply.header("content-type")).as(reply.toString()).isNotNull();
        assertThat(reply.header("content-type").toLowerCase(Locale.ROOT)).as(reply.toString()).startsWith("application/json");
        JsonNode body;
        try {
            body = Json.mapper().readTree(reply.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + reply, e);
        }
        assertThat(body != null && body.isObject()).as(reply.toString()).isTrue();
        String field = path.startsWith("/oauth2/") && body.has("error") ? "error" : "message";
        assertThat(body.path(field).isTextual()).as(reply.toString()).isTrue();
        assertThat(body.path(field).asText()).as(reply.toString()).isNotBlank();
    }

    /** What a bad request could have changed, as the admin reads it, plus the audit log's length. */
    private static Map<String, String> snapshot() {
        Map<String, String> state = new LinkedHashMap<>();
        for (String path : List.of("/api/audit/verify", "/apps", "/apps/app-a", "/apps/app-a/versions",
                "/apps/app-a/approval-policy", "/apps/app-a/scopes", "/apps/app-a/credentials", "/api/teams",
                "/api/teams/team-a", "/api/users", "/api/tasks")) {
            ApiClient.Response r = api.get(path, admin);
            assertThat(r.status()).as("%s: %s", path, r).isEqualTo(200);
            state.put(path, r.body());
        }
        assertThat(state.get("/api/audit/verify")).contains("\"intact\":true");
        return state;
    }

    // ---- transport

    record Reply(int status, Map<String, List<String>> headers, byte[] bodyBytes) {
        String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            String text = body();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    private static Reply send(Bad bad) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + bad.path())).timeout(Duration.ofSeconds(30));
        boolean contentType = false;
        for (int i = 0; i < bad.headers().size(); i += 2) {
            b.header(bad.headers().get(i), bad.headers().get(i + 1));
            contentType |= bad.headers().get(i).equalsIgnoreCase("Content-Type");
        }
        if (bad.body() != null && !contentType) {
            b.header("Content-Type", "application/json");
        }
        switch (bad.as()) {
            case ADMIN -> b.header("Authorization", "Bearer " + admin);
            case ALICE -> b.header("Authorization", "Bearer " + alice);
            case NOBODY -> { }
        }
        b.method(bad.method(), bad.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        return send(b.build());
    }

    private static Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Writes raw bytes on a fresh connection and reads one response (Content-Length or until close). */
    private static Reply rawExchange(byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new AssertionError("connection closed before a response: " + head);
                }
                head.write(c);
                matched = (c == "\r\n\r\n".charAt(matched)) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            String length = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Content-Length"))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
            return new Reply(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- tokens

    private static ECKey serverKey() {
        try {
            return ECKey.parse(Files.readString(server.dataDir().resolve("keys").resolve("token-signing-key.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey otherKey() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(serverKey().getKeyID()).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for admin with the given issuer, realm and expiry, signed with {@code key}. */
    private static String mint(ECKey key, String issuer, String realm, Instant expires) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("admin")
                // issued now (after admin was created) unless that would be after its expiry
                .issueTime(Date.from(expires.isAfter(Instant.now()) ? Instant.now() : expires.minusSeconds(1)))
                .expirationTime(Date.from(expires))
                .jwtID(UUID.randomUUID().toString())
                .claim("realm", realm)
                .claim("scope", "uid application.write")
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A valid token with one character of its signature changed. */
    private static String forgeSignature(String token) {
        int i = token.lastIndexOf('.') + 5;
        char c = token.charAt(i);
        return token.substring(0, i) + (c == 'A' ? 'B' : 'A') + token.substring(i + 1);
    }

    /** A valid token whose payload now names admin, with the original signature. */
    private static String forgePayload(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"alice\"", "\"sub\":\"admin\"");
        assertThat(payload).contains("\"sub\":\"admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
    }

    /** An unsigned ({@code alg: none}) token claiming to be admin. */
    private static String unsigned() {
        String header = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64url("{\"iss\":\"keyport\",\"sub\":\"admin\",\"realm\":\"/employees\",\"scope\":\"uid\",\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}");
        return header + "." + payload + ".";
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
