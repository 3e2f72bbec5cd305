package io.keyport.desktop.shell;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.session.ConnectionState;
import io.keyport.desktop.session.Session;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the shell around the features: which features this user sees (admin-only
 * ones hidden from others), which one is open, the status bar's texts (server, user, connection,
 * token lifetime), refresh and sign-out, and the periodic check that renews the token and asks the
 * server's health.
 */
public final class ShellViewModel {

    private static final Logger LOG = Logger.getLogger(ShellViewModel.class.getName());

    private final Session session;
    private final TaskExecutor executor;
    private final Clock clock;
    private final Runnable onSignedOut;
    private final ObservableList<Feature> features = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Feature> selected = new ReadOnlyObjectWrapper<>(this, "selected");
    private final ReadOnlyStringWrapper tokenLifetime = new ReadOnlyStringWrapper(this, "tokenLifetime", "");
    private final StringBinding connection;
    private final StringBinding banner;
    private boolean checking;

    /**
     * @param all every registered feature, in order; those the user may not see are left out
     * @param onSignedOut called (on the caller's thread) after {@link #signOut()}
     */
    public ShellViewModel(
            Session session, List<Feature> all, TaskExecutor executor, Clock clock, Runnable onSignedOut) {
        this.session = Objects.requireNonNull(session);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.onSignedOut = Objects.requireNonNull(onSignedOut);
        boolean admin = session.user().admin();
        all.stream().filter(f -> admin || !f.adminOnly()).forEach(features::add);
        // sign-in lands on the first feature (the dashboard); the welcome page only when there is none
        if (!features.isEmpty()) {
            selected.set(features.getFirst());
        }
        this.connection = Bindings.createStringBinding(
                () -> switch (session.stateProperty().get()) {
                    case CONNECTED -> "Connected";
                    case DISCONNECTED ->
                        "Disconnected: " + session.problemProperty().get();
                    case EXPIRED -> "Signed out by the server: sign in again";
                },
                session.stateProperty(),
                session.problemProperty());
        this.banner = Bindings.createStringBinding(
                () -> switch (session.stateProperty().get()) {
                    case CONNECTED -> "";
                    case DISCONNECTED ->
                        "The server at " + session.serverUrl()
                                + " does not answer. The console keeps trying; check that the server runs.";
                    case EXPIRED -> "Signed out by the server: sign in again";
                },
                session.stateProperty());
        session.tokenExpiresProperty().addListener((o, old, now) -> updateTokenLifetime());
        updateTokenLifetime();
    }

    /** The features this user sees, in sidebar order. */
    public ObservableList<Feature> features() {
        return features;
    }

    /** The open feature, the first one after sign-in; null (the welcome page) only when the user sees no feature. */
    public ReadOnlyObjectProperty<Feature> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public void select(Feature feature) {
        selected.set(feature != null && features.contains(feature) ? feature : null);
    }

    /** Opens the {@code n}th feature (1-based, Ctrl+n); false if there is none. */
    public boolean selectNumber(int n) {
        if (n < 1 || n > features.size()) {
            return false;
        }
        selected.set(features.get(n - 1));
        return true;
    }

    /**
     * Opens the visible feature with this {@link Feature#id() id} (the start-up property {@code
     * keyport.console.open}); false, and the open feature kept, if this user sees none by that id.
     */
    public boolean selectId(String id) {
        for (Feature feature : features) {
            if (feature.id().equals(id)) {
                selected.set(feature);
                return true;
            }
        }
        return false;
    }

    /** F5: reloads the open feature. */
    public void refresh() {
        Feature open = selected.get();
        if (open != null) {
            open.refresh();
        }
    }

    public SignedInUser user() {
        return session.user();
    }

    public String server() {
        return session.serverUrl();
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionStateProperty() {
        return session.stateProperty();
    }

    /** "Connected", or "Disconnected: " and why. */
    public StringBinding connectionProperty() {
        return connection;
    }

    /**
     * The header's banner: empty while connected, else what happened and what to do, in words (the
     * technical reason is in {@link #connectionProperty()}).
     */
    public StringBinding bannerProperty() {
        return banner;
    }

    /** "Token valid 59 min", "Token expired"; empty after sign-out. */
    public ReadOnlyStringProperty tokenLifetimeProperty() {
        return tokenLifetime.getReadOnlyProperty();
    }

    /**
     * The periodic check: in the background, renews the token if due and asks the server's health;
     * the connection state follows. A check still running is not started twice.
     */
    public void tick() {
        updateTokenLifetime();
        if (checking || session.signedOut()) {
            return;
        }
        checking = true;
        executor.execute(
                () -> {
                    session.tick();
                    return null;
                },
                ignored -> {
                    checking = false;
                    updateTokenLifetime();
                },
                error -> {
                    checking = false;
                    LOG.log(Level.WARNING, "connection check failed", error);
                });
    }

    /** Ctrl+L: forgets password and token, then back to the sign-in screen. */
    public void signOut() {
        session.signOut();
        onSignedOut.run();
    }

    private void updateTokenLifetime() {
        Instant expires = session.tokenExpiresProperty().get();
        if (expires == null) {
            tokenLifetime.set("");
            return;
        }
        Duration left = Duration.between(clock.instant(), expires);
        if (left.isNegative() || left.isZero()) {
            tokenLifetime.set("Token expired");
        } else if (left.toMinutes() >= 1) {
            tokenLifetime.set("Token valid " + left.toMinutes() + " min");
        } else {
            tokenLifetime.set("Token valid " + left.toSeconds() + " s");
        }
    }
}
