package io.keyport.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.MovableClock;
import io.keyport.model.identity.UserRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session against a real server: who signed in, token renewal on the moved clock, connection state. */
class SessionTest {

    private static LiveServer server;
    private final OkHttpClient http = new OkHttpClient();
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeAll
    static void start() {
        server = LiveServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void signInTellsWhoIsSignedInAndTheTokenWorks() {
        Session session =
                Session.signIn(server.baseUrl(), "admin", LiveServer.ADMIN_PASSWORD, http, clock, Runnable::run);

        assertThat(session.user().uid()).isEqualTo("admin");
        assertThat(session.user().realm()).isEqualTo("/employees");
        assertThat(session.user().admin()).isTrue();
        assertThat(session.stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(session.tokenExpiresProperty().get())
                .as("the server's expires_in (PT1H) from the session's clock")
                .isBetween(
                        clock.instant().plus(Duration.ofMinutes(59)),
                        clock.instant().plus(Duration.ofHours(1)));
        assertThat(session.transport().get("/api/users", Map.of(), new TypeReference<List<Map<String, Object>>>() {}))
                .extracting(u -> u.get("uid"))
                .contains("admin");
    }

    @Test
    void aPersonsTeamsAndNonAdminAreReported() {
        server.adminTransport().put("/api/teams/ops", new io.keyport.model.identity.TeamRequest("Operations"), null);
        server.adminTransport()
                .put("/api/users/alice", new UserRequest("alice-password-1", List.of("ops"), false), null);

        Session session = Session.signIn(server.baseUrl(), "alice", "alice-password-1", http, clock, Runnable::run);

        assertThat(session.user().admin()).isFalse();
        assertThat(session.user().teams()).containsExactly("ops");
    }

    @Test
    void theTokenIsRenewedOnceThreeQuartersOfItsLifetimeHavePassed() {
        Session session =
                Session.signIn(server.baseUrl(), "admin", LiveServer.ADMIN_PASSWORD, http, clock, Runnable::run);
        String first = session.accessToken();
        Instant firstExpiry = session.tokenExpiresProperty().get();

        clock.advance(Duration.ofMinutes(44));
        assertThat(session.accessToken()).as("not due yet").isEqualTo(first);

        clock.advance(Duration.ofMinutes(2));
        session.tick();

        assertThat(session.tokenExpiresProperty().get()).isAfter(firstExpiry);
        assertThat(session.accessToken()).isNotEqualTo(first);
        assertThat(session.transport().get("/api/users/admin", Map.of(), new TypeReference<Map<String, Object>>() {}))
                .containsEntry("uid", "admin");
    }

    @Test
    void aTokenRefusedBeforeItIsDueIsRenewedAndTheCallRepeated() throws Exception {
        Session session =
                Session.signIn(server.baseUrl(), "admin", LiveServer.ADMIN_PASSWORD, http, clock, Runnable::run);
        String first = session.accessToken();
        replaceTheSigningKey(); // every token issued so far is refused from now on, long before it expires

        assertThat(session.transport().get("/api/users/admin", Map.of(), new TypeReference<Map<String, Object>>() {}))
                .containsEntry("uid", "admin");
        assertThat(session.accessToken()).isNotEqualTo(first);
        assertThat(session.stateProperty().get()).isEqualTo(ConnectionState.CONNECTED);
        // writes are repeated too: the 401 came before the server acted on the request
        replaceTheSigningKey();
        session.transport().put("/api/teams/renewed", new io.keyport.model.identity.TeamRequest("Renewed"), null);
        assertThat(server.adminTransport()
                        .get("/api/teams/renewed", Map.of(), new TypeReference<Map<String, Object>>() {}))
                .containsEntry("name", "Renewed");
    }

    @Test
    void aRefusedRenewalAsksToSignInAgainAndTheCallFailsWithItsRefusal() throws Exception {
        server.adminTransport().put("/api/users/bob", new UserRequest("bob-password-1", List.of(), false), null);
        Session session = Session.signIn(server.baseUrl(), "bob", "bob-password-1", http, clock, Runnable::run);
        replaceTheSigningKey();
        server.adminTransport().put("/api/users/bob", new UserRequest("bob-password-2", List.of(), false), null);

        assertThatThrownBy(() -> session.transport().get("/api/users/bob", Map.of(), new TypeReference<Object>() {}))
                .isInstanceOf(BackendException.class)
                .satisfies(e -> assertThat(((BackendException) e).status()).isEqualTo(401));
        assertThat(session.stateProperty().get()).isEqualTo(ConnectionState.EXPIRED);
        assertThat(session.problemProperty().get()).startsWith("The server refused to renew the sign-in");
    }

    /** What an operator does after a leaked signing key: a new key file and a restart. */
    private static void replaceTheSigningKey() throws java.io.IOException {
        server.stop();
        java.nio.file.Files.delete(server.dataDir().resolve("keys").resolve("token-signing-key.json"));
        server.restart();
    }

    @Test
    void signOutForgetsTheToken() {
        Session session =
                Session.signIn(server.baseUrl(), "admin", LiveServer.ADMIN_PASSWORD, http, clock, Runnable::run);

        session.signOut();

        assertThat(session.accessToken()).isNull();
        assertThat(session.tokenExpiresProperty().get()).isNull();
        assertThatThrownBy(() -> session.transport().get("/api/users", Map.of(), new TypeReference<Object>() {}))
                .isInstanceOf(BackendException.class)
                .satisfies(e -> assertThat(((BackendException) e).status()).isEqualTo(401));
    }

    @Test
    void aWrongPasswordIsRefusedWithTheServersMessage() {
        assertThatThrownBy(
                        () -> Session.signIn(server.baseUrl(), "admin", "wrong-password", http, clock, Runnable::run))
                .isInstanceOf(BackendException.class)
                .hasMessage("Invalid username or password");
    }
}
