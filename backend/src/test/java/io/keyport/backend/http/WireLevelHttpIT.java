package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.LogCapture;
import io.keyport.backend.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP layer on the wire: raw requests over plain sockets against the real server, so nothing
 * between the test and the server normalises a header, a path or the framing of a body.
 *
 * <p>Every request that hides a second request (an authenticated {@code PUT /api/teams/...}) in a
 * body the server must not parse as a request asserts that the hidden request was not executed
 * (the team does not exist, the audit log does not mention it), that the answer was a 4xx (or the
 * expected 200) and never a 500 or a stack trace, and that the server closed the connection
 * instead of reading on.
 */
@KeyportTest(
        settings = {
            "KEYPORT_HTTP_IDLE_TIMEOUT=PT2S",
            "KEYPORT_HTTP_READ_TIMEOUT=PT2S",
            "KEYPORT_HTTP_MAX_HEADER_SIZE=8192"
        })
class WireLevelHttpIT {

    /** Configured timeouts are 2 s; the watchdog checks at least every second. */
    private static final Duration CLOSE_DEADLINE = Duration.ofSeconds(12);

    private static final Duration PROMPT = Duration.ofSeconds(5);
    private static final AtomicInteger TEAMS = new AtomicInteger();

    static TestServer server;
    static ApiClient api;
    static String admin;
    static LogCapture logs;

    @BeforeAll
    static void start(TestServer testServer, ApiClient client) {
        server = testServer;
        api = client;
        admin = api.adminToken();
        api.team(admin, "wire-team");
        ApiClient.expect(
                api.putJson("/apps/wire-app", admin, "{\"name\":\"Wire\",\"team_id\":\"wire-team\",\"active\":true}"),
                200,
                201);
        logs = LogCapture.install();
    }

    @AfterAll
    static void stop() {
        logs.close();
    }

    // ---- requests that hide a second request

    /** A fresh team name and the authenticated request that would create it. */
    record Smuggled(String team, String request) {
        static Smuggled next() {
            String team = "smuggled-" + TEAMS.incrementAndGet();
            String body = "{\"name\":\"" + team + "\"}";
            return new Smuggled(
                    team,
                    "PUT /api/teams/" + team + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Authorization: Bearer " + admin + "\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        }

        int length() {
            return request.length();
        }
    }

    interface Carrier {
        String wrap(Smuggled s);
    }

    private static Arguments carrier(String name, int expected, Carrier carrier) {
        return Arguments.of(Named.of(name, carrier), expected);
    }

    private static String auth() {
        return "Authorization: Bearer " + admin + "\r\n";
    }

