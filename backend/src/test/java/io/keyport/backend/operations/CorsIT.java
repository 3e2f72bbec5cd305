package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Browser access from the configured origins only ({@code KEYPORT_CORS_ORIGINS}). */
class CorsIT {

    static final String UI = "https://ui.example.test";
    static TestServer server;
    static ApiClient api;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("KEYPORT_CORS_ORIGINS", UI + ", https://other.example.test"));
        api = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void preflightFromAnAllowedOriginIsAnsweredWithoutARoute() {
        var r = api.send(
                "OPTIONS",
                "/apps/anything",
                null,
                "Origin",
                UI,
                "Access-Control-Request-Method",
                "PUT",
                "Access-Control-Request-Headers",
                "authorization, content-type");
        assertThat(r.status()).isEqualTo(204);
        assertThat(r.header("Access-Control-Allow-Origin")).hasValue(UI);
        assertThat(r.header("Access-Control-Allow-Methods"))
                .hasValueSatisfying(m -> assertThat(m).contains("PUT"));
        assertThat(r.header("Access-Control-Allow-Headers"))
                .hasValueSatisfying(h -> assertThat(h).contains("Authorization"));
        assertThat(r.header("Vary")).hasValue("Origin");
    }

    @Test
    void preflightFromAnotherOriginIsRefused() {
        var r = api.send(
                "OPTIONS",
                "/apps",
                null,
                "Origin",
                "https://evil.example.test",
                "Access-Control-Request-Method",
                "GET");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("message").asText()).isEqualTo("Origin not allowed");
        assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void answersToAllowedOriginsCarryTheHeadersAndOthersDoNot() {
        String token = api.adminToken();
        var allowed = api.send("GET", "/apps", null, "Origin", UI, "Authorization", "Bearer " + token);
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).hasValue(UI);
        var other = api.send(
                "GET", "/apps", null, "Origin", "https://evil.example.test", "Authorization", "Bearer " + token);
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.header("Access-Control-Allow-Origin")).isEmpty();
        var errors = api.send("GET", "/apps", null, "Origin", UI);
        assertThat(errors.status()).isEqualTo(401);
        assertThat(errors.header("Access-Control-Allow-Origin"))
                .as("a browser may read the error too")
                .hasValue(UI);
    }

    @Test
    void withoutConfiguredOriginsThereAreNoCorsHeaders() {
        try (TestServer plain = TestServer.start()) {
            var r = plain.client().send("GET", "/.well-known/health", null, "Origin", UI);
            assertThat(r.header("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
