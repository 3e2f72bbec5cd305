package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.appstore.AppStoreTables;
import io.keyport.backend.appstore.ReleasesTables;
import io.keyport.backend.archives.ArchivesTables;
import io.keyport.backend.audit.AuditTables;
import io.keyport.backend.identity.ForgedTokens;
import io.keyport.backend.identity.IdentityTables;
import io.keyport.backend.kio.KioTables;
import io.keyport.backend.registry.PierOneTables;
import io.keyport.backend.registry.RegistryAdminTables;
import io.keyport.backend.registry.RegistryTables;
import io.keyport.backend.tasks.TasksTables;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.BadInputTable.Bad;
import io.keyport.backend.testing.BadInputs;
import io.keyport.backend.testing.BadInputs.Reply;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.backend.tuf.TufTables;
import io.keyport.model.common.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests: each one answers 4xx (never 5xx) with a JSON error body in its
 * API's family, and nothing changes: the audit log has as many entries as before and every resource
 * the request could have touched reads the same. The rows are the domains' {@link BadInputTable}s
 * (malformed and mistyped JSON, oversized bodies, invalid ids, SQL meta-characters, path traversal,
 * wrong content types, missing, forged and expired tokens, Authorization garbage), run by
 * {@link BadInputs}; the cases here are those a table row cannot express: a field named in the
 * refusal, a chunked body, requests Helidon refuses before routing (malformed request line, bad
 * percent-encoding, oversized URI and headers), which must be JSON too, and the controls that
 * show valid requests of the same shape pass.
 */
@KeyportTest(settings = "KEYPORT_ARCHIVES_MAX_SIZE=1048576")
class BadInputIT {

    static TestServer server;
    static ApiClient api;
    static Cast cast;
    static String admin;
    static BadInputs runner;

    /** The static tables; the bad-credential rows are built per server ({@link #rows()}). */
    static final List<BadInputTable> TABLES = List.of(
            KioTables.badInput(),
            IdentityTables.badInput(),
            IdentityTables.tokenBadInput(),
            AuditTables.badInput(),
            TasksTables.badInput(),
            AppStoreTables.badInput(),
            ReleasesTables.badInput(),
            TufTables.badInput(),
            TufTables.metadataBadInput(),
            RegistryTables.badInput(),
            PierOneTables.badInput(),
            RegistryAdminTables.badInput(),
            ArchivesTables.badInput());

    @BeforeAll
    static void start(TestServer testServer, ApiClient client, Cast theCast) {
        server = testServer;
        api = client;
        cast = theCast;
        admin = cast.token("admin");
        runner = new BadInputs(server, cast, TABLES);
        ApiClient.expect(
                api.putJson(
                        "/apps/app-a/versions/1.0",
                        cast.token("alice"),
                        "{\"artifact\":\"docker://registry/team-a/app-a:1.0\"}"),
                200);
        ApiClient.expect(api.postJson("/apps/app-a/credentials", admin, null), 201);
        RegistryTables.prepare(api, admin, RegistryTables.REPO_A);
    }

