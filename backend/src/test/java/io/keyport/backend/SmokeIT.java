package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@KeyportTest
class SmokeIT {

    static ApiClient api;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
    }

    @Test
    void healthAnswersOnceStarted() {
        var r = api.get("/.well-known/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("health").asBoolean()).isTrue();
    }

    @Test
    void adminCanCreateTeamAndApplication() {
        String admin = api.adminToken();
        api.team(admin, "smoke");
        api.app(admin, "smoke-app", "smoke");
        var r = api.get("/apps/smoke-app", admin);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("team_id").asText()).isEqualTo("smoke");
    }
}
