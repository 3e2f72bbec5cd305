package io.keyport.desktop.connection;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.profiles.ConnectionProfile;
import io.keyport.desktop.profiles.HttpClients;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.session.Session;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the sign-in screen: the connection profiles to pick from, what the user
 * typed, whether signing in is possible, and the outcome (status text, the {@link Session}, its
 * access token and uid). The server calls run through a {@link TaskExecutor}, so this class never
 * blocks the JavaFX thread and never touches a control.
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
    private final ReadOnlyObjectWrapper<Session> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyIntegerWrapper failures = new ReadOnlyIntegerWrapper(this, "failures");

    // --- connection profiles
    private final ObservableList<ConnectionProfile> profiles = FXCollections.observableArrayList();
    private final ObjectProperty<ConnectionProfile> profile = new SimpleObjectProperty<>(this, "profile");

    // --- validation
    private final BooleanBinding serverUrlValid =
            Bindings.createBooleanBinding(() -> isServerUrl(serverUrl.get()), serverUrl);
    private final BooleanBinding canSignIn = serverUrlValid
            .and(Bindings.createBooleanBinding(() -> !isBlank(user.get()), user))
            .and(Bindings.createBooleanBinding(() -> !isEmpty(password.get()), password))
            .and(busy.not());
    private final BooleanBinding signedIn = accessToken.isNotNull();

    private final TaskExecutor executor;
    private final SignIn signInService;
    private java.util.function.Consumer<java.util.List<ConnectionProfile>> profileSaver = list -> {};
    private final ReadOnlyBooleanWrapper offlineCeremonyAvailable =
            new ReadOnlyBooleanWrapper(this, "offlineCeremonyAvailable");
    private Runnable offlineCeremony;

    /** Signs in through {@link Session#signIn} with a profile's HTTP client; session state changes on the calling thread. */
    public ConnectionViewModel(TaskExecutor executor) {
        this(
                executor,
                (target, secret) -> Session.signIn(
                        target.url(),
                        target.user(),
                        secret,
                        HttpClients.forProfile(target),
                        Clock.systemUTC(),
                        Runnable::run));
    }

    /** With the console's own way to open a session (its clock, the JavaFX thread for session state). */
    public ConnectionViewModel(TaskExecutor executor, SignIn signIn) {
        this.executor = Objects.requireNonNull(executor);
        this.signInService = Objects.requireNonNull(signIn);
        profile.addListener((o, old, now) -> {
            if (now != null) {
                serverUrl.set(now.url());
                user.set(now.user());
            }
        });
    }

    /** Opens a session for a profile (blocking; called in the background). */
    @FunctionalInterface
    public interface SignIn {
        Session open(ConnectionProfile profile, String password);
    }

    /** The profiles to pick from (the bundled server first). */
    public ObservableList<ConnectionProfile> profiles() {
        return profiles;
    }

    /** The picked profile; picking one fills in its URL and user. */
    public ObjectProperty<ConnectionProfile> profileProperty() {
        return profile;
    }

    /** The session once signed in; null before. */
    public ReadOnlyObjectProperty<Session> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /** Counts failed sign-ins; the view moves the focus to the password when it changes. */
    public ReadOnlyIntegerProperty failuresProperty() {
        return failures.getReadOnlyProperty();
    }

    /** Where edited profiles go (the profile store); by default nowhere. */
    public void onProfilesChanged(java.util.function.Consumer<java.util.List<ConnectionProfile>> saver) {
        this.profileSaver = Objects.requireNonNull(saver);
    }

    /**
     * Adds {@code edited}, or replaces {@code original} with it, picks it and saves the profiles.
     *
     * @throws IllegalArgumentException if the profile is not {@link ConnectionProfile#valid()} or its name is taken
     */
    public void saveProfile(ConnectionProfile original, ConnectionProfile edited) {
        if (!edited.valid()) {
            throw new IllegalArgumentException(
                    "A profile needs a name and a server URL of the form http(s)://host:port");
        }
        if (profiles.stream().anyMatch(p -> p != original && p.name().equals(edited.name()))) {
            throw new IllegalArgumentException("There is a profile named " + edited.name() + " already");
        }
        int at = original == null ? -1 : profiles.indexOf(original);
        if (at < 0) {
            profiles.add(edited);
        } else {
            profiles.set(at, edited);
        }
        profile.set(edited);
        profileSaver.accept(java.util.List.copyOf(profiles));
    }

    /** Removes a remote profile and saves; the bundled server's profile stays. */
    public void deleteProfile(ConnectionProfile gone) {
        if (gone == null || gone.bundled()) {
            return;
        }
        profiles.remove(gone);
        if (profile.get() == gone) {
            profile.set(profiles.isEmpty() ? null : profiles.getFirst());
        }
        profileSaver.accept(java.util.List.copyOf(profiles));
    }

    /** Shows a line in the status (the bundled server starting, or why it did not). */
    public void notice(String text) {
        status.set(text);
    }

    /** Back to the signed-out state after a sign-out: the session is forgotten, the fields kept. */
    public void signedOut(String why) {
        session.set(null);
        accessToken.set(null);
        uid.set(null);
        password.set("");
        status.set(why == null ? NOT_SIGNED_IN : why);
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

    /**
     * What the "Offline ceremony" choice does: the console switches to its offline mode (the ceremony
     * wizard without signing in, no network connection). The choice is offered once this is set.
     */
    public void onOfflineCeremony(Runnable action) {
        offlineCeremony = Objects.requireNonNull(action);
        offlineCeremonyAvailable.set(true);
    }

    /** Whether the sign-in screen offers the offline ceremony. */
    public ReadOnlyBooleanProperty offlineCeremonyAvailableProperty() {
        return offlineCeremonyAvailable.getReadOnlyProperty();
    }

    /** Leaves sign-in for the offline ceremony; not while a sign-in runs. */
    public void offlineCeremony() {
        if (offlineCeremony != null && !busy.get()) {
            offlineCeremony.run();
        }
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
        ConnectionProfile picked = profile.get();
        ConnectionProfile target = picked == null
                ? new ConnectionProfile(url, url, name, null, false)
                : new ConnectionProfile(picked.name(), url, name, picked.trustedCaPem(), picked.bundled());
        accessToken.set(null);
        uid.set(null);
        session.set(null);
        busy.set(true);
        status.set("Signing in to " + url + " as " + name + " ...");
        executor.execute(() -> signInService.open(target, secret), this::signedIn, this::failed);
    }

    private void signedIn(Session opened) {
        busy.set(false);
        password.set("");
        uid.set(opened.user().uid());
        accessToken.set(opened.accessToken());
        status.set("Signed in to " + opened.serverUrl() + " as " + opened.user().uid());
        session.set(opened);
    }

    private void failed(Throwable error) {
        busy.set(false);
        if (error instanceof BackendException || error instanceof IllegalArgumentException) {
            status.set("Sign-in failed: " + error.getMessage());
        } else {
            LOG.log(Level.WARNING, "sign-in failed", error);
            status.set("Sign-in failed: unexpected error (" + error + "); see the log");
        }
        failures.set(failures.get() + 1);
    }

    /** True if {@code text} has the form {@code http(s)://host[:port][/path]}. */
    public static boolean isServerUrl(String text) {
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
}
