package io.keyport.backend.identity;

import static io.keyport.backend.identity.JsonNodes.texts;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OAuth2 endpoints for people: the password grant with its scopes and errors, tokeninfo, the
 * accepted Authorization schemes, and tokens that follow the state of their user.
 */
@KeyportTest
class IdentityTokensIT {

    static final String[] ADMIN_SCOPES = {
        "application.write", "application.write_all", "application.write_all_trusted", "keyport.admin", "uid"
    };

    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
    }

    private static ApiClient.Response passwordGrant(String user, String password, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("username", user);
        form.put("password", password);
        if (scope != null) {
            form.put("scope", scope);
        }
        return api.form("/oauth2/token", form);
    }

    // ---- password grant

    @Test
    void adminTokenHoldsEveryScope() {
        var r = passwordGrant("admin", TestServer.ADMIN_PASSWORD, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).contains("no-store");
        var body = r.json();
        assertThat(body.get("access_token").asText()).isNotBlank();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isBetween(3500L, 3600L);
        assertThat(body.get("scope").asText().split(" ")).contains(ADMIN_SCOPES);
    }

    @Test
    void personWithoutScopeParameterGetsEveryScopeTheyHold() {
        api.user(admin, "tom", "tom-pass-01");
        var r = passwordGrant("tom", "tom-pass-01", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("scope").asText().split(" ")).containsExactlyInAnyOrder("uid", "application.write");
    }

    @Test
    void requestedScopesNarrowTheToken() {
        api.user(admin, "uma", "uma-pass-01");
        var r = passwordGrant("uma", "uma-pass-01", "uid");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("scope").asText()).isEqualTo("uid");
        var info = api.get(
                "/oauth2/tokeninfo?access_token=" + r.json().get("access_token").asText(), null);
        assertThat(texts(info.json().get("scope"))).containsExactly("uid");

        var adminNarrow = passwordGrant("admin", TestServer.ADMIN_PASSWORD, "uid application.write_all");
        assertThat(adminNarrow.json().get("scope").asText().split(" "))
                .containsExactlyInAnyOrder("uid", "application.write_all");
    }

    @Test
    void requestingAScopeNotHeldIsInvalidScope() {
        api.user(admin, "vic", "vic-pass-01");
        for (String scope :
                new String[] {"application.write_all", "uid application.write_all_trusted", "no.such.scope"}) {
            var r = passwordGrant("vic", "vic-pass-01", scope);
            assertThat(r.status()).as(scope).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("invalid_scope");
        }
    }

    @Test
    void wrongPasswordOrUnknownUserIsInvalidGrant() {
        api.user(admin, "walt", "walt-pass-01");
        for (var r : new ApiClient.Response[] {
            passwordGrant("walt", "wrong-password", null), passwordGrant("nobody-at-all", "whatever-1", null)
        }) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("invalid_grant");
            assertThat(r.body()).doesNotContain("access_token");
        }
    }

    @Test
    void missingParametersAreInvalidRequest() {
        var noPassword = api.form("/oauth2/token", Map.of("grant_type", "password", "username", "admin"));
        assertThat(noPassword.status()).isEqualTo(400);
        assertThat(noPassword.json().get("error").asText()).isEqualTo("invalid_request");
        var noGrant = api.form("/oauth2/token", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD));
        assertThat(noGrant.status()).isEqualTo(400);
        assertThat(noGrant.json().get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void unknownGrantTypeIsUnsupported() {
        var r = api.form("/oauth2/token", Map.of("grant_type", "authorization_code", "code", "abc"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void badClientIsInvalidClient() {
        var r = api.form("/oauth2/token", Map.of("grant_type", "client_credentials"), "no-such-client.abc", "secret");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
        var none = api.form("/oauth2/token", Map.of("grant_type", "client_credentials"));
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().get("error").asText()).isEqualTo("invalid_client");
    }

    // ---- tokeninfo

    @Test
    void tokenInfoDescribesAPersonsToken() {
        api.user(admin, "xena", "xena-pass-01");
        String token = api.token("xena", "xena-pass-01");
        var r = api.get("/oauth2/tokeninfo?access_token=" + token, null);
        assertThat(r.status()).isEqualTo(200);
        var info = r.json();
        assertThat(info.get("uid").asText()).isEqualTo("xena");
        assertThat(info.get("realm").asText()).isEqualTo("/employees");
        assertThat(texts(info.get("scope"))).containsExactlyInAnyOrder("uid", "application.write");
        assertThat(info.get("expires_in").asLong()).isBetween(3500L, 3600L);
        assertThat(info.get("access_token").asText()).isEqualTo(token);

        var viaHeader = api.get("/oauth2/tokeninfo", token);
        assertThat(viaHeader.status()).isEqualTo(200);
        assertThat(viaHeader.json().get("uid").asText()).isEqualTo("xena");
    }

    @Test
    void tokenInfoRejectsInvalidTokens() {
        String forged =
                admin.substring(0, admin.lastIndexOf('.') + 1) + "AAAA" + admin.substring(admin.lastIndexOf('.') + 5);
        for (String token : new String[] {"not-a-token", forged, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9."}) {
            var r = api.get("/oauth2/tokeninfo?access_token=" + token, null);
            assertThat(r.status()).as(token).isEqualTo(400);
            assertThat(r.json().get("error").asText()).isEqualTo("invalid_token");
        }
        var missing = api.get("/oauth2/tokeninfo", null);
        assertThat(missing.status()).isEqualTo(400);
    }

    // ---- Authorization schemes

    @Test
    void everyApiAcceptsBearerTokenBasicOauth2AndBasicPassword() {
        api.user(admin, "yuri", "yuri-pass-01");
        String token = api.token("yuri", "yuri-pass-01");
        String oauth2 =
                "Basic " + Base64.getEncoder().encodeToString(("oauth2:" + token).getBytes(StandardCharsets.UTF_8));
        for (String header :
                new String[] {"Bearer " + token, "Token " + token, oauth2, ApiClient.basicHeader("yuri", "yuri-pass-01")
                }) {
            var r = api.send("GET", "/api/users/yuri", null, "Authorization", header);
            assertThat(r.status()).as(header).isEqualTo(200);
            assertThat(r.json().get("uid").asText()).isEqualTo("yuri");
            assertThat(api.send("GET", "/api/teams", null, "Authorization", header)
                            .status())
                    .as(header)
                    .isEqualTo(200);
        }
    }

    @Test
    void basicPasswordOfAnAdminAllowsAdminOperations() {
        var r = api.send(
                "GET", "/api/users", null, "Authorization", ApiClient.basicHeader("admin", TestServer.ADMIN_PASSWORD));
        assertThat(r.status()).isEqualTo(200);
    }

    @Test
    void invalidCredentialsAre401WithAMessage() {
        api.user(admin, "zack", "zack-pass-01");
        for (String header : new String[] {
            "Bearer not-a-token",
            "Token ",
            "Basic !!!",
            "Negotiate abc",
            ApiClient.basicHeader("zack", "zack-wrong-1"),
            "Basic " + Base64.getEncoder().encodeToString("oauth2:not-a-token".getBytes(StandardCharsets.UTF_8))
        }) {
            var r = api.send("GET", "/api/teams", null, "Authorization", header);
            assertThat(r.status()).as(header).isEqualTo(401);
            assertThat(r.json().get("message").asText()).isNotBlank();
        }
    }

    @Test
    void aTokenWithoutUidMayNotRead() {
        api.user(admin, "ursula", "ursula-pass1");
        var r = passwordGrant("ursula", "ursula-pass1", "application.write");
        String token = r.json().get("access_token").asText();
        assertThat(api.get("/api/teams", token).status()).isEqualTo(403);
    }

    // ---- tokens follow their user

    @Test
    void deletingAUserEndsTheirTokens() {
        String token = api.user(admin, "quinn", "quinn-pass-1");
        assertThat(api.get("/api/users/quinn", token).status()).isEqualTo(200);
        assertThat(api.delete("/api/users/quinn", admin).status()).isEqualTo(204);
        assertThat(api.get("/api/teams", token).status()).isEqualTo(401);
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + token, null).status())
                .isEqualTo(400);
        assertThat(passwordGrant("quinn", "quinn-pass-1", null).status()).isEqualTo(400);
    }

    @Test
    void aRecreatedUserDoesNotReviveTokensOfTheDeletedOne() {
        String oldToken = api.user(admin, "reborn", "reborn-pass-1");
        assertThat(api.delete("/api/users/reborn", admin).status()).isEqualTo(204);
        String newToken = api.user(admin, "reborn", "reborn-pass-2");
        assertThat(api.get("/api/users/reborn", newToken).status()).isEqualTo(200);
        assertThat(api.get("/api/users/reborn", oldToken).status()).isEqualTo(401);
    }

    @Test
    void demotingAnAdminNarrowsTheScopesOfTheirToken() {
        api.putJson("/api/users/sam", admin, "{\"password\":\"sam-pass-01\",\"admin\":true}");
        String token = api.token("sam", "sam-pass-01");
        assertThat(texts(api.get("/oauth2/tokeninfo?access_token=" + token, null)
                        .json()
                        .get("scope")))
                .contains(ADMIN_SCOPES);
        assertThat(api.get("/api/users", token).status()).isEqualTo(200);

        assertThat(api.putJson("/api/users/sam", admin, "{\"admin\":false}").status())
                .isEqualTo(200);

        assertThat(texts(api.get("/oauth2/tokeninfo?access_token=" + token, null)
                        .json()
                        .get("scope")))
                .containsExactlyInAnyOrder("uid", "application.write");
        assertThat(api.get("/api/users", token).status()).isEqualTo(403);
        assertThat(api.putJson("/api/teams/sams-team", token, "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void newTeamMembershipAppliesToExistingTokens() {
        api.team(admin, "late-team");
        String token = api.user(admin, "olga", "olga-pass-01");
        api.app(admin, "late-app", "late-team");
        String update = "{\"team_id\":\"late-team\",\"name\":\"Late\",\"active\":true}";
        assertThat(api.putJson("/apps/late-app", token, update).status()).isEqualTo(403);
        api.putJson("/api/users/olga", admin, "{\"teams\":[\"late-team\"]}");
        assertThat(api.putJson("/apps/late-app", token, update).status()).isEqualTo(200);
    }
}
