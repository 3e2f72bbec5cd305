package io.keyport.desktop.session;

import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.OkHttpTransport;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.shell.SignedInUser;
import io.keyport.model.identity.TokenInfo;
import io.keyport.model.identity.TokenResponse;
import io.keyport.model.identity.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import okhttp3.OkHttpClient;

/**
 * One signed-in session, shared by every feature: the server, who is signed in, the access token
 * (renewed before it expires) and the connection state.
 *
 * <p>The server offers only the password grant, so renewing means signing in again: the session
 * keeps the password in memory (never on disk) until {@link #signOut()}. A token is renewed once
 * three quarters of its lifetime have passed, by {@link #tick()} (which the shell runs periodically
 * together with a health check) or, if that has not happened, by the next call that needs it. A
 * token can also stop working early (the server's signing key replaced, its clock ahead of ours):
 * when a call through {@link #transport()} is refused with 401, the session renews the token and
 * repeats the call once; if the server refuses the renewal, the state turns
 * {@link ConnectionState#EXPIRED} (sign in again) and the call fails with its 401.
 *
 * <p>The observable state changes through {@code ui} (the JavaFX thread in the console, the calling
 * thread in tests), so a view may bind to it while calls run in the background.
 */
public final class Session implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    /** Share of a token's lifetime after which it is renewed. */
    static final double RENEW_AT = 0.75;

    private final String serverUrl;
    private final OkHttpClient http;
    private final Clock clock;
    private final Executor ui;
    private final SignedInUser user;
    private final Transport transport;

    private final ReadOnlyObjectWrapper<ConnectionState> state =
            new ReadOnlyObjectWrapper<>(this, "state", ConnectionState.CONNECTED);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");
    private final ReadOnlyObjectWrapper<Instant> tokenExpires = new ReadOnlyObjectWrapper<>(this, "tokenExpires");

    // guarded by this
    private String password;
    private String accessToken;
    private Instant renewAt;
    private boolean signedOut;
    private boolean renewalRefused;

    private Session(
            String serverUrl,
            String password,
            OkHttpClient http,
            Clock clock,
            Executor ui,
            SignedInUser user,
            TokenResponse token) {
        this.serverUrl = serverUrl;
        this.password = password;
        this.http = http;
        this.clock = clock;
        this.ui = ui;
        this.user = user;
        adopt(token);
        this.transport = new RenewingTransport(
                new OkHttpTransport(serverUrl, http, this::accessToken, this::unreachable, this::reachable), this);
    }

    /**
     * Signs in (blocking; run it in the background): checks the server's health, gets a token with
     * the password grant, asks whom it belongs to and, for a person, whether they are an admin and
     * which teams they belong to.
     *
     * @throws BackendException with the server's message if it refuses or cannot be reached
     * @throws IllegalArgumentException if {@code serverUrl} is not an http(s) URL
     */
    public static Session signIn(
            String serverUrl, String uid, String password, OkHttpClient http, Clock clock, Executor ui) {
        BackendClient client = new BackendClient(serverUrl, http);
        if (!client.health()) {
            throw new BackendException(503, "The server at " + client.serverUrl() + " is not serving right now", null);
        }
        TokenResponse token = client.token(uid, password);
        TokenInfo info = client.tokenInfo(token.accessToken());
        boolean admin = false;
        java.util.Set<String> teams = new HashSet<>();
        if ("/employees".equals(info.realm())) {
            User person = client.user(token.accessToken(), info.uid());
            admin = person.admin();
            if (person.teams() != null) {
                teams.addAll(person.teams());
            }
        }
        SignedInUser user = new SignedInUser(serverUrl, info.uid(), info.realm(), admin, teams);
        return new Session(serverUrl, password, http, clock, ui, user, token);
    }

    public SignedInUser user() {
        return user;
    }

    public String serverUrl() {
        return serverUrl;
    }

    /** The transport every feature's client wraps: bearer token from this session, connection state fed back. */
    public Transport transport() {
        return transport;
    }

    public ReadOnlyObjectProperty<ConnectionState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** Why the connection is not {@link ConnectionState#CONNECTED}; empty when it is. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** When the current token expires (the status bar shows the time left). */
    public ReadOnlyObjectProperty<Instant> tokenExpiresProperty() {
        return tokenExpires.getReadOnlyProperty();
    }

    /**
     * The bearer token for the next call, renewed first if it is due (blocking then). Null after
     * sign-out. If renewal fails, the old token is returned while it is still valid.
     */
    public String accessToken() {
        synchronized (this) {
            if (signedOut) {
                return null;
            }
            if (!clock.instant().isBefore(renewAt)) {
                renew();
            }
            return accessToken;
        }
    }

    /**
     * The periodic check (blocking; the shell runs it in the background every few seconds): renews
     * the token if due, then asks the server's health and updates the connection state.
     */
    public void tick() {
        synchronized (this) {
            if (signedOut) {
                return;
            }
            if (!clock.instant().isBefore(renewAt)) {
                renew();
            }
        }
        try {
            if (new BackendClient(serverUrl, http).health()) {
                reachable();
            } else {
                unreachable(
                        new BackendException(503, "The server at " + serverUrl + " is not serving right now", null));
            }
        } catch (BackendException e) {
            unreachable(e);
        }
    }

    /**
     * A call with {@code refused} was answered 401 (blocking; {@link RenewingTransport} calls it):
     * renews the token unless another call did since, and answers whether the call is worth
     * repeating, that is whether the session now holds a different token. Never after sign-out.
     */
    boolean renewRefused(String refused) {
        synchronized (this) {
            if (signedOut || renewalRefused) {
                return false; // the server refused the password already: asking again only counts as a failed login
            }
            if (refused != null && refused.equals(accessToken)) {
                LOG.info("The server refused the session's token before it was due for renewal; renewing it");
                renew();
            }
            return accessToken != null && !accessToken.equals(refused);
        }
    }

    /** Forgets the password and the token; later calls go out unauthenticated and fail. */
    public void signOut() {
        synchronized (this) {
            signedOut = true;
            password = null;
            accessToken = null;
        }
        ui.execute(() -> tokenExpires.set(null));
    }

    public synchronized boolean signedOut() {
        return signedOut;
    }

    @Override
    public void close() {
        signOut();
    }

    // holds the lock
    private void renew() {
        try {
            adopt(new BackendClient(serverUrl, http).token(user.uid(), password));
            reachable();
        } catch (BackendException e) {
            if (e.status() == 0 || e.status() >= 500) {
                unreachable(e);
                renewAt = clock.instant().plusSeconds(5); // retry soon, not on every call
            } else {
                LOG.log(Level.INFO, "Token renewal refused: " + e.getMessage());
                ui.execute(() -> {
                    problem.set("The server refused to renew the sign-in: " + e.getMessage());
                    state.set(ConnectionState.EXPIRED);
                });
                renewAt = Instant.MAX;
                renewalRefused = true;
            }
        }
    }

    // holds the lock (or runs in the constructor)
    private void adopt(TokenResponse token) {
        Instant now = clock.instant();
        long lifetime = Math.max(token.expiresIn(), 1);
        accessToken = token.accessToken();
        renewAt = now.plus(Duration.ofMillis((long) (lifetime * 1000 * RENEW_AT)));
        Instant expires = now.plusSeconds(lifetime);
        ui.execute(() -> tokenExpires.set(expires));
    }

    private void reachable() {
        ui.execute(() -> {
            if (state.get() == ConnectionState.DISCONNECTED) {
                LOG.info("Connection to " + serverUrl + " is back");
                state.set(ConnectionState.CONNECTED);
                problem.set("");
            }
        });
    }

    private void unreachable(BackendException e) {
        ui.execute(() -> {
            if (state.get() == ConnectionState.CONNECTED) {
                LOG.info("Connection to " + serverUrl + " lost: " + e.getMessage());
                state.set(ConnectionState.DISCONNECTED);
            }
            if (state.get() == ConnectionState.DISCONNECTED) {
                problem.set(e.getMessage());
            }
        });
    }

    @Override
    public String toString() {
        return "Session[" + user.uid() + "@" + serverUrl + "]";
    }
}
