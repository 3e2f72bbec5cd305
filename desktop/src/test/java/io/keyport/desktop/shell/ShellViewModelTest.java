package io.keyport.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.MovableClock;
import io.keyport.model.identity.TeamRequest;
import io.keyport.model.identity.UserRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shell's state without the JavaFX thread: features per user, shortcuts' commands, status texts. */
class ShellViewModelTest {

    private static LiveServer server;
    private final MovableClock clock = new MovableClock(Instant.now());
    private final OkHttpClient http = new OkHttpClient();
    private final List<String> refreshed = new ArrayList<>();
    private final List<Feature> all = List.of(feature("apps", false), feature("admin", true), feature("audit", false));

    @BeforeAll
    static void start() {
        server = LiveServer.start();
        server.adminTransport().put("/api/teams/ops", new TeamRequest("Operations"), null);
        server.adminTransport().put("/api/users/bob", new UserRequest("bob-password-1", List.of("ops"), false), null);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void adminOnlyFeaturesAreHiddenFromOthers() {
        ShellViewModel admin = shell("admin", LiveServer.ADMIN_PASSWORD, () -> {});
        ShellViewModel bob = shell("bob", "bob-password-1", () -> {});

        assertThat(admin.features()).extracting(Feature::id).containsExactly("apps", "admin", "audit");
        assertThat(bob.features()).extracting(Feature::id).containsExactly("apps", "audit");
    }

    @Test
    void ctrlNumberOpensTheNthVisibleFeatureAndF5RefreshesIt() {
        ShellViewModel bob = shell("bob", "bob-password-1", () -> {});
        assertThat(bob.selectedProperty().get())
                .as("the first feature opens at sign-in")
                .isEqualTo(bob.features().getFirst());

        assertThat(bob.selectNumber(2)).isTrue();
        bob.refresh();

        assertThat(bob.selectedProperty().get().id()).isEqualTo("audit");
        assertThat(refreshed).containsExactly("audit");
        assertThat(bob.selectNumber(3)).as("bob sees two features").isFalse();
        assertThat(bob.selectedProperty().get().id()).isEqualTo("audit");
    }

    @Test
    void aFeatureOpensByItsIdOnlyIfTheUserSeesIt() {
        ShellViewModel bob = shell("bob", "bob-password-1", () -> {});

        assertThat(bob.selectId("audit")).isTrue();
        assertThat(bob.selectedProperty().get().id()).isEqualTo("audit");
        assertThat(bob.selectId("admin")).as("admin-only: bob does not see it").isFalse();
        assertThat(bob.selectId("nothing")).isFalse();
        assertThat(bob.selectedProperty().get().id()).isEqualTo("audit");
    }

    @Test
    void theStatusBarShowsUserServerConnectionAndTokenLifetime() {
        ShellViewModel admin = shell("admin", LiveServer.ADMIN_PASSWORD, () -> {});

        assertThat(admin.user().uid()).isEqualTo("admin");
        assertThat(admin.server()).isEqualTo(server.baseUrl());
        assertThat(admin.connectionProperty().get()).isEqualTo("Connected");
        assertThat(admin.tokenLifetimeProperty().get()).matches("Token valid (59|60) min"); // expires_in 3599 or 3600

        clock.advance(Duration.ofMinutes(30));
        admin.tick();

        assertThat(admin.tokenLifetimeProperty().get()).matches("Token valid (29|30) min");
    }

    @Test
    void signOutForgetsTheSessionAndLeavesTheShell() {
        AtomicBoolean left = new AtomicBoolean();
        ShellViewModel admin = shell("admin", LiveServer.ADMIN_PASSWORD, () -> left.set(true));

        admin.signOut();

        assertThat(left).isTrue();
        assertThat(admin.tokenLifetimeProperty().get()).isEmpty();
    }

    private ShellViewModel shell(String uid, String password, Runnable onSignedOut) {
        Session session = Session.signIn(server.baseUrl(), uid, password, http, clock, Runnable::run);
        return new ShellViewModel(session, all, new DirectTaskExecutor(), clock, onSignedOut);
    }

    private Feature feature(String id, boolean adminOnly) {
        return new Feature() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return id;
            }

            @Override
            public boolean adminOnly() {
                return adminOnly;
            }

            @Override
            public Node view() {
                return new Pane();
            }

            @Override
            public void refresh() {
                refreshed.add(id);
            }
        };
    }
}
