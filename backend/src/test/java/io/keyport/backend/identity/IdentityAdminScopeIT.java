package io.keyport.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An admin acts as admin only with a token that carries {@code keyport.admin}. */
@KeyportTest
class IdentityAdminScopeIT {

    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "narrow");
        api.app(admin, "narrow-app", "narrow");
    }

    @Test
    void narrowAdminTokenCannotUseAdminPowers() {
        String narrow = api.token("admin", TestServer.ADMIN_PASSWORD, "uid");
        assertThat(api.get("/apps/narrow-app", narrow).status()).isEqualTo(200);
        assertThat(api.putJson("/api/teams/by-narrow", narrow, "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/audit", narrow).status()).isEqualTo(403);
        assertThat(api.putJson("/apps/narrow-app", narrow, "{\"name\":\"renamed\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/api/teams/by-narrow", admin).status()).isEqualTo(404);
    }

    @Test
    void fullAdminTokenCarriesTheAdminScope() {
        var info = api.get("/oauth2/tokeninfo?access_token=" + admin, null).json();
        assertThat(info.get("scope").toString()).contains("keyport.admin");
        assertThat(api.putJson("/api/teams/by-full", admin, "{\"name\":\"x\"}").status())
                .isEqualTo(201);
    }

    @Test
    void servicesCannotBeGrantedTheAdminScope() {
        var r = api.putJson("/apps/narrow-app/scopes", admin, "{\"scopes\":[\"keyport.admin\"]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("keyport.admin");
    }

    @Test
    void peopleCannotAskForTheAdminScopeUnlessAdmin() {
        api.user(admin, "plain-person", "plain-password-1");
        var r = api.form(
                "/oauth2/token",
                java.util.Map.of(
                        "grant_type",
                        "password",
                        "username",
                        "plain-person",
                        "password",
                        "plain-password-1",
                        "scope",
                        "uid keyport.admin"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_scope");
    }
}
