package io.keyport.desktop.connection;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.service.BackendException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * State and commands of the connection screen: what the user typed, whether signing in is possible,
 * and the outcome (status text, access token, uid). The server calls run through a
 * {@link TaskExecutor}, so this class never blocks the JavaFX thread and never touches a control.
 */
public final class ConnectionViewModel {

    private static final Logger LOG = Logger.getLogger(ConnectionViewModel.class.getName());

    static final String NOT_SIGNED_IN = "Not signed in";

    // --- input, bound both ways by the view
    private final StringProperty serverUrl = new SimpleStringProperty(this, "serverUrl", "");
    private final StringProperty user = new SimpleStringProperty(this, "user", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");

    // --- output, read-only outside
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", NOT_SIGNED_IN);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper accessToken = new ReadOnlyStringWrapper(this, "accessToken");
    private final ReadOnlyStringWrapper uid = new ReadOnlyStringWrapper(this, "uid");

    // --- validation
    private final BooleanBinding serverUrlValid = Bindings.createBooleanBinding(() -> isServerUrl(serverUrl.get()), serverUrl);
    private final BooleanBinding canSignIn = serverUrlValid
            .and(Bindings.createBooleanBinding(() -> !isBlank(user.get()), user))
            .and(Bindings.createBooleanBinding(() -> !isEmpty(password.get()), password))
            .and(busy.not());
    private final BooleanBinding signedIn = accessToken.isNotNull();

    private final TaskExecutor executor;

    public ConnectionViewModel(TaskExecutor executor) {
        this.executor = Objects.requireNonNull(executor);
    }

    public StringProperty serverUrlProperty() {
        return serverUrl;
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    /** What the user should read: the outcome of the last sign-in, or what is happening now. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** True while a sign-in runs in the background. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The bearer token of the current session; null until signed in. */
    public ReadOnlyStringProperty accessTokenProperty() {
        return accessToken.getReadOnlyProperty();
    }

    /** The user id the server reports for the token; null until signed in. */
    public ReadOnlyStringProperty uidProperty() {
        return uid.getReadOnlyProperty();
    }

    public BooleanBinding signedInProperty() {
        return signedIn;
    }

    /** True if the server URL has the form {@code http(s)://host[:port][/path]}. */
    public BooleanBinding serverUrlValidProperty() {
        return serverUrlValid;
    }

    /** True if the input is complete and valid and no sign-in is running. */
    public BooleanBinding canSignInProperty() {
        return canSignIn;
    }

    /**
     * Checks the server's health, logs in with the password grant and asks whom the token belongs
     * to, all in the background. Does nothing unless {@link #canSignInProperty()} holds.
     */
    public void signIn() {
        if (!canSignIn.get()) {
            return;
        }
        String url = serverUrl.get().trim();
        String name = user.get().trim();
        String secret = password.get();
        accessToken.set(null);
        uid.set(null);
        busy.set(true);
        status.set("Signing in to " + url + " as " + name + " ...");
        executor.execute(() -> session(url, name, secret), this::signedIn, this::failed);
    }

    /** Runs in the background: no properties touched here. */
    private static Session session(String url, String name, String secret) {
        try (BackendClient client = new BackendClient(url)) {
            if (!client.health()) {
                throw new BackendException(503, "The server at " + client.serverUrl() + " is not serving right now", null);
            }
            String token = client.login(name, secret);
            return new Session(url, client.tokenInfo(token).uid(), token);
        }
    }

    private void signedIn(Session session) {
        busy.set(false);
        password.set("");
        uid.set(session.uid());
        accessToken.set(session.accessToken());
        status.set("Signed in to " + session.serverUrl() + " as " + session.uid());
    }

    private void failed(Throwable error) {
        busy.set(false);
        if (error instanceof BackendException || error instanceof IllegalArgumentException) {
            status.set("Sign-in failed: " + error.getMessage());
        } else {
            LOG.log(Level.WARNING, "sign-in failed", error);
            status.set("Sign-in failed: unexpected error (" + error + "); see the log");
        }
    }

    static boolean isServerUrl(String text) {
        if (isBlank(text)) {
            return false;
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https"))
                    && uri.getHost() != null
                    && uri.getRawUserInfo() == null
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && (uri.getPort() == -1 || uri.getPort() >= 1 && uri.getPort() <= 65_535);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private record Session(String serverUrl, String uid, String accessToken) {
    }
}