    static Stream<Arguments> connectionClose() {
        String host = "Host: localhost\r\n";
        return Stream.of(
                carrier(
                        "health check, unread body",
                        200,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Connection: close\r\nContent-Length: "
                                + s.length() + "\r\n\r\n" + s.request()),
                carrier(
                        "health check, pipelined after close",
                        200,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n" + s.request()),
                carrier(
                        "401 without credentials",
                        401,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n" + host
                                + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: " + s.length()
                                + "\r\n\r\n" + s.request()),
                carrier(
                        "404 unknown route",
                        404,
                        s -> "POST /no/such/route HTTP/1.1\r\n" + host + "Connection: close\r\nContent-Length: "
                                + s.length() + "\r\n\r\n" + s.request()),
                carrier(
                        "405 wrong method",
                        405,
                        s -> "DELETE /.well-known/health HTTP/1.1\r\n" + host + "Connection: close\r\nContent-Length: "
                                + s.length() + "\r\n\r\n" + s.request()),
                carrier(
                        "413 declared body too large",
                        413,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n" + host + auth()
                                + "Connection: close\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n"
                                + s.request()),
                carrier(
                        "400 bad chunk size",
                        400,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n" + host + auth()
                                + "Connection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "zz\r\n" + s.request()),
                carrier(
                        "response says close (request keeps alive), bad chunk",
                        400,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n"
                                + host + auth() + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "zz\r\n" + s.request()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionClose")
    void connectionCloseNeverReadsOn(Carrier carrier, int expected) {
        Smuggled s = Smuggled.next();
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send(carrier.wrap(s)).read();
            assertThat(r).as("an answer before the close").isNotNull();
            assertThat(r.status()).as(r.toString()).isEqualTo(expected);
            assertNoStackTrace(r);
            c.assertClosedWithin(PROMPT);
        }
        assertNotExecuted(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/audit/export", "/apps?limit=5"})
    void streamedAnswersAreCompleteBeforeTheClose(String path) {
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send(
                            "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth() + "Connection: close\r\n\r\n")
                    .read();
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.text()).isEqualTo(api.get(path, admin).body());
            c.assertClosedWithin(PROMPT);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT /apps/wire-app", "PUT /api/teams/wire-big"})
    void aRefusedBodyIsReadBeforeTheCloseSoTheClientSeesTheAnswer(String target) {
        // 2 MiB: more than the socket buffers hold, so the client is still writing when the server
        // answers; had the server closed at once, the client's writes would fail with a reset
        int size = 2 << 20;
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send(target + " HTTP/1.1\r\nHost: localhost\r\n" + (target.contains("teams") ? auth() : "")
                    + "Content-Type: application/json\r\nContent-Length: " + size + "\r\n\r\n");
            byte[] piece = new byte[64 * 1024];
            java.util.Arrays.fill(piece, (byte) 'x');
            for (int sent = 0; sent < size; sent += piece.length) {
                c.send(piece);
            }
            RawConnection.Response r = c.read();
            assertThat(r.status()).as(r.toString()).isIn(401, 413);
            assertThat(r.header("connection")).isEqualToIgnoringCase("close");
            c.assertClosedWithin(PROMPT);
        }
    }

    static Stream<Arguments> framing() {
        String host = "Host: localhost\r\n";
        return Stream.of(
                carrier(
                        "two different Content-Length",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Content-Length: 0\r\nContent-Length: "
                                + s.length() + "\r\n\r\n" + s.request()),
                carrier(
                        "two equal Content-Length",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Content-Length: " + s.length()
                                + "\r\nContent-Length: " + s.length() + "\r\n\r\n" + s.request()),
                carrier(
                        "Content-Length list",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Content-Length: 0, " + s.length()
                                + "\r\n\r\n" + s.request()),
                carrier(
                        "Content-Length with a sign",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Content-Length: +" + s.length()
                                + "\r\n\r\n" + s.request()),
                carrier(
                        "Content-Length negative",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n"
                                + s.request()),
                carrier(
                        "Content-Length not a number",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Content-Length: 1x\r\n\r\n"
                                + s.request()),
                carrier(
                        "Content-Length and Transfer-Encoding",
                        400,
                        s -> "POST /no/such/route HTTP/1.1\r\n" + host
                                + "Content-Length: " + (5 + s.length())
                                + "\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                                + s.request()),
                carrier(
                        "Transfer-Encoding chunked, identity",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host
                                + "Transfer-Encoding: chunked, identity\r\n\r\n" + s.request()),
                carrier(
                        "Transfer-Encoding identity",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Transfer-Encoding: identity\r\n\r\n"
                                + s.request()),
                carrier(
                        "Transfer-Encoding obfuscated",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Transfer-Encoding: xchunked\r\n\r\n"
                                + s.request()),
                carrier(
                        "Transfer-Encoding upper case",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host + "Transfer-Encoding: Chunked\r\n\r\n"
                                + s.request()),
                carrier(
                        "Transfer-Encoding twice",
                        400,
                        s -> "GET /.well-known/health HTTP/1.1\r\n" + host
                                + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n" + s.request()),
                carrier(
                        "negative chunk size",
                        400,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n" + host + auth()
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\n"
                                + s.request()),
                carrier(
                        "hex-prefixed chunk size",
                        400,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n" + host + auth()
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\n"
                                + s.request()),
                carrier(
                        "overflowing chunk size",
                        400,
                        s -> "PUT /apps/wire-app HTTP/1.1\r\n" + host + auth()
                                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\n"
                                + s.request()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void ambiguousFramingIsRefusedAndClosed(Carrier carrier, int expected) {
        Smuggled s = Smuggled.next();
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send(carrier.wrap(s)).read();
            if (r != null) {
                assertThat(r.status()).as(r.toString()).isEqualTo(expected);
                assertNoStackTrace(r);
            }
            c.assertClosedWithin(PROMPT);
        }
        assertNotExecuted(s);
    }

    @Test
    void chunkExtensionsNeverReachTheHandlerAsData() {
        String body = "{\"name\":\"wire-ext\"}";
        String request = "PUT /api/teams/wire-ext HTTP/1.1\r\nHost: localhost\r\n" + auth()
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + ";ext=\"x\"\r\n" + body + "\r\n0\r\n\r\n";
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send(request).read();
            assertThat(r).isNotNull();
            assertThat(r.status()).as(r.toString()).isIn(200, 201, 400);
            assertNoStackTrace(r);
            if (r.status() == 400) {
                c.assertClosedWithin(PROMPT);
                assertThat(api.get("/api/teams/wire-ext", admin).status()).isEqualTo(404);
            } else {
                assertThat(api.get("/api/teams/wire-ext", admin)
                                .json()
                                .path("name")
                                .asText())
                        .isEqualTo("wire-ext");
            }
        }
    }

    @Test
    void legitimatePipeliningStillWorks() {
        String body = "{\"name\":\"wire-pipelined\"}";
        String requests = "GET /.well-known/health HTTP/1.1\r\nHost: localhost\r\n\r\n"
                + "PUT /api/teams/wire-pipelined HTTP/1.1\r\nHost: localhost\r\n" + auth()
                + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                + "HEAD /api/teams/wire-pipelined HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\n"
                + "GET /api/teams/wire-pipelined HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\n";
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send(requests);
            assertThat(c.read().status()).isEqualTo(200);
            assertThat(c.read().status()).isEqualTo(201);
            RawConnection.Response head = c.readHead();
            RawConnection.Response get = c.read();
            assertThat(get.status()).as(get.toString()).isEqualTo(200);
            assertThat(get.text()).contains("wire-pipelined");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo(get.header("content-length"));
            assertThat(head.header("content-type")).isEqualTo(get.header("content-type"));
            // still open and usable
            assertThat(c.send("GET /.well-known/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .read()
                            .status())
                    .isEqualTo(200);
        }
    }

    // ---- HEAD and 405

    @ParameterizedTest
    @ValueSource(strings = {"/.well-known/health", "/apps", "/apps/wire-app", "/api/teams", "/openapi"})
    void headAnswersLikeGetWithoutABody(String path) {
        try (RawConnection c = RawConnection.open(server.port())) {
            String headers = " HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\n";
            // HEAD first: if it carried a body, the GET answer behind it would not parse
            c.send("HEAD " + path + headers + "GET " + path + headers);
            RawConnection.Response head = c.readHead();
            RawConnection.Response get = c.read();
            assertThat(head.status())
                    .as(head.toString())
                    .isEqualTo(get.status())
                    .isEqualTo(200);
            assertThat(head.header("content-type")).isEqualTo(get.header("content-type"));
            assertThat(head.header("content-length")).isEqualTo(get.header("content-length"));
        }
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response head = c.send("HEAD /apps HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .readHead();
            assertThat(head.status()).isEqualTo(api.get("/apps", null).status());
            c.assertClosedWithin(PROMPT);
        }
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("DELETE", "/.well-known/health", List.of("GET", "HEAD")),
                Arguments.of("PATCH", "/apps/wire-app", List.of("GET", "HEAD", "PUT")),
                Arguments.of("POST", "/api/teams/wire-team", List.of("DELETE", "GET", "HEAD", "PUT")),
                Arguments.of("PUT", "/api/audit", List.of("GET", "HEAD")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void wrongMethodIs405WithAllow(String method, String path, List<String> allowed) {
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth()
                            + "Content-Length: 0\r\n\r\n")
                    .read();
            assertThat(r.status()).as(r.toString()).isEqualTo(405);
            assertThat(r.header("allow")).isNotNull();
            assertThat(List.of(r.header("allow").split(",\\s*"))).containsExactlyInAnyOrderElementsOf(allowed);
            assertJsonError(r);
        }
        assertThat(api.send(method, "/no/such/path", null, "Authorization", "Bearer " + admin)
                        .status())
                .isEqualTo(404);
    }

    // ---- path confusion

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/apps/..;/api/users",
                "/api/users;/admin",
                "/api/users;x=1",
                "/apps//wire-app",
                "//apps",
                "/apps/wire-app/",
                "/apps/wire-app;jsessionid=1",
                "/api/users%3b/admin",
                "/api/users%3B",
                "/apps/%2e%2e%3b/api/users",
                "/apps/.;/wire-app",
                "/apps/./wire-app",
                "/apps/../api/users",
                "/apps/%2E%2E/api/users",
                "/apps/%2e/wire-app",
                "/./apps",
                "/apps/wire-app/versions/..;"
            })
    void pathParametersDotAndEmptySegmentsAre400(String path) {
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth() + "\r\n")
                    .read();
            assertThat(r).as(path).isNotNull();
            assertThat(r.status()).as(path + ": " + r).isEqualTo(400);
            assertJsonError(r);
            assertThat(r.text()).doesNotContain("\"uid\"").doesNotContain("admin");
        }
    }

    // ---- sizes, slow and incomplete requests, early disconnects

    @ParameterizedTest
    @ValueSource(ints = {9 * 1024, 40 * 1024})
    void headersOverTheConfiguredSizeAreRefusedAndClosed(int size) {
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send("GET /.well-known/health HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                            + "b".repeat(size) + "\r\n\r\n")
                    .read();
            if (r != null) {
                assertThat(r.status()).as(r.toString()).isIn(400, 413, 431);
                assertNoStackTrace(r);
            }
            c.assertClosedWithin(PROMPT);
        }
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r = c.send("GET /.well-known/health HTTP/1.1\r\nHost: localhost\r\nX-Big: "
                            + "b".repeat(7 * 1024) + "\r\n\r\n")
                    .read();
            assertThat(r.status()).as("headers under the limit").isEqualTo(200);
        }
    }

    static Stream<Arguments> incomplete() {
        String auth = "Authorization: Bearer %s\r\n";
        return Stream.of(
                Arguments.of(Named.of("nothing at all", "")),
                Arguments.of(Named.of("half a request line", "GET /apps HT")),
                Arguments.of(Named.of("headers without their end", "GET /apps HTTP/1.1\r\nHost: localhost\r\n")),
                Arguments.of(Named.of(
                        "a body that never arrives",
                        "PUT /api/teams/wire-slow HTTP/1.1\r\nHost: localhost\r\n" + auth
                                + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"na")),
                Arguments.of(
                        Named.of(
                                "a chunked body that never ends",
                                "PUT /api/teams/wire-slow HTTP/1.1\r\nHost: localhost\r\n" + auth
                                        + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"na\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incomplete")
    void slowAndIncompleteRequestsAreClosedByTheTimeout(String request) {
        try (RawConnection c = RawConnection.open(server.port())) {
            c.send(request.formatted(admin));
            long start = System.nanoTime();
            RawConnection.Response r = c.read();
            if (r != null) {
                assertThat(r.status()).as(r.toString()).isBetween(400, 499);
                assertNoStackTrace(r);
            }
            c.assertClosedWithin(CLOSE_DEADLINE.minusNanos(System.nanoTime() - start));
        }
        assertThat(api.get("/api/teams/wire-slow", admin).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "GET /apps HTTP/1.1\r\nHost: local",
                "GET /apps HTTP/1.1\r\nHost: localhost\r\n",
                "PUT /api/teams/wire-half HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n"
                        + "Content-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{\"name\":"
            })
    void requestsEndedInTheMiddleAreNot500(String request) {
        try (RawConnection c = RawConnection.open(server.port())) {
            RawConnection.Response r =
                    c.send(request.formatted(admin)).halfClose().read();
            if (r != null) {
                assertThat(r.status()).as(r.toString()).isBetween(400, 499);
                assertNoStackTrace(r);
            }
            c.assertClosedWithin(PROMPT);
        }
    }

    @Test
    void idleKeepAliveConnectionsAreClosed() {
        try (RawConnection c = RawConnection.open(server.port())) {
            assertThat(c.send("GET /.well-known/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
                            .read()
                            .status())
                    .isEqualTo(200);
            c.assertClosedWithin(CLOSE_DEADLINE);
        }
    }

    @Test
    void earlyDisconnectsAreNeither500NorAlarmingLogs() {
        logs.clear();
        List<RawConnection> connections = new ArrayList<>();
        // as many as the attack that flooded the log: 200 connections, each closed inside its request
        for (int i = 0; i < 201; i++) {
            RawConnection c = RawConnection.open(server.port());
            c.send(
                    switch (i % 3) {
                        case 0 -> "GET /apps HTTP/1.1\r\nHost: local";
                        case 1 ->
                            "PUT /api/teams/wire-gone HTTP/1.1\r\nHost: localhost\r\n" + auth()
                                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":";
                        default ->
                            "PUT /api/teams/wire-gone HTTP/1.1\r\nHost: localhost\r\n" + auth()
                                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n100\r\n{\"name\":";
                    });
            connections.add(c);
        }
        connections.forEach(RawConnection::close);
        awaitOpenConnectionsBelow(2);
        assertThat(api.get("/.well-known/health", null).status()).isEqualTo(200);
        assertThat(api.get("/api/teams/wire-gone", admin).status()).isEqualTo(404);
        assertThat(logs.alarming()).as("SEVERE lines or WARNING stack traces").isEmpty();
        assertThat(logs.serverErrors()).as("5xx answers in the access log").isEmpty();
    }

    // ---- helpers

    /** Polls the open-connections gauge until the server has finished with the test's sockets. */
    static void awaitOpenConnectionsBelow(int limit) {
        long deadline = System.nanoTime() + CLOSE_DEADLINE.toNanos();
        double open = Double.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            open = openConnections(api);
            // the metrics request itself holds one connection
            if (open < limit) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("open connections still " + open + " after " + CLOSE_DEADLINE);
    }

    static double openConnections(ApiClient client) {
        String metrics = client.get("/metrics", null).body();
        return metrics.lines()
                .filter(l -> l.startsWith("keyport_http_open_connections "))
                .mapToDouble(
                        l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no keyport_http_open_connections in /metrics"));
    }

    private static void assertNotExecuted(Smuggled s) {
        assertThat(api.get("/api/teams/" + s.team(), admin).status())
                .as("smuggled team exists")
                .isEqualTo(404);
        String audit = api.get("/api/audit?order=desc&limit=50", admin).body();
        assertThat(audit).as("audit mentions the smuggled team").doesNotContain(s.team());
    }

    private static void assertNoStackTrace(RawConnection.Response r) {
        assertThat(r.status()).as(r.toString()).isLessThan(500);
        assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("io.helidon");
    }

    private static void assertJsonError(RawConnection.Response r) {
        assertThat(r.header("content-type")).as(r.toString()).startsWith("application/json");
        assertThat(r.text()).as(r.toString()).matches("(?s)\\{\"message\":\"[^\"]+\".*");
        assertNoStackTrace(r);
        assertThat(r.body().length).isGreaterThan(0);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("<html");
    }
}
