package io.keyport.backend.identity;

import static io.keyport.backend.identity.JsonNodes.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Service identities: client credentials of applications, granted scopes, the client-credentials
 * grant, and tokens that end with their credential or their application's activity.
 */
@KeyportTest
class IdentityServiceCredentialsIT {

    static ApiClient api;
    static String admin;
    static String member;
    static String outsider;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "svc-team");
        api.team(admin, "other-team");
        member = api.user(admin, "svc-member", "svc-member-1", "svc-team");
        outsider = api.user(admin, "svc-outsider", "svc-outsider-1", "other-team");
    }

    private record Client(String id, String secret) {}

    private static Client credential(String app, String token) {
        var r = api.send("POST", "/apps/" + app + "/credentials", null, "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Client(
                r.json().get("client_id").asText(),
                r.json().get("client_secret").asText());
    }

    private static ApiClient.Response clientGrant(Client client, String scope) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        if (scope != null) {
            form.put("scope", scope);
        }
        return api.form("/oauth2/token", form, client.id(), client.secret());
    }

    private static String serviceToken(Client client) {
        var r = clientGrant(client, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    private static JsonNode tokenInfo(String token) {
        var r = api.get("/oauth2/tokeninfo?access_token=" + token, null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    @Test
    void teamMemberCreatesCredentialShownOnce() {
        api.app(admin, "cred-app", "svc-team");
        var r = api.send("POST", "/apps/cred-app/credentials", null, "Authorization", "Bearer " + member);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Cache-Control")).contains("no-store");
        String clientId = r.json().get("client_id").asText();
        String secret = r.json().get("client_secret").asText();
        assertThat(clientId).startsWith("cred-app");
        assertThat(secret).hasSizeGreaterThanOrEqualTo(32);

        var list = api.get("/apps/cred-app/credentials", member);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json()).hasSize(1);
        JsonNode listed = list.json().get(0);
        assertThat(listed.get("client_id").asText()).isEqualTo(clientId);
        assertThat(listed.get("application_id").asText()).isEqualTo("cred-app");
        assertThat(listed.get("created_by").asText()).isEqualTo("svc-member");
        assertThat(listed.get("revoked_at").isNull()).isTrue();
        assertThat(list.body()).doesNotContain(secret).doesNotContain("client_secret");
    }

    @Test
    void adminsManageCredentialsOfAnyTeam() {
        api.app(admin, "admin-managed", "svc-team");
        Client c = credential("admin-managed", admin);
        assertThat(api.get("/apps/admin-managed/credentials", admin).json()).hasSize(1);
        assertThat(api.delete("/apps/admin-managed/credentials/" + c.id(), admin)
                        .status())
                .isEqualTo(204);
    }

    @Test
    void outsidersAndServicesCannotManageCredentials() {
        api.app(admin, "guarded-app", "svc-team");
        Client c = credential("guarded-app", member);
        assertThat(api.send("POST", "/apps/guarded-app/credentials", null, "Authorization", "Bearer " + outsider)
                        .status())
                .isEqualTo(403);
        assertThat(api.get("/apps/guarded-app/credentials", outsider).status()).isEqualTo(403);
        assertThat(api.delete("/apps/guarded-app/credentials/" + c.id(), outsider)
                        .status())
                .isEqualTo(403);
        String service = serviceToken(c);
        assertThat(api.send("POST", "/apps/guarded-app/credentials", null, "Authorization", "Bearer " + service)
                        .status())
                .isEqualTo(403);
        assertThat(api.send("POST", "/apps/guarded-app/credentials", null).status())
                .isEqualTo(401);
        assertThat(api.get("/apps/guarded-app/credentials", member).json()).hasSize(1);
    }

    @Test
    void unknownApplicationIs404() {
        assertThat(api.send("POST", "/apps/no-such-app/credentials", null, "Authorization", "Bearer " + admin)
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/apps/no-such-app/scopes", admin).status()).isEqualTo(404);
        assertThat(api.putJson("/apps/no-such-app/scopes", admin, "{\"scopes\":[]}")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void clientCredentialsTokenIsAServiceOfTheApplication() {
        api.app(admin, "plain-svc", "svc-team");
        Client c = credential("plain-svc", member);
        var r = clientGrant(c, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(r.json().get("expires_in").asLong()).isPositive();
        assertThat(r.json().get("scope").asText()).isEqualTo("uid");

        JsonNode info = tokenInfo(r.json().get("access_token").asText());
        assertThat(info.get("uid").asText()).isEqualTo("plain-svc");
        assertThat(info.get("realm").asText()).isEqualTo("/services");
        assertThat(texts(info.get("scope"))).containsExactly("uid");
    }

    @Test
    void clientCredentialsMayAlsoComeInTheForm() {
        api.app(admin, "form-svc", "svc-team");
        Client c = credential("form-svc", member);
        var r = api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials", "client_id", c.id(), "client_secret", c.secret()));
        assertThat(r.status()).isEqualTo(200);
        assertThat(tokenInfo(r.json().get("access_token").asText()).get("uid").asText())
                .isEqualTo("form-svc");
    }

    @Test
    void wrongSecretOrUnknownClientIsInvalidClient() {
        api.app(admin, "wrong-secret-svc", "svc-team");
        Client c = credential("wrong-secret-svc", member);
        for (Client bad : new Client[] {new Client(c.id(), c.secret() + "x"), new Client(c.id() + "0", c.secret())}) {
            var r = clientGrant(bad, null);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
            assertThat(r.header("WWW-Authenticate")).isPresent();
        }
    }

    @Test
    void adminsGrantScopesAndTokensCarryOnlyThose() {
        api.app(admin, "scoped-svc", "svc-team");
        assertThat(api.get("/apps/scoped-svc/scopes", member).json().get("scopes"))
                .isEmpty();

        var put = api.putJson("/apps/scoped-svc/scopes", admin, "{\"scopes\":[\"application.write\",\"uid\"]}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(texts(put.json().get("scopes"))).containsExactly("application.write");
        assertThat(texts(api.get("/apps/scoped-svc/scopes", member).json().get("scopes")))
                .containsExactly("application.write");

        Client c = credential("scoped-svc", member);
        var all = clientGrant(c, null);
        assertThat(all.json().get("scope").asText().split(" ")).containsExactlyInAnyOrder("uid", "application.write");
        var narrow = clientGrant(c, "uid");
        assertThat(narrow.json().get("scope").asText()).isEqualTo("uid");
        var notHeld = clientGrant(c, "application.write_all");
        assertThat(notHeld.status()).isEqualTo(400);
        assertThat(notHeld.json().get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void onlyAdminsGrantScopesAndOnlyKnownOnes() {
        api.app(admin, "grant-svc", "svc-team");
        assertThat(api.putJson("/apps/grant-svc/scopes", member, "{\"scopes\":[\"application.write_all\"]}")
                        .status())
                .isEqualTo(403);
        var unknown = api.putJson("/apps/grant-svc/scopes", admin, "{\"scopes\":[\"root.everything\"]}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("root.everything");
        assertThat(api.putJson("/apps/grant-svc/scopes", admin, "{}").status()).isEqualTo(400);
        assertThat(api.get("/apps/grant-svc/scopes", admin).json().get("scopes"))
                .isEmpty();
    }

    @Test
    void serviceWritesItsTeamsApplicationOnlyWithApplicationWrite() {
        api.app(admin, "writer-svc", "svc-team");
        api.app(admin, "foreign-app", "other-team");
        Client c = credential("writer-svc", member);
        String update = "{\"team_id\":\"svc-team\",\"name\":\"Writer\",\"active\":true}";
        String without = serviceToken(c);
        assertThat(api.putJson("/apps/writer-svc", without, update).status()).isEqualTo(403);

        api.putJson("/apps/writer-svc/scopes", admin, "{\"scopes\":[\"application.write\"]}");
        String with = serviceToken(c);
        assertThat(api.putJson("/apps/writer-svc", with, update).status()).isEqualTo(200);
        assertThat(api.putJson("/apps/foreign-app", with, "{\"team_id\":\"other-team\",\"name\":\"F\",\"active\":true}")
                        .status())
                .isEqualTo(403);
    }

    @Test
    void withdrawingAScopeNarrowsExistingServiceTokens() {
        api.app(admin, "narrowed-svc", "svc-team");
        api.putJson("/apps/narrowed-svc/scopes", admin, "{\"scopes\":[\"application.write\"]}");
        Client c = credential("narrowed-svc", member);
        String token = serviceToken(c);
        assertThat(texts(tokenInfo(token).get("scope"))).containsExactlyInAnyOrder("uid", "application.write");
        api.putJson("/apps/narrowed-svc/scopes", admin, "{\"scopes\":[]}");
        assertThat(texts(tokenInfo(token).get("scope"))).containsExactly("uid");
    }

    @Test
    void revokingACredentialEndsItsTokensAtOnce() {
        api.app(admin, "revoked-svc", "svc-team");
        Client c = credential("revoked-svc", member);
        Client other = credential("revoked-svc", member);
        String token = serviceToken(c);
        String otherToken = serviceToken(other);
        assertThat(api.get("/api/teams", token).status()).isEqualTo(200);

        assertThat(api.delete("/apps/revoked-svc/credentials/" + c.id(), member).status())
                .isEqualTo(204);

        assertThat(api.get("/api/teams", token).status()).isEqualTo(401);
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + token, null).status())
                .isEqualTo(400);
        assertThat(clientGrant(c, null).status()).isEqualTo(401);
        // The other credential of the same application is untouched.
        assertThat(api.get("/api/teams", otherToken).status()).isEqualTo(200);
        assertThat(serviceToken(other)).isNotBlank();

        JsonNode revoked =
                JsonNodes.find(api.get("/apps/revoked-svc/credentials", member).json(), "client_id", c.id());
        assertThat(revoked).isNotNull();
        assertThat(revoked.get("revoked_at").isNull()).isFalse();
        assertThat(api.delete("/apps/revoked-svc/credentials/" + c.id(), member).status())
                .isEqualTo(404);
        assertThat(api.delete("/apps/revoked-svc/credentials/unknown.client", member)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void credentialOfAnotherApplicationCannotBeRevokedThroughThisOne() {
        api.app(admin, "first-svc", "svc-team");
        api.app(admin, "second-svc", "svc-team");
        Client c = credential("first-svc", member);
        assertThat(api.delete("/apps/second-svc/credentials/" + c.id(), member).status())
                .isEqualTo(404);
        assertThat(serviceToken(c)).isNotBlank();
    }

    @Test
    void inactiveApplicationCannotGetTokens() {
        api.app(admin, "sleepy-svc", "svc-team");
        Client c = credential("sleepy-svc", member);
        assertThat(serviceToken(c)).isNotBlank();
        assertThat(api.putJson("/apps/sleepy-svc", admin, "{\"active\":false}").status())
                .isEqualTo(200);
        var r = clientGrant(c, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(api.putJson("/apps/sleepy-svc", admin, "{\"active\":true}").status())
                .isEqualTo(200);
        assertThat(serviceToken(c)).isNotBlank();
    }

    @Test
    void deactivatingAnApplicationEndsItsExistingTokensAtOnce() {
        api.app(admin, "retired-svc", "svc-team");
        Client c = credential("retired-svc", member);
        String token = serviceToken(c);
        assertThat(api.get("/apps/retired-svc", token).status()).isEqualTo(200);
        assertThat(api.putJson("/apps/retired-svc", admin, "{\"active\":false}").status())
                .isEqualTo(200);
        assertThat(api.get("/apps/retired-svc", token).status()).isEqualTo(401);
    }

    @Test
    void credentialWritesAreAuditedWithoutTheSecret() {
        api.app(admin, "audited-svc", "svc-team");
        Client c = credential("audited-svc", member);
        api.putJson("/apps/audited-svc/scopes", admin, "{\"scopes\":[\"application.write\"]}");
        api.delete("/apps/audited-svc/credentials/" + c.id(), member);

        var created = api.get("/api/audit?action=service.credential.create&target=app:audited-svc", admin)
                .json()
                .get("entries");
        assertThat(created).hasSize(1);
        assertThat(created.get(0).get("actor").asText()).isEqualTo("svc-member");
        assertThat(created.get(0).get("details").get("client_id").asText()).isEqualTo(c.id());
        var revoked = api.get("/api/audit?action=service.credential.revoke&target=app:audited-svc", admin)
                .json()
                .get("entries");
        assertThat(revoked).hasSize(1);
        var scopes = api.get("/api/audit?action=service.scopes.set&target=app:audited-svc", admin)
                .json()
                .get("entries");
        assertThat(texts(scopes.get(0).get("details").get("scopes"))).containsExactly("application.write");

        assertThat(api.get("/api/audit/export", admin).body()).contains(c.id()).doesNotContain(c.secret());
    }
}
