package io.keyport.desktop;

import io.keyport.desktop.bundled.BundledServer;
import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.connection.ConnectionView;
import io.keyport.desktop.connection.ConnectionViewModel;
import io.keyport.desktop.firststart.FirstStartView;
import io.keyport.desktop.firststart.FirstStartViewModel;
import io.keyport.desktop.profiles.ConnectionProfile;
import io.keyport.desktop.profiles.HttpClients;
import io.keyport.desktop.profiles.ProfileStore;
import io.keyport.desktop.session.Session;
import io.keyport.desktop.shell.ConsoleSettings;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.Features;
import io.keyport.desktop.shell.FxDialogService;
import io.keyport.desktop.shell.ShellView;
import io.keyport.desktop.shell.ShellViewModel;
import io.keyport.desktop.shell.Theme;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

/**
 * The console, wired by hand: sign-in (or, on the bundled server's first start, choosing the admin
 * password), then the shell with the registered features. {@link ConsoleApp} runs it on the
 * process's environment; tests run it on a stage of their own with temporary folders.
 */
public final class Console implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Console.class.getName());

    /**
     * @param environment {@code KEYPORT_*} settings for the bundled server
     * @param configDir where profiles and preferences are kept
     * @param bundled whether to run the bundled server
     * @param checkInterval how often the shell renews the token if due and asks the server's health
     */
    public record Options(
            Map<String, String> environment, Path configDir, boolean bundled, Duration checkInterval, Clock clock) {

        /** The process's environment, the user's config folder, the bundled server, a check every 5 s. */
        public static Options standard() {
            String configDir = System.getenv("KEYPORT_CONSOLE_CONFIG_DIR");
            return new Options(
                    System.getenv(),
                    configDir == null || configDir.isBlank() ? ConsoleSettings.defaultConfigDir() : Path.of(configDir),
                    true,
                    Duration.ofSeconds(5),
                    Clock.systemUTC());
        }
    }

    private final Stage stage;
    private final Options options;
    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final StackPane root = new StackPane();
    private final ConsoleSettings settings;
    private final ProfileStore profiles;
    private final BundledServer bundled;
    private final FxDialogService dialogs;
    private final ConnectionViewModel connection;
    private final ConnectionView connectionView;
    private Theme theme;
    private Session session;
    private Timeline checks;
    private io.keyport.desktop.offline.NetworkGuard.Armed offline;

    public Console(Stage stage, Options options) {
        this(stage, options, Preparation.read(options));
    }

    /** With what the first window needs read already (by the launcher, while the toolkit started). */
    Console(Stage stage, Options options, Preparation prepared) {
        this.stage = Objects.requireNonNull(stage);
        this.options = Objects.requireNonNull(options);
        this.settings = new ConsoleSettings(options.configDir());
        this.profiles = new ProfileStore(options.configDir());
        this.bundled = prepared.bundled();
        this.theme = prepared.theme();
        this.dialogs = new FxDialogService(() -> stage);
        this.connection = new ConnectionViewModel(
                executor,
                (profile, password) -> Session.signIn(
                        profile.url(),
                        profile.user(),
                        password,
                        HttpClients.forProfile(profile),
                        options.clock(),
                        Platform::runLater));
        this.connectionView = new ConnectionView(connection);
        connection.profiles().setAll(prepared.profiles());
        if (bundled == null) {
            connection.profiles().removeIf(ConnectionProfile::bundled);
        }
        connection.onProfilesChanged(profiles::save);
        connection.onOfflineCeremony(this::openOfflineCeremony);
        connection.sessionProperty().addListener((o, old, now) -> {
            if (now != null) {
                showShell(now);
            }
        });
    }

    /**
     * Applies the theme, shows the window and starts: first-start screen or sign-in. Before a
     * sign-in the bundled server starts once the window's first frame is drawn, so that its start
     * (a few seconds of migrations and class loading) does not compete with drawing it; with the
     * first admin's password preset it starts at once.
     */
    public void open() {
        theme.apply();
        stage.setTitle("Keyport console");
        Scene scene = new Scene(root, 1024, 680);
        stage.setScene(scene);
        StartupMarks.onFirstFrame(scene, "window");
        stage.show();
        Optional<String> preset = bundled == null ? Optional.empty() : bundled.presetFirstAdminPassword();
        if (preset.isPresent()) {
            showSignIn();
            connection.notice(
                    "First start: starting the bundled server and signing in as admin with KEYPORT_ADMIN_PASSWORD …");
            // nothing to type: the server's start is all that stands between the user and the shell
            signInWithPresetPassword(preset.get());
            return;
        }
        if (bundled != null && bundled.firstStart()) {
            LOG.info("First start: no database in " + bundled.dataDir().toAbsolutePath()
                    + "; asking for the password of the first admin");
            showFirstStart();
            return;
        }
        showSignIn();
        if (!connection.profiles().isEmpty()) {
            connection.profileProperty().set(connection.profiles().getFirst());
        }
        if (bundled != null) {
            connection.notice("Starting the bundled server …");
            StartupMarks.afterFirstFrame(
                    scene,
                    () -> executor.execute(
                            () -> bundled.start(Optional.empty()),
                            url -> {
                                bundledStarted(url);
                                connection.notice("The bundled server runs at " + url + ". Sign in.");
                                connectionView.focusFirstEmptyField();
                            },
                            error -> {
                                LOG.log(Level.SEVERE, "the bundled server did not start", error);
                                connection.notice("The bundled server did not start: " + FxDialogService.message(error)
                                        + " Pick another profile, or see the log.");
                            }));
        }
        connectionView.focusFirstEmptyField();
    }

    /**
     * Makes this console the process's handler of exceptions nobody caught: each is logged and shown
     * in an error dialog with its details on demand.
     */
    public void handleUncaughtExceptions() {
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
            LOG.log(Level.SEVERE, "Uncaught exception in " + thread.getName(), error);
            if (Platform.isFxApplicationThread()) {
                dialogs.showUnexpected(error);
            } else {
                Platform.runLater(() -> dialogs.showUnexpected(error));
            }
        });
    }

    /** The bundled server (null without one); tests stop and restart servers through it. */
    public BundledServer bundled() {
        return bundled;
    }

    /** The open session, or null. */
    public Session session() {
        return session;
    }

    public Theme theme() {
        return theme;
    }

    /** Switches light/dark and remembers the choice. */
    public void toggleTheme() {
        theme = theme.other();
        theme.apply();
        settings.theme(theme);
    }

    private void showFirstStart() {
        FirstStartViewModel firstStart =
                new FirstStartViewModel(executor, this::startAndSignInAsAdmin, this::showShell);
        firstStart.onOfflineCeremony(this::openOfflineCeremony);
        FirstStartView view = new FirstStartView(
                firstStart, bundled.dataDir().toAbsolutePath().toString());
        show(view);
        view.focusPassword();
    }

    /**
     * First start with {@code KEYPORT_ADMIN_PASSWORD} set: the operator chose the first admin's
     * password already, so the console starts the server with it and signs in as {@code admin}
     * without asking. If that fails, the sign-in form stays, with the reason.
     */
    private void signInWithPresetPassword(String password) {
        LOG.info("First start: no database in " + bundled.dataDir().toAbsolutePath()
                + "; signing in as admin with the password set in KEYPORT_ADMIN_PASSWORD");
        executor.execute(() -> startAndSignInAsAdmin(password), this::showShell, error -> {
            LOG.log(Level.SEVERE, "first start with KEYPORT_ADMIN_PASSWORD failed", error);
            connection.notice("Signing in as admin failed: " + FxDialogService.message(error)
                    + (bundled.running() ? " Sign in below." : " The bundled server did not start; see the log."));
            connectionView.focusFirstEmptyField();
        });
    }

    /** Starts the bundled server with the first admin's password and signs in as admin (blocking). */
    private Session startAndSignInAsAdmin(String password) {
        String url = bundled.start(Optional.of(password));
        Platform.runLater(() -> bundledStarted(url));
        return Session.signIn(
                url,
                "admin",
                password,
                HttpClients.forProfile(ConnectionProfile.bundled(url, "admin")),
                options.clock(),
                Platform::runLater);
    }

    private void bundledStarted(String url) {
        for (int i = 0; i < connection.profiles().size(); i++) {
            ConnectionProfile p = connection.profiles().get(i);
            if (p.bundled()) {
                ConnectionProfile running = ConnectionProfile.bundled(url, p.user());
                boolean picked = connection.profileProperty().get() == p;
                connection.profiles().set(i, running);
                if (picked || connection.profileProperty().get() == null) {
                    connection.profileProperty().set(running);
                }
            }
        }
    }

    private void showSignIn() {
        show(connectionView);
    }

    private void showShell(Session opened) {
        this.session = opened;
        FeatureContext context =
                new FeatureContext(opened.user(), opened.transport(), dialogs, executor, options.clock());
        ShellViewModel shell = new ShellViewModel(opened, Features.create(context), executor, options.clock(), () -> {
            stopChecks();
            session = null;
            connection.signedOut("Signed out");
            showSignIn();
            connectionView.focusFirstEmptyField();
        });
        String open = System.getProperty(StartupMarks.OPEN_PROPERTY);
        if (open != null && !shell.selectId(open)) {
            LOG.warning(StartupMarks.OPEN_PROPERTY + "=" + open + ": no such feature for "
                    + opened.user().uid());
        }
        show(new ShellView(shell, this::toggleTheme));
        StartupMarks.onFirstFrame(stage.getScene(), "dashboard");
        checks = new Timeline(
                new KeyFrame(javafx.util.Duration.millis(options.checkInterval().toMillis()), e -> shell.tick()));
        checks.setCycleCount(Timeline.INDEFINITE);
        checks.play();
    }

    /**
     * The sign-in and first-start screens' "Offline ceremony" choice: stops the bundled server, arms the network guard
     * for the rest of this console's life and shows the ceremony wizard without a session. A process
     * started with {@code --offline-ceremony} has every hook of the guard; one switched here has all but
     * the NIO channel hook, which only a start can install (decision 0049); the wizard has no server
     * client, so nothing in it opens a channel.
     */
    private void openOfflineCeremony() {
        LOG.info("Offline ceremony chosen at sign-in: stopping the bundled server; no network connection from here on");
        stopChecks();
        if (bundled != null) {
            bundled.close();
        }
        offline = io.keyport.desktop.offline.NetworkGuard.arm();
        if (!offline.complete()) {
            LOG.warning("Offline ceremony: the network guard has " + offline.hooks()
                    + "; for every hook start the console with " + io.keyport.desktop.ceremonies.OfflineCeremony.FLAG);
        }
        stage.setTitle("Keyport console: offline ceremony");
        show(io.keyport.desktop.ceremonies.OfflineCeremony.view(
                executor,
                options.clock(),
                io.keyport.desktop.ceremonies.KeySourceFactories.standard(),
                io.keyport.desktop.ceremonies.OfflineCeremony.operator()));
    }

    /** The network guard armed by the offline ceremony choice, or null. */
    io.keyport.desktop.offline.NetworkGuard.Armed offlineGuard() {
        return offline;
    }

    private void show(Node view) {
        root.getChildren().setAll(view);
    }

    private void stopChecks() {
        if (checks != null) {
            checks.stop();
            checks = null;
        }
    }

    /** Signs out, stops the background work and the bundled server. Idempotent. */
    @Override
    public void close() {
        stopChecks();
        if (session != null) {
            session.signOut();
        }
        executor.close();
        if (bundled != null) {
            bundled.close();
        }
        if (offline != null) {
            offline.close(); // the process ends with the console; tests go on with the network
        }
    }
}
