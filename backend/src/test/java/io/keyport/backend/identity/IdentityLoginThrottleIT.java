package io.keyport.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failed logins slow down further attempts, on the token endpoint and on HTTP Basic alike. Each
 * test has its own server: the throttle counts per client address, and every request here comes
 * from 127.0.0.1. No test sleeps: the first wait is one second, and the refused attempt follows
 * the failure that caused it at once.
 */
class IdentityLoginThrottleIT {

    TestServer server;
    ApiClient api;

    @BeforeEach
    void start() {
        server = TestServer.start();
        api = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ApiClient.Response grant(String user, String password) {
        return api.form("/oauth2/token", Map.of("grant_type", "password", "username", user, "password", password));
    }

    @Test
    void tokenEndpointRefusesEvenTheRightPasswordAfterRepeatedFailures() {
        api.user(api.adminToken(), "victim", "victim-pass-1");
        for (int i = 1; i <= 4; i++) {
            var wrong = grant("victim", "wrong-pass-" + i);
            assertThat(wrong.status()).as("attempt %d", i).isEqualTo(400);
            assertThat(wrong.json().get("error").asText()).isEqualTo("invalid_grant");
        }
        var refused = grant("victim", "victim-pass-1");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("slow_down");
        assertThat(refused.json().has("access_token")).isFalse();
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(1L, 30L);
    }

    @Test
    void basicAuthRefusesEvenTheRightPasswordAfterRepeatedFailures() {
        api.user(api.adminToken(), "basic-victim", "basic-victim-1");
        for (int i = 1; i <= 4; i++) {
            var wrong = api.send(
                    "GET", "/api/teams", null, "Authorization", ApiClient.basicHeader("basic-victim", "nope-" + i));
            assertThat(wrong.status()).as("attempt %d", i).isEqualTo(401);
        }
        var refused = api.send(
                "GET", "/api/teams", null, "Authorization", ApiClient.basicHeader("basic-victim", "basic-victim-1"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("message").asText()).isNotBlank();
        assertThat(refused.header("Retry-After")).isPresent();
        // The token endpoint shares the count: the same person is refused there too.
        assertThat(grant("basic-victim", "basic-victim-1").status()).isEqualTo(429);
    }

    @Test
    void failuresForOnePersonDoNotSlowDownAnother() {
        String admin = api.adminToken();
        api.user(admin, "unlucky", "unlucky-pass-1");
        api.user(admin, "bystander", "bystander-1");
        for (int i = 1; i <= 4; i++) {
            grant("unlucky", "wrong-pass-" + i);
        }
        assertThat(grant("unlucky", "unlucky-pass-1").status()).isEqualTo(429);
        assertThat(grant("bystander", "bystander-1").status()).isEqualTo(200);
    }

    @Test
    void badClientSecretsAreThrottledToo() {
        String admin = api.adminToken();
        api.team(admin, "throttle-team");
        api.app(admin, "throttled-svc", "throttle-team");
        var created = api.send("POST", "/apps/throttled-svc/credentials", null, "Authorization", "Bearer " + admin)
                .json();
        String clientId = created.get("client_id").asText();
        for (int i = 1; i <= 4; i++) {
            assertThat(api.form("/oauth2/token", Map.of("grant_type", "client_credentials"), clientId, "bad-" + i)
                            .status())
                    .isEqualTo(401);
        }
        var refused = api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                clientId,
                created.get("client_secret").asText());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().get("error").asText()).isEqualTo("slow_down");
    }
}
