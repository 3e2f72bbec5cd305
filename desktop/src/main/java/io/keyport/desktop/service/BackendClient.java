package io.keyport.desktop.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.keyport.model.common.Json;
import io.keyport.model.identity.TokenInfo;
import io.keyport.model.identity.TokenResponse;
import io.keyport.model.identity.User;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The console's HTTP client for one Keyport server (OkHttp). Every call blocks, so run it in a
 * background task. It does not keep a session: the access token returned by {@link #login} is the
 * caller's to hold.
 */
public final class BackendClient implements AutoCloseable {

    static final long MAX_ERROR_BODY = 64 * 1024;
    static final ObjectReader LENIENT = Json.mapper()
            .reader()
            .without(
                    DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                    DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final HttpUrl baseUrl;
    private final OkHttpClient http;

    /**
     * A client for the server at {@code serverUrl} ({@code http://host:port}, optionally with a path
     * prefix when the server sits behind a reverse proxy).
     *
     * @throws IllegalArgumentException if {@code serverUrl} is not an http or https URL
     */
    public BackendClient(String serverUrl) {
        this(
                serverUrl,
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ofSeconds(60))
                        .build());
    }

    /**
     * A client over a caller's {@link OkHttpClient} (a connection profile's, trusting its CA). {@link #close()}
     * then shuts that client's threads down too: pass {@code http.newBuilder().build()} to keep using it.
     */
    public BackendClient(String serverUrl, OkHttpClient http) {
        HttpUrl parsed = serverUrl == null ? null : HttpUrl.parse(serverUrl.trim());
        if (parsed == null) {
            throw new IllegalArgumentException("Not a server URL (expected http://host:port): " + serverUrl);
        }
        this.baseUrl = parsed;
        this.http = Objects.requireNonNull(http);
    }

    /** The server's base URL as given. */
    public String serverUrl() {
        return baseUrl.toString();
    }

    /**
     * {@code GET /.well-known/health}: true if the server answers that it is serving, false if it
     * answers that it is not (503 while it shuts down).
     *
     * @throws BackendException if the server cannot be reached or its answer is not a health answer
     */
    public boolean health() {
        Request request =
                new Request.Builder().url(url(".well-known/health")).get().build();
        try (Response response = call(request)) {
            if (response.code() == 503) {
                return false;
            }
            if (!response.isSuccessful()) {
                throw failure(response);
            }
            JsonNode health = json(response).get("health");
            if (health == null || !health.isBoolean()) {
                throw unexpected(response, null);
            }
            return health.booleanValue();
        }
    }

    /**
     * {@code POST /oauth2/token} with the password grant.
     *
     * @return the access token, for {@code Authorization: Bearer ...}
     * @throws BackendException with the server's message if it refuses (wrong password, too many
     *         attempts) or cannot be reached
     */
    public String login(String username, String password) {
        return token(username, password).accessToken();
    }

    /**
     * {@code POST /oauth2/token} with the password grant, the whole answer: the access token and how
     * long it is valid ({@code expires_in}, seconds).
     *
     * @throws BackendException as {@link #login}
     */
    public TokenResponse token(String username, String password) {
        Request request = new Request.Builder()
                .url(url("oauth2/token"))
                .post(new FormBody.Builder()
                        .add("grant_type", "password")
                        .add("username", username)
                        .add("password", password)
                        .build())
                .build();
        try (Response response = call(request)) {
            if (!response.isSuccessful()) {
                throw failure(response);
            }
            TokenResponse token;
            try {
                token = LENIENT.treeToValue(json(response), TokenResponse.class);
            } catch (IOException e) {
                throw unexpected(response, e);
            }
            if (token.accessToken() == null || token.accessToken().isEmpty()) {
                throw unexpected(response, null);
            }
            return token;
        }
    }

    /**
     * {@code GET /api/users/{uid}}: whether the person is an admin and which teams they belong to.
     *
     * @throws BackendException with the server's message if it refuses or cannot be reached
     */
    public User user(String accessToken, String uid) {
        HttpUrl target = baseUrl.newBuilder()
                .addPathSegments("api/users")
                .addPathSegment(uid)
                .build();
        try (Response response = call(bearerGet(target, accessToken))) {
            if (!response.isSuccessful()) {
                throw failure(response);
            }
            try {
                return LENIENT.treeToValue(json(response), User.class);
            } catch (IOException e) {
                throw unexpected(response, e);
            }
        }
    }

    /**
     * {@code GET /oauth2/tokeninfo}, with the token as a bearer credential rather than in the query.
     *
     * @return who the token belongs to ({@code uid}, {@code realm}) and what it allows
     * @throws BackendException with the server's message if it rejects the token or cannot be reached
     */
    public TokenInfo tokenInfo(String accessToken) {
        try (Response response = call(bearerGet(url("oauth2/tokeninfo"), accessToken))) {
            if (!response.isSuccessful()) {
                throw failure(response);
            }
            TokenInfo info;
            try {
                info = LENIENT.treeToValue(json(response), TokenInfo.class);
            } catch (IOException e) {
                throw unexpected(response, e);
            }
            if (info.uid() == null || info.uid().isEmpty()) {
                throw unexpected(response, null);
            }
            return info;
        }
    }

    /** Releases the connection pool and dispatcher threads. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    private static Request bearerGet(HttpUrl target, String accessToken) {
        return new Request.Builder()
                .url(target)
                .header("Authorization", "Bearer " + accessToken)
                .get()
                .build();
    }

    private HttpUrl url(String path) {
        return baseUrl.newBuilder().addPathSegments(path).build();
    }

    private Response call(Request request) {
        try {
            return http.newCall(request).execute();
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new BackendException(0, "Cannot reach " + baseUrl + ": " + reason, e);
        }
    }

    private JsonNode json(Response response) {
        try {
            JsonNode body = LENIENT.readTree(response.body().byteStream());
            if (body == null || !body.isObject()) {
                throw unexpected(response, null);
            }
            return body;
        } catch (IOException e) {
            throw unexpected(response, e);
        }
    }

    /**
     * The server's own words for a refusal: {@code error_description} (OAuth2), {@code message}
     * (Keyport and STUPS APIs), {@code errors[0].message} (OCI), else the status line.
     */
    static BackendException failure(Response response) {
        String message = null;
        JsonNode bodyDetails = null;
        try {
            ResponseBody peek = response.peekBody(MAX_ERROR_BODY);
            JsonNode body = LENIENT.readTree(peek.string());
            bodyDetails = body.get("details");
            message = text(body, "error_description");
            if (message == null) {
                message = text(body, "message");
                // Kio's 401/403 say only "Forbidden" in message and why in a text "details".
                String details = text(body, "details");
                if (message != null && details != null && (response.code() == 401 || response.code() == 403)) {
                    message = message + ": " + details;
                }
            }
            if (message == null) {
                message = text(body.path("errors").path(0), "message");
            }
            if (message == null) {
                message = text(body.path("detail"), "message"); // RSTUF's {"detail": {"message", "error"}}
            }
            if (message == null) {
                message = text(body, "error");
            }
            // A 413 says its limit in details.limit_bytes; the user needs the number to act on it.
            JsonNode limit = body.path("details").path("limit_bytes");
            if (message != null && limit.isIntegralNumber() && !message.contains(limit.asText())) {
                message = message + " (the limit is " + limit.asLong() + " bytes)";
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall back to the status line below
        }
        if (message == null) {
            message = "HTTP " + response.code() + " from " + response.request().url();
        }
        return new BackendException(response.code(), message, null, bodyDetails);
    }

    static BackendException unexpected(Response response, Exception cause) {
        return new BackendException(
                response.code(),
                "Unexpected answer from " + response.request().url() + " (is this a Keyport server?)",
                cause);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