    static Stream<Arguments> rows() {
        List<BadInputTable> tables = new ArrayList<>(TABLES);
        tables.add(IdentityTables.badCredentials(server, cast));
        return tables.stream().flatMap(t -> t.rows().stream()).map(b -> Arguments.of(Named.of(b.toString(), b)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void badRequestIsRefusedInItsFamilyAndChangesNothing(Bad bad) {
        runner.assertRefused(bad);
    }

    // ---- cases a table row cannot express

    /**
     * Text longer than its column (migration V1): each field is refused by validation, naming the
     * field, never by the database. Each case is one character over the width.
     */
    static Stream<Arguments> overLongText() {
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
        BadInputTable table = BadInputTable.of("kio", ErrorBodies.STUPS).group("text over its column");
        List<String> fields = new ArrayList<>();
        appFields.forEach((field, width) -> {
            fields.add(field);
            table.add(
                    "application " + field + " " + (width + 1) + " characters",
                    "admin",
                    "PUT",
                    "/apps/app-a",
                    "{\"" + field + "\":\"" + "x".repeat(width + 1) + "\"}",
                    400);
        });
        fields.add("notes");
        table.add(
                "version notes 65537 characters",
                "alice",
                "PUT",
                "/apps/app-a/versions/2.0",
                "{\"artifact\":\"docker://registry/team-a/app-a:2.0\",\"notes\":\"" + "n".repeat(65537) + "\"}",
                400);
        fields.add("notes");
        table.add(
                "approval notes 65537 characters",
                "alice",
                "POST",
                "/apps/app-a/versions/1.0/approvals",
                "{\"approval_type\":\"TEST\",\"notes\":\"" + "n".repeat(65537) + "\"}",
                400);
        List<String> types = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            types.add("\"" + "T".repeat(60) + i + "\"");
        }
        fields.add("approval_types");
        table.add(
                "policy of 40 long approval types",
                "admin",
                "PUT",
                "/apps/app-a/approval-policy",
                "{\"approval_types\":[" + String.join(",", types) + "]}",
                400);
        List<Bad> rows = table.rows();
        return java.util.stream.IntStream.range(0, rows.size()).mapToObj(k -> Arguments.of(fields.get(k), rows.get(k)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("overLongText")
    void overLongTextIsRefusedByValidationNamingTheField(String field, Bad bad) throws IOException {
        Map<String, String> before = snapshot();
        Reply reply = runner.send(bad);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        JsonNode body = Json.mapper().readTree(reply.body());
        assertThat(body.path("details").path("field").asText())
                .as(reply.toString())
                .isEqualTo(field);
        assertThat(body.path("message").asText()).as(reply.toString()).contains("at most");
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    }

    /** The coercions the kio client relies on stay: booleans and criticality_level as strings. */
    @Test
    void kioClientCoercionsAreAccepted() {
        ApiClient.expect(
                api.putJson(
                        "/apps/kio-strings",
                        admin,
                        "{\"team_id\":\"team-a\",\"name\":\"K\",\"active\":\"true\","
                                + "\"publicly_accessible\":\"false\",\"criticality_level\":\"3\",\"required_approvers\":\"2\"}"),
                200);
        JsonNode app =
                ApiClient.expect(api.get("/apps/kio-strings", admin), 200).json();
        assertThat(app.get("active").asBoolean()).isTrue();
        assertThat(app.get("publicly_accessible").isBoolean()).isTrue();
        assertThat(app.get("criticality_level").asInt()).isEqualTo(3);
        ApiClient.expect(
                api.putJson("/apps/kio-strings", admin, "{\"active\":\"false\",\"criticality_level\":2}"), 200);
        assertThat(ApiClient.expect(api.get("/apps/kio-strings", admin), 200)
                        .json()
                        .get("active")
                        .asBoolean())
                .isFalse();
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
        Reply reply = BadInputs.send(request);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(413);
        assertJsonError(reply);
        assertThat(snapshot()).isEqualTo(before);
    }

    /** The control for the expired token: the same minting with a future expiry is accepted. */
    @Test
    void tokenMintedLikeTheExpiredOneIsValidWhenNotExpired() {
        String token = ForgedTokens.mint(
                ForgedTokens.serverKey(server),
                "keyport",
                "/employees",
                Instant.now().plusSeconds(600));
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
        ApiClient.expect(
                api.putJson(
                        "/apps/sql-literal",
                        admin,
                        "{\"team_id\":\"team-a\",\"name\":" + quote(name) + ",\"active\":true,\"description\":"
                                + quote(description) + "}"),
                200);
        JsonNode app =
                ApiClient.expect(api.get("/apps/sql-literal", admin), 200).json();
        assertThat(app.get("name").asText()).isEqualTo(name);
        assertThat(app.get("description").asText()).isEqualTo(description);
        assertThat(ApiClient.expect(api.get("/apps", admin), 200).json().size()).isGreaterThanOrEqualTo(3);
        JsonNode verify =
                ApiClient.expect(api.get("/api/audit/verify", admin), 200).json();
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
                raw(
                        "one header of 20 KiB",
                        "GET /apps HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(20 * 1024) + "\r\n\r\n"),
                raw(
                        "Authorization of 20 KiB",
                        "GET /apps HTTP/1.1\r\n" + host + "Authorization: Bearer " + "c".repeat(20 * 1024)
                                + "\r\n\r\n"),
                raw("300 headers", "GET /apps HTTP/1.1\r\n" + host + manyHeaders(300) + "\r\n"),
                raw("header without colon", "GET /apps HTTP/1.1\r\n" + host + "Bad Header\r\n\r\n"),
                raw("NUL in a header", "GET /apps HTTP/1.1\r\n" + host + "X-Ctl: a\0b\r\n\r\n"),
                raw("missing Host", "GET /apps HTTP/1.1\r\n\r\n"),
                raw(
                        "Content-Length not a number",
                        "PUT /apps/app-a HTTP/1.1\r\n" + host + auth()
                                + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}"),
                raw(
                        "bad chunk size",
                        "PUT /apps/app-a HTTP/1.1\r\n" + host + auth()
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
                raw("Bearer empty", "GET /apps HTTP/1.1\r\n" + host + "Authorization: Bearer \r\n\r\n"),
                raw(
                        "Authorization empty",
                        "PUT /apps/app-a HTTP/1.1\r\n" + host + "Authorization: \r\n"
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
        assertJsonError(reply);
        assertThat(snapshot()).isEqualTo(before);
    }

    // ---- helpers

    /** A JSON error of the STUPS family (the family of every route these cases reach). */
    private static void assertJsonError(Reply reply) {
        ErrorBodies.STUPS.check(reply.status(), reply.header("Content-Type"), reply.body());
    }

    private static Map<String, String> snapshot() {
        return runner.snapshot();
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
            String length = headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase("Content-Length"))
                    .map(e -> e.getValue().getFirst())
                    .findFirst()
                    .orElse(null);
            byte[] body = length != null ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
            return new Reply(status, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        try {
            return Json.mapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String text) {
        return BadInputTable.enc(text);
    }
}
