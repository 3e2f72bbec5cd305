package io.keyport.backend.identity;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Identity rules from issue 5: a moved application loses its credentials and their tokens, and
 * null elements in request lists are 400, not 500.
 */
@KeyportTest
class IdentityRulesIT {

    static ApiClient api;
    static String admin;
    static String mover;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "from-team");
        api.team(admin, "to-team");
        mover = api.user(admin, "mover", "mover-password-1", "from-team", "to-team");
        api.user(admin, "victim", "victim-password-1", "to-team");
    }

    private static long auditEntries() {
        return expect(api.get("/api/audit/verify", admin), 200)
                .json()
                .get("entries")
                .asLong();
    }

    private static ApiClient.Response grant(JsonNode credential) {
        return api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                credential.get("client_id").asText(),
                credential.get("client_secret").asText());
    }

    @Test
    void movingAnApplicationRevokesItsCredentialsAndEndsTheirTokens() {
        api.app(admin, "moved-app", "from-team");
        api.app(admin, "to-team-app", "to-team");
        expect(api.putJson("/apps/moved-app/scopes", admin, "{\"scopes\":[\"application.write\"]}"), 200);
        JsonNode credential = expect(api.postJson("/apps/moved-app/credentials", mover, null), 201)
                .json();
        String token = expect(grant(credential), 200).json().get("access_token").asText();
        expect(api.putJson("/apps/moved-app", token, "{\"subtitle\":\"written by the service\"}"), 200);
        long before = auditEntries();

        expect(api.putJson("/apps/moved-app", mover, "{\"team_id\":\"to-team\"}"), 200);

        assertThat(grant(credential).status())
                .as("no new token from the old credential")
                .isEqualTo(401);
        assertThat(api.get("/oauth2/tokeninfo?access_token=" + token, null).status())
                .isEqualTo(400);
        assertThat(api.putJson("/apps/to-team-app/versions/1.0", token, "{\"artifact\":\"docker://r/t/a:1.0\"}")
                        .status())
                .isEqualTo(401);
        assertThat(api.putJson("/apps/moved-app", token, "{\"subtitle\":\"again\"}")
                        .status())
                .isEqualTo(401);
        JsonNode listed =
                expect(api.get("/apps/moved-app/credentials", mover), 200).json();
        assertThat(listed)
                .allSatisfy(c -> assertThat(c.get("revoked_at").isNull())
                        .as(c.toString())
                        .isFalse());
        // the move and the revocation are audited
        JsonNode audit =
                expect(api.get("/api/audit?target=app:moved-app", admin), 200).json();
        List<String> actions = new ArrayList<>();
        (audit.isArray() ? audit : audit.path("entries"))
                .forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).contains("application.update", "service.credential.revoke");
        assertThat(auditEntries()).isGreaterThanOrEqualTo(before + 2);
        // a credential created after the move works for the new team
        JsonNode fresh = expect(api.postJson("/apps/moved-app/credentials", mover, null), 201)
                .json();
        String newToken = expect(grant(fresh), 200).json().get("access_token").asText();
        expect(api.putJson("/apps/to-team-app/versions/1.0", newToken, "{\"artifact\":\"docker://r/t/a:1.0\"}"), 200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "PUT /api/users/victim {\"teams\":[null]}",
                "PUT /api/users/victim {\"teams\":[\"to-team\",null]}",
                "PUT /apps/to-team-app/scopes {\"scopes\":[null]}",
                "PUT /apps/to-team-app/approval-policy {\"approval_types\":[\"TEST\",null]}"
            })
    void nullElementsInListsAre400(String request) {
        api.app(admin, "to-team-app", "to-team");
        String[] parts = request.split(" ", 3);
        long before = auditEntries();

        var r = api.send(
                parts[0], parts[1], parts[2], "Content-Type", "application/json", "Authorization", "Bearer " + admin);

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(auditEntries()).isEqualTo(before);
    }
}
