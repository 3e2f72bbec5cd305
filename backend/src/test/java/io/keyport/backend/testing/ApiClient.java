package io.keyport.backend.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A small HTTP client for black-box tests: raw requests with any headers and body, JSON helpers,
 * and shortcuts for the identity steps most tests start with (admin token, team, user).
 */
public final class ApiClient {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String baseUrl;
    private final HttpClient http;

    public ApiClient(String baseUrl) {
        this(baseUrl, HTTP);
    }

    /** Through {@code http}, e.g. one that trusts the test server's TLS certificate. */
    public ApiClient(String baseUrl, HttpClient http) {
        this.baseUrl = baseUrl;
        this.http = http;
    }

    /** The server's base URL, for requests this client cannot send (binary bodies). */
    public String baseUrl() {
        return baseUrl;
    }

    /** A response: status, headers and body text. */
    public record Response(int status, Map<String, List<String>> headers, String body) {
        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** Sends a request; {@code headers} alternate name, value. {@code body} null means none. */
    public Response send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        b.method(
                method,
                body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return token == null ? send("GET", path, null) : send("GET", path, null, "Authorization", "Bearer " + token);
    }

    public Response delete(String path, String token) {
        return send("DELETE", path, null, "Authorization", "Bearer " + token);
    }

    public Response putJson(String path, String token, String json) {
        return withJson("PUT", path, token, json);
    }

    public Response postJson(String path, String token, String json) {
        return withJson("POST", path, token, json);
    }

    private Response withJson(String method, String path, String token, String json) {
        return token == null
                ? send(method, path, json, "Content-Type", "application/json")
                : send(method, path, json, "Content-Type", "application/json", "Authorization", "Bearer " + token);
    }

    /** Posts a form; {@code basic} (user, secret) is optional. */
    public Response form(String path, Map<String, String> fields, String... basic) {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        if (basic.length == 2) {
            return send(
                    "POST",
                    path,
                    body,
                    "Content-Type",
                    "application/x-www-form-urlencoded",
                    "Authorization",
                    basicHeader(basic[0], basic[1]));
        }
        return send("POST", path, body, "Content-Type", "application/x-www-form-urlencoded");
    }

    public static String basicHeader(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** A password-grant token; fails the test unless the grant succeeds. */
    public String token(String user, String password, String... scope) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("grant_type", "password");
        fields.put("username", user);
        fields.put("password", password);
        if (scope.length > 0) {
            fields.put("scope", String.join(" ", scope));
        }
        Response r = form("/oauth2/token", fields);
        if (r.status() != 200) {
            throw new AssertionError("token for " + user + ": " + r);
        }
        return r.json().get("access_token").asText();
    }

    public String adminToken() {
        return token("admin", TestServer.ADMIN_PASSWORD);
    }

    /** Creates (or renames) a team as admin. */
    public void team(String adminToken, String team) {
        expect(putJson("/api/teams/" + team, adminToken, "{\"name\":\"" + team + "\"}"), 200, 201);
    }

    /** Creates or updates a person as admin and returns a token for them. */
    public String user(String adminToken, String uid, String password, String... teams) {
        String teamList =
                java.util.Arrays.stream(teams).map(t -> "\"" + t + "\"").collect(Collectors.joining(","));
        expect(
                putJson(
                        "/api/users/" + uid,
                        adminToken,
                        "{\"password\":\"" + password + "\",\"teams\":[" + teamList + "]}"),
                200,
                201);
        return token(uid, password);
    }

    /** Creates an application as admin. */
    public void app(String token, String id, String team) {
        expect(
                putJson("/apps/" + id, token, "{\"team_id\":\"" + team + "\",\"name\":\"" + id + "\",\"active\":true}"),
                200);
    }

    public static Response expect(Response r, int... statuses) {
        for (int s : statuses) {
            if (r.status() == s) {
                return r;
            }
        }
        throw new AssertionError("expected " + java.util.Arrays.toString(statuses) + " but got " + r);
    }
}
