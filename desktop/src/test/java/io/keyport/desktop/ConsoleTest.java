package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.kio.ApplicationDraft;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.kio.KioFixture;
import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.model.identity.UserRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real console (sign-in, first start, shell) on a headless stage against real servers: its
 * bundled server on a fresh or an existing data folder, or a {@link LiveServer} that goes away and
 * comes back. Also saves the screenshots of these screens into {@code docs/images/}.
 */
@ExtendWith(ApplicationExtension.class)
class ConsoleTest {

    private static final int NO_PAUSE = 0;
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path temp;

    private Stage stage;
    private Console console;
    private LiveServer server;

    @Start
    void stage(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() throws Exception {
        if (console != null) {
            WaitForAsyncUtils.asyncFx(console::close).get(60, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void firstStartAsksForTheAdminPasswordThenSignsIn(FxRobot robot) throws Exception {
        Path data = temp.resolve("data");
        open(new Console.Options(
                Map.of("KEYPORT_DATA_DIR", data.toString(), "KEYPORT_HTTP_PORT", "0"),
                temp.resolve("config"),
                true,
                Duration.ofSeconds(5),
                Clock.systemUTC()));

        robot.lookup("#newPassword").query(); // the first-start screen, not the sign-in
        assertThat(robot.lookup("#startServer").queryButton().isDisabled()).isTrue();
        robot.clickOn("#newPassword").write("short", NO_PAUSE);
        assertThat(text(robot, "#passwordProblem")).isEqualTo("The password needs at least 8 characters (5 so far).");
        robot.eraseText(5).write("correct horse battery", NO_PAUSE);
        robot.clickOn("#repeatPassword").write("correct horse batter", NO_PAUSE);
        assertThat(text(robot, "#passwordProblem")).isEqualTo("The two passwords differ.");
        assertThat(robot.lookup("#startServer").queryButton().isDisabled()).isTrue();
        robot.write("y", NO_PAUSE);
        assertThat(text(robot, "#passwordProblem")).isEmpty();
        Screenshots.saveLightAndDark(stage.getScene(), "first-start", console.theme());

        robot.clickOn("#startServer");

        waitUntil(() -> robot.lookup("#feature-dashboard").tryQuery().isPresent());
        assertThat(text(robot, "#statusUser")).isEqualTo("admin (admin)");
        assertThat(text(robot, "#statusConnection")).isEqualTo("Connected");
        assertThat(text(robot, "#statusToken")).startsWith("Token valid ");
        assertThat(text(robot, "#statusServer")).isEqualTo(console.bundled().url());
        assertThat(Files.exists(data.resolve("initial-admin-password")))
                .as("no password file to hunt for")
                .isFalse();
        try (BackendClient client = new BackendClient(console.bundled().url())) {
            assertThat(client.login("admin", "correct horse battery"))
                    .as("the chosen password is admin's")
                    .isNotBlank();
        }
    }

    @Test
    void aFirstStartWithThePasswordPresetInTheEnvironmentSignsInWithoutAsking(FxRobot robot) throws Exception {
        Path data = temp.resolve("data");
        open(new Console.Options(
                Map.of(
                        "KEYPORT_DATA_DIR",
                        data.toString(),
                        "KEYPORT_HTTP_PORT",
                        "0",
                        "KEYPORT_ADMIN_PASSWORD",
                        "preset by the operator"),
                temp.resolve("config"),
                true,
                Duration.ofSeconds(5),
                Clock.systemUTC()));

        assertThat(robot.lookup("#newPassword").tryQuery())
                .as("no first-start screen: the password is chosen")
                .isEmpty();
        waitUntil(() -> robot.lookup("#feature-dashboard").tryQuery().isPresent());
        assertThat(text(robot, "#statusUser")).isEqualTo("admin (admin)");
        assertThat(text(robot, "#statusServer")).isEqualTo(console.bundled().url());
        assertThat(Files.exists(data.resolve("initial-admin-password"))).isFalse();
        try (BackendClient client = new BackendClient(console.bundled().url())) {
            assertThat(client.login("admin", "preset by the operator")).isNotBlank();
        }
    }

    @Test
    void wrongPasswordThenTheRightOneOnTheBundledServer(FxRobot robot) throws Exception {
        Path data;
        try (LiveServer earlier = LiveServer.start()) {
            data = earlier.dataDir(); // a data folder with a database and user admin: not a first start
        }
        open(new Console.Options(
                Map.of("KEYPORT_DATA_DIR", data.toString(), "KEYPORT_HTTP_PORT", "0"),
                temp.resolve("config"),
                true,
                Duration.ofSeconds(5),
                Clock.systemUTC()));
        waitUntil(() -> text(robot, "#status").startsWith("The bundled server runs at"));
        String url = console.bundled().url();
        assertThat(robot.lookup("#serverUrl").queryTextInputControl().getText()).isEqualTo(url);
        assertThat(robot.lookup("#user").queryTextInputControl().getText()).isEqualTo("admin");
        Screenshots.saveLightAndDark(stage.getScene(), "sign-in", console.theme());

        robot.clickOn("#password").write("not the password", NO_PAUSE).type(KeyCode.ENTER);
        waitUntil(() -> text(robot, "#status").startsWith("Sign-in failed"));
        assertThat(text(robot, "#status")).isEqualTo("Sign-in failed: Invalid username or password");

        // the focus is on the password, its text selected: typing replaces it, the URL stays
        robot.write(LiveServer.ADMIN_PASSWORD, NO_PAUSE).type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#feature-dashboard").tryQuery().isPresent());
        assertThat(text(robot, "#statusServer")).isEqualTo(url);
        assertThat(text(robot, "#statusUser")).isEqualTo("admin (admin)");
    }

    @Test
    void aServerThatGoesAwayShowsDisconnectedAndRecovers(FxRobot robot) throws Exception {
        server = LiveServer.start();
        seed(server);
        open(new Console.Options(Map.of(), temp.resolve("config"), false, Duration.ofMillis(300), Clock.systemUTC()));
        robot.clickOn("#serverUrl").write(server.baseUrl(), NO_PAUSE);
        robot.clickOn("#user").write("admin", NO_PAUSE);
        robot.clickOn("#password").write(LiveServer.ADMIN_PASSWORD, NO_PAUSE).type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#feature-dashboard").tryQuery().isPresent());
        assertThat(robot.lookup("#disconnected").query().isVisible()).isFalse();
        screenshotSize();
        waitUntil(() -> text(robot, "#waitingCount").equals("1"));
        waitUntil(() -> !robot.lookup("#activity").queryListView().getItems().isEmpty());
        Screenshots.saveLightAndDark(stage.getScene(), "shell", console.theme());

        server.stop();

        waitUntil(() -> text(robot, "#statusConnection").startsWith("Disconnected: Cannot reach " + server.baseUrl()));
        assertThat(robot.lookup("#disconnected").query().isVisible()).isTrue();
        assertThat(text(robot, "#disconnected"))
                .as("the banner says what happened and what to do, not the socket's error")
                .isEqualTo("The server at " + server.baseUrl()
                        + " does not answer. The console keeps trying; check that the server runs.");
        Screenshots.save(stage.getScene(), "shell-disconnected-light");

        server.restart();

        waitUntil(() -> text(robot, "#statusConnection").equals("Connected"));
        assertThat(robot.lookup("#disconnected").query().isVisible()).isFalse();

        // and the session still works: Ctrl+L signs out to the sign-in screen
        robot.press(KeyCode.CONTROL).type(KeyCode.L).release(KeyCode.CONTROL);
        waitUntil(() -> robot.lookup("#signIn").tryQuery().isPresent());
        assertThat(text(robot, "#status")).isEqualTo("Signed out");
        assertThat(console.session()).isNull();
    }

    /**
     * Issue 11: the sign-in screen offers the offline ceremony; choosing it opens the wizard in offline
     * mode without signing in, with the network guard armed (every hook in this JVM) for the rest of
     * the console's life: nothing is attempted, and a connection tried from this process is refused.
     */
    @Test
    void theOfflineCeremonyChoiceOpensTheWizardWithoutSigningInOrNetwork(FxRobot robot) throws Exception {
        open(new Console.Options(Map.of(), temp.resolve("config"), false, Duration.ofSeconds(5), Clock.systemUTC()));
        assertThat(robot.lookup("#offlineCeremony").query().isVisible()).isTrue();
        assertThat(text(robot, "#offlineCeremonyNote")).contains("makes no network connection");
        Screenshots.save(stage.getScene(), "ceremony-offline-choice");

        try (java.net.ServerSocket listening =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            robot.clickOn("#offlineCeremony");
            waitUntil(() -> robot.lookup("#ceremonyMode").tryQuery().isPresent());
            assertThat(text(robot, "#ceremonyMode")).isEqualTo("OFFLINE: no network connection");
            assertThat(stage.getTitle()).isEqualTo("Keyport console: offline ceremony");
            assertThat(console.session()).isNull();
            assertThat(robot.lookup("#signIn").tryQuery()).isEmpty();
            var guard = console.offlineGuard();
            assertThat(guard.complete()).as("every hook: %s", guard.hooks()).isTrue();
            assertThat(guard.attempts())
                    .as("opening the wizard attempts nothing")
                    .isEmpty();

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket(
                                    java.net.InetAddress.getLoopbackAddress(), listening.getLocalPort())
                            .close())
                    .hasMessageStartingWith("Offline ceremony mode: this console makes no network connection");
            assertThat(guard.attempts()).singleElement().hasToString("socket 127.0.0.1:" + listening.getLocalPort());
        }
    }

    /** The first-start screen offers the same choice; the bundled server never starts. */
    @Test
    void theFirstStartScreenOffersTheOfflineCeremonyToo(FxRobot robot) throws Exception {
        open(new Console.Options(
                Map.of("KEYPORT_DATA_DIR", temp.resolve("data").toString(), "KEYPORT_HTTP_PORT", "0"),
                temp.resolve("config"),
                true,
                Duration.ofSeconds(5),
                Clock.systemUTC()));
        robot.lookup("#newPassword").query(); // the first-start screen
        robot.clickOn("#offlineCeremony");
        waitUntil(() -> robot.lookup("#ceremonyMode").tryQuery().isPresent());
        assertThat(text(robot, "#ceremonyMode")).isEqualTo("OFFLINE: no network connection");
        assertThat(console.bundled().running()).isFalse();
        assertThat(console.offlineGuard().attempts()).isEmpty();
    }

    @Test
    void helpOverlayThemeSwitchAndUncaughtErrors(FxRobot robot) throws Exception {
        server = LiveServer.start();
        Path config = temp.resolve("config");
        open(new Console.Options(Map.of(), config, false, Duration.ofSeconds(5), Clock.systemUTC()));
        robot.clickOn("#serverUrl").write(server.baseUrl(), NO_PAUSE);
        robot.clickOn("#user").write("admin", NO_PAUSE);
        robot.clickOn("#password").write(LiveServer.ADMIN_PASSWORD, NO_PAUSE).type(KeyCode.ENTER);
        waitUntil(() -> robot.lookup("#feature-dashboard").tryQuery().isPresent());

        robot.type(KeyCode.F1);
        assertThat(robot.lookup("#helpOverlay").query().isVisible()).isTrue();
        assertThat(robot.lookup("F5").tryQuery())
                .as("the overlay lists the shortcuts")
                .isPresent();
        Screenshots.save(stage.getScene(), "shell-shortcuts-light");
        robot.type(KeyCode.ESCAPE);
        assertThat(robot.lookup("#helpOverlay").query().isVisible()).isFalse();

        var before = console.theme();
        robot.clickOn("#themeToggle");
        assertThat(console.theme()).isEqualTo(before.other());
        assertThat(Files.readString(config.resolve("console.json")))
                .contains("\"" + before.other().name().toLowerCase(java.util.Locale.ROOT) + "\"");

        WaitForAsyncUtils.asyncFx(() -> {
            console.handleUncaughtExceptions();
            javafx.application.Platform.runLater(() -> {
                throw new IllegalStateException("a bug in some view");
            });
        });
        waitUntil(() -> robot.lookup("#errorDialog").tryQuery().isPresent());
        javafx.scene.control.DialogPane dialog =
                robot.lookup("#errorDialog").queryAs(javafx.scene.control.DialogPane.class);
        assertThat(dialog.getHeaderText()).isEqualTo("Unexpected error");
        assertThat(dialog.getContentText()).startsWith("a bug in some view");
        assertThat(((javafx.scene.control.TextArea) dialog.getExpandableContent()).getText())
                .as("details on demand")
                .contains("IllegalStateException: a bug in some view");
        WaitForAsyncUtils.asyncFx(() -> ((javafx.stage.Stage) dialog.getScene().getWindow()).close())
                .get();
    }

    /**
     * Some history, so that the shell's screenshots show a working dashboard: admin in team
     * payments, applications with versions, one approved by two others, one waiting for admin.
     */
    private static void seed(LiveServer server) {
        KioFixture fixture = new KioFixture(server).team("payments");
        server.adminTransport()
                .put(
                        "/api/users/admin",
                        new UserRequest(LiveServer.ADMIN_PASSWORD, List.of("payments"), true),
                        new TypeReference<Object>() {});
        KioClient alice = new KioClient(fixture.person("alice", "payments"));
        KioClient bob = new KioClient(fixture.person("bob", "payments"));
        KioClient admin = new KioClient(server.adminTransport());
        admin.saveApplication(
                "billing",
                new ApplicationDraft("payments", true, "Billing", "Invoices and dunning", null, null, null, null, 2));
        admin.saveApplication(
                "ledger",
                new ApplicationDraft("payments", true, "Ledger", "General ledger", null, null, null, null, 1));
        fixture.policy("billing", List.of("TEST", "DEPLOY"), 2);
        fixture.policy("ledger", List.of("TEST"), 1);
        admin.saveVersion("billing", "4.0.0", "docker://registry.example.org/payments/billing:4.0.0", "Dunning v2");
        alice.approve("billing", "4.0.0", "TEST", "suite green");
        bob.approve("billing", "4.0.0", "DEPLOY", null);
        alice.saveVersion("ledger", "3.2.0", "docker://registry.example.org/payments/ledger:3.2.0", null);
    }

    /** The screenshots' window size: large enough for the dashboard's cards. */
    private void screenshotSize() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> {
                    stage.setWidth(1280);
                    stage.setHeight(800);
                })
                .get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void open(Console.Options options) throws Exception {
        console = WaitForAsyncUtils.asyncFx(() -> {
                    Console opened = new Console(stage, options);
                    opened.open();
                    return opened;
                })
                .get(60, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        Node node = robot.lookup(id).query();
        return node instanceof Labeled labeled
                ? labeled.getText()
                : robot.lookup(id).queryTextInputControl().getText();
    }

    /** Waits on the condition with a deadline (no fixed sleeps). */
    private static void waitUntil(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> {
            try {
                return condition.getAsBoolean();
            } catch (RuntimeException notYet) {
                return false; // the node is not there yet
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
