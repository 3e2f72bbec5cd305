package io.keyport.desktop.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.model.identity.Team;
import io.keyport.model.identity.User;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link IdentityClient} against a real server: what it sends is what the server stores and answers. */
class IdentityClientTest {

    private static LiveServer server;
    private static Transport admin;
    private static IdentityClient identity;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        admin = server.adminTransport();
        identity = new IdentityClient(admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsTeamsAndUsersWithMemberships() {
        Team created = identity.putTeam("payments", "Payments");
        User jdoe = identity.putUser("jdoe", "correct horse battery", List.of("payments"), false);

        assertThat(created.id()).isEqualTo("payments");
        assertThat(jdoe.teams()).containsExactly("payments");
        assertThat(identity.teams()).extracting(Team::id).contains("payments");
        assertThat(identity.team("payments").members()).containsExactly("jdoe");
        assertThat(identity.users()).extracting(User::uid).contains("admin", "jdoe");
        assertThat(server.token("jdoe", "correct horse battery"))
                .as("the password works")
                .isNotBlank();
    }

    @Test
    void updatesKeepWhatIsLeftOut() {
        identity.putTeam("ops", "Ops");
        identity.putUser("kim", "first password 1", List.of("ops"), false);

        User promoted = identity.putUser("kim", null, null, true);

        assertThat(promoted.admin()).isTrue();
        assertThat(promoted.teams()).containsExactly("ops");
        assertThat(server.token("kim", "first password 1"))
                .as("the old password stays")
                .isNotBlank();
        assertThat(identity.putTeam("ops", "Operations").name()).isEqualTo("Operations");
    }

    @Test
    void deletedUsersAreGone() {
        identity.putUser("leaver", "leaving soon 123", List.of(), false);

        identity.deleteUser("leaver");

        assertThat(identity.users()).extracting(User::uid).doesNotContain("leaver");
        assertThatThrownBy(() -> server.token("leaver", "leaving soon 123")).isInstanceOf(BackendException.class);
    }

    @Test
    void refusalsCarryTheServersMessage() {
        assertThatThrownBy(() -> identity.putUser("nopass", null, List.of(), false))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("A password is required for a new user");
                });
        assertThatThrownBy(() -> identity.putUser("ghost", "long enough 123", List.of("no-such-team"), false))
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("Team no-such-team does not exist."));
        assertThatThrownBy(() -> identity.deleteUser("admin"))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void grantsScopesToAnApplication() {
        identity.putTeam("billing-team", "Billing");
        admin.put(
                "/apps/billing",
                Map.of("team_id", "billing-team", "name", "Billing", "active", true),
                new TypeReference<Object>() {});

        List<String> granted = identity.putScopes("billing", List.of("application.write"));

        assertThat(granted).containsExactly("application.write");
        assertThat(identity.scopes("billing")).containsExactly("application.write");
        assertThatThrownBy(() -> identity.putScopes("billing", List.of("keyport.admin")))
                .isInstanceOfSatisfying(
                        BackendException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("Scope keyport.admin is for people only"));
    }
}
