package io.keyport.backend.identity;

import static io.keyport.backend.identity.JsonNodes.find;
import static io.keyport.backend.identity.JsonNodes.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admin API of teams and users: {@code /api/teams}, {@code /api/users}, their rules and their audit entries. */
@KeyportTest
class IdentityTeamsAndUsersIT {

    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
    }

    // ---- teams

    @Test
    void putTeamCreatesThenRenames() {
        var created = api.putJson("/api/teams/payments", admin, "{\"name\":\"Payments\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("payments");
        assertThat(created.json().get("name").asText()).isEqualTo("Payments");

        var renamed = api.putJson("/api/teams/payments", admin, "{\"name\":\"Payments and Billing\"}");
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("name").asText()).isEqualTo("Payments and Billing");
        assertThat(api.get("/api/teams/payments", admin).json().get("name").asText())
                .isEqualTo("Payments and Billing");
    }

    @Test
    void teamListHasNoMembersButSingleTeamHasThem() {
        api.team(admin, "listed");
        api.user(admin, "listed-b", "password-b1", "listed");
        api.user(admin, "listed-a", "password-a1", "listed");

        var list = api.get("/api/teams", admin);
        assertThat(list.status()).isEqualTo(200);
        JsonNode team = find(list.json(), "id", "listed");
        assertThat(team).isNotNull();
        assertThat(team.has("members")).isFalse();

        var single = api.get("/api/teams/listed", admin);
        assertThat(single.status()).isEqualTo(200);
        assertThat(texts(single.json().get("members"))).containsExactly("listed-a", "listed-b");
    }

    @Test
    void anyAuthenticatedPersonReadsTeams() {
        api.team(admin, "readable");
        String member = api.user(admin, "reader", "reader-pass1");
        assertThat(api.get("/api/teams", member).status()).isEqualTo(200);
        assertThat(api.get("/api/teams/readable", member).status()).isEqualTo(200);
    }

    @Test
    void unknownTeamIs404AndInvalidIdIs400() {
        assertThat(api.get("/api/teams/no-such-team", admin).status()).isEqualTo(404);
        assertThat(api.putJson("/api/teams/Bad_Team!", admin, "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.putJson("/api/teams/x", admin, "{\"name\":\"x\"}").status())
                .isEqualTo(400);
    }

    @Test
    void deleteTeamAnswers204ThenItIsGone() {
        api.team(admin, "short-lived");
        api.user(admin, "short-member", "short-pass1", "short-lived");
        assertThat(api.delete("/api/teams/short-lived", admin).status()).isEqualTo(204);
        assertThat(api.get("/api/teams/short-lived", admin).status()).isEqualTo(404);
        assertThat(api.get("/api/users/short-member", admin).json().get("teams"))
                .isEmpty();
    }

    @Test
    void deleteUnknownTeamIs404() {
        assertThat(api.delete("/api/teams/never-existed", admin).status()).isEqualTo(404);
    }

    @Test
    void deleteTeamThatOwnsApplicationsIs409() {
        api.team(admin, "owners");
        api.app(admin, "owned-app", "owners");
        var r = api.delete("/api/teams/owners", admin);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("message").asText()).contains("owns applications");
        assertThat(api.get("/api/teams/owners", admin).status()).isEqualTo(200);
    }

    @Test
    void nonAdminsCannotChangeTeams() {
        api.team(admin, "guarded");
        String person = api.user(admin, "team-meddler", "meddler-pass1", "guarded");
        assertThat(api.putJson("/api/teams/guarded", person, "{\"name\":\"Mine\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.putJson("/api/teams/new-by-person", person, "{\"name\":\"New\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("/api/teams/guarded", person).status()).isEqualTo(403);
        assertThat(api.get("/api/teams/guarded", admin).json().get("name").asText())
                .isEqualTo("guarded");
    }

    @Test
    void withoutTokenTheApiAnswers401WithAMessage() {
        for (var r : List.of(
                api.get("/api/teams", null),
                api.get("/api/users", null),
                api.putJson("/api/teams/anonymous", null, "{\"name\":\"x\"}"),
                api.send("DELETE", "/api/users/admin", null))) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("message").asText()).isNotBlank();
            assertThat(r.header("WWW-Authenticate")).isPresent();
        }
    }

    // ---- users

    @Test
    void putUserCreatesThenUpdates() {
        api.team(admin, "alpha");
        api.team(admin, "beta");
        var created = api.putJson(
                "/api/users/carol", admin, "{\"password\":\"carol-pass-1\",\"teams\":[\"alpha\"],\"admin\":false}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("uid").asText()).isEqualTo("carol");
        assertThat(created.json().get("admin").asBoolean()).isFalse();
        assertThat(texts(created.json().get("teams"))).containsExactly("alpha");
        assertThat(created.body()).doesNotContain("carol-pass-1").doesNotContain("password");

        var updated = api.putJson("/api/users/carol", admin, "{\"teams\":[\"beta\",\"alpha\"]}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(texts(updated.json().get("teams"))).containsExactly("alpha", "beta");
        // The password was not given, so the old one still works.
        assertThat(api.token("carol", "carol-pass-1")).isNotBlank();

        var got = api.get("/api/users/carol", admin);
        assertThat(got.status()).isEqualTo(200);
        assertThat(texts(got.json().get("teams"))).containsExactly("alpha", "beta");
    }

    @Test
    void newUserWithoutPasswordIs400() {
        var r = api.putJson("/api/users/no-password", admin, "{\"teams\":[]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).containsIgnoringCase("password");
        assertThat(api.get("/api/users/no-password", admin).status()).isEqualTo(404);
    }

    @Test
    void unknownTeamIs400AndNothingIsStored() {
        var r = api.putJson("/api/users/teamless", admin, "{\"password\":\"teamless-1\",\"teams\":[\"ghost-team\"]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("ghost-team");
        assertThat(api.get("/api/users/teamless", admin).status()).isEqualTo(404);
    }

    @Test
    void shortPasswordAndInvalidUidAre400() {
        assertThat(api.putJson("/api/users/shorty", admin, "{\"password\":\"short\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.putJson("/api/users/bad:uid", admin, "{\"password\":\"long-enough-1\"}")
                        .status())
                .isEqualTo(400);
        assertThat(api.putJson("/api/users/shorty", admin, "{\"password\":\"long-enough-1\",\"admin\":\"yes\"}")
                        .status())
                .isEqualTo(400);
    }

    @Test
    void listingUsersIsForAdmins() {
        String person = api.user(admin, "lister", "lister-pass1");
        var list = api.get("/api/users", admin);
        assertThat(list.status()).isEqualTo(200);
        assertThat(find(list.json(), "uid", "admin").get("admin").asBoolean()).isTrue();
        assertThat(find(list.json(), "uid", "lister")).isNotNull();
        assertThat(list.body()).doesNotContain("argon2");
        assertThat(api.get("/api/users", person).status()).isEqualTo(403);
    }

    @Test
    void aPersonReadsThemselvesButNotOthers() {
        String dave = api.user(admin, "dave", "dave-pass-1");
        api.user(admin, "erin", "erin-pass-1");
        assertThat(api.get("/api/users/dave", dave).status()).isEqualTo(200);
        assertThat(api.get("/api/users/erin", dave).status()).isEqualTo(403);
        assertThat(api.get("/api/users/erin", admin).status()).isEqualTo(200);
        assertThat(api.get("/api/users/nobody-here", admin).status()).isEqualTo(404);
    }

    @Test
    void aPersonChangesTheirOwnPasswordButNotTeamsOrAdminFlag() {
        api.team(admin, "self-team");
        api.team(admin, "other-team");
        String frank = api.user(admin, "frank", "frank-pass-1", "self-team");

        assertThat(api.putJson("/api/users/frank", frank, "{\"teams\":[\"other-team\"]}")
                        .status())
                .isEqualTo(403);
        assertThat(api.putJson("/api/users/frank", frank, "{\"admin\":true}").status())
                .isEqualTo(403);
        assertThat(api.putJson("/api/users/frank", frank, "{\"password\":\"frank-pass-2\",\"teams\":[]}")
                        .status())
                .isEqualTo(403);
        assertThat(texts(api.get("/api/users/frank", admin).json().get("teams")))
                .containsExactly("self-team");
        assertThat(api.get("/api/users/frank", admin).json().get("admin").asBoolean())
                .isFalse();

        var changed = api.putJson("/api/users/frank", frank, "{\"password\":\"frank-pass-2\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(api.token("frank", "frank-pass-2")).isNotBlank();
        assertThat(api.form(
                                "/oauth2/token",
                                Map.of("grant_type", "password", "username", "frank", "password", "frank-pass-1"))
                        .status())
                .isEqualTo(400);
    }

    @Test
    void aPersonCannotChangeOrCreateOthers() {
        String gina = api.user(admin, "gina", "gina-pass-1");
        api.user(admin, "hank", "hank-pass-1");
        assertThat(api.putJson("/api/users/hank", gina, "{\"password\":\"hank-pass-2\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.putJson("/api/users/ivan", gina, "{\"password\":\"ivan-pass-1\"}")
                        .status())
                .isEqualTo(403);
        assertThat(api.delete("/api/users/hank", gina).status()).isEqualTo(403);
        assertThat(api.token("hank", "hank-pass-1")).isNotBlank();
        assertThat(api.get("/api/users/ivan", admin).status()).isEqualTo(404);
    }

    @Test
    void deleteUserAnswers204ThenTheUserIsGone() {
        api.team(admin, "leavers");
        api.user(admin, "jack", "jack-pass-1", "leavers");
        assertThat(api.delete("/api/users/jack", admin).status()).isEqualTo(204);
        assertThat(api.get("/api/users/jack", admin).status()).isEqualTo(404);
        assertThat(api.get("/api/teams/leavers", admin).json().get("members")).isEmpty();
        assertThat(api.delete("/api/users/jack", admin).status()).isEqualTo(404);
    }

    @Test
    void theLastAdminCannotBeDeletedOrDemoted() {
        var selfDelete = api.delete("/api/users/admin", admin);
        assertThat(selfDelete.status()).isEqualTo(409);
        assertThat(selfDelete.json().get("message").asText()).contains("last admin");
        assertThat(api.putJson("/api/users/admin", admin, "{\"admin\":false}").status())
                .isEqualTo(409);

        // With a second admin the first may step down; then the second is the last one.
        assertThat(api.putJson("/api/users/second-admin", admin, "{\"password\":\"second-pass-1\",\"admin\":true}")
                        .status())
                .isEqualTo(201);
        String second = api.token("second-admin", "second-pass-1");
        assertThat(api.putJson("/api/users/admin", second, "{\"admin\":false}").status())
                .isEqualTo(200);
        assertThat(api.delete("/api/users/second-admin", second).status()).isEqualTo(409);
        assertThat(api.putJson("/api/users/second-admin", second, "{\"admin\":false}")
                        .status())
                .isEqualTo(409);

        // Restore: admin again, the second one removed.
        assertThat(api.putJson("/api/users/admin", second, "{\"admin\":true}").status())
                .isEqualTo(200);
        admin = api.adminToken();
        assertThat(api.delete("/api/users/second-admin", admin).status()).isEqualTo(204);
        assertThat(api.delete("/api/users/admin", admin).status()).isEqualTo(409);
    }

    // ---- audit

    @Test
    void userCreationIsAuditedWithActorTargetAndNoSecret() {
        api.team(admin, "audited");
        api.putJson("/api/users/kate", admin, "{\"password\":\"kate-secret-1\",\"teams\":[\"audited\"]}");

        JsonNode entry = lastAudit("user.create", "user:kate");
        assertThat(entry.get("actor").asText()).isEqualTo("admin");
        assertThat(entry.get("realm").asText()).isEqualTo("employees");
        assertThat(entry.get("details").get("admin").asBoolean()).isFalse();
        assertThat(texts(entry.get("details").get("teams"))).containsExactly("audited");
        assertThat(entry.get("hash").asText()).hasSize(64);
        assertThat(entry.get("prev_hash").asText()).hasSize(64);
        assertThat(entry.get("seq").asLong()).isPositive();
        assertThat(entry.get("time").asText()).isNotBlank();
        assertThat(entry.toString()).doesNotContain("kate-secret-1");
    }

    @Test
    void passwordChangesAndDeletionsAreAuditedWithoutSecrets() {
        String lena = api.user(admin, "lena", "lena-secret-1");
        api.putJson("/api/users/lena", lena, "{\"password\":\"lena-secret-2\"}");
        JsonNode update = lastAudit("user.update", "user:lena");
        assertThat(update.get("actor").asText()).isEqualTo("lena");
        assertThat(update.get("details").get("password_changed").asBoolean()).isTrue();

        api.delete("/api/users/lena", admin);
        JsonNode delete = lastAudit("user.delete", "user:lena");
        assertThat(delete.get("actor").asText()).isEqualTo("admin");

        var export = api.get("/api/audit/export", admin);
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.body())
                .contains("user:lena")
                .doesNotContain("lena-secret-1")
                .doesNotContain("lena-secret-2")
                .doesNotContain("argon2");
        assertThat(api.get("/api/audit/verify", admin).json().get("intact").asBoolean())
                .isTrue();
    }

    @Test
    void teamWritesAreAudited() {
        api.putJson("/api/teams/audit-team", admin, "{\"name\":\"One\"}");
        api.putJson("/api/teams/audit-team", admin, "{\"name\":\"Two\"}");
        api.delete("/api/teams/audit-team", admin);
        assertThat(lastAudit("team.create", "team:audit-team")
                        .get("details")
                        .get("name")
                        .asText())
                .isEqualTo("One");
        assertThat(lastAudit("team.update", "team:audit-team")
                        .get("details")
                        .get("name")
                        .asText())
                .isEqualTo("Two");
        assertThat(lastAudit("team.delete", "team:audit-team").get("actor").asText())
                .isEqualTo("admin");
    }

    @Test
    void refusedWritesLeaveNoAuditEntry() {
        String person = api.user(admin, "refused", "refused-pass1");
        api.putJson("/api/teams/refused-team", person, "{\"name\":\"x\"}");
        var r = api.get("/api/audit?target=team:refused-team", admin);
        assertThat(r.json().get("entries")).isEmpty();
        assertThat(api.get("/api/audit?action=user.create", person).status()).isEqualTo(403);
    }

    private static JsonNode lastAudit(String action, String target) {
        var r = api.get("/api/audit?order=desc&action=" + action + "&target=" + target, admin);
        assertThat(r.status()).isEqualTo(200);
        JsonNode entries = r.json().get("entries");
        assertThat(entries).as("audit entries for %s %s", action, target).isNotEmpty();
        assertThat(entries.get(0).get("action").asText()).isEqualTo(action);
        assertThat(entries.get(0).get("target").asText()).isEqualTo(target);
        return entries.get(0);
    }
}
