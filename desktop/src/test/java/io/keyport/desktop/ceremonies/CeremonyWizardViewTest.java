package io.keyport.desktop.ceremonies;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.NetworkGuard;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.desktop.testing.SoftHsm;
import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.signer.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
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
 * The wizard in the console's offline mode (headless Monocle): a bootstrap with a SoftHSM2 token and a
 * rehearsal key file, PINs typed into the PIN dialog, and a signing event showing its changes. The
 * network guard is armed around each sitting (every hook: proxy selector, socket factories, datagram
 * sockets, NIO channels, name lookups; see {@code NetworkGuardTest}) and records nothing. Saves
 * {@code docs/images/ceremony-*.png}.
 */
@ExtendWith(ApplicationExtension.class)
class CeremonyWizardViewTest {

    private static final String PASSWORD = PendingRoots.PASSWORD;

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private Scene scene;

    @Start
    void show(Stage stage) {
        Theme.LIGHT.apply();
        scene = new Scene(
                OfflineCeremony.view(executor, Clock.systemUTC(), KeySourceFactories.standard(), "officer (offline)"),
                1270,
                790); // within Monocle's headless 1280x800 screen
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    @Test
    void anOfflineBootstrapWithASoftHsmTokenAndAKeyFileOpensNoConnection(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Pkcs11Source.Location token = SoftHsm.newToken();
        Path onlineKey = PendingRoots.onlineKey(dir);
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThat(text(robot, "#ceremonyMode")).isEqualTo("OFFLINE: no network connection");
            set(robot, "#ceremonyFile", dir.resolve("bootstrap.json").toString());
            set(robot, "#ceremonyInput", onlineKey.toString());
            set(robot, "#ceremonyBins", "16");
            set(robot, "#daysRoot", "180");
            robot.clickOn("#ceremonyStartBootstrap");
            awaitMessage(robot, "Bootstrap started", null);

            set(robot, "#holderName", "Alice Martin");
            set(robot, "#holderLocation", token.module() + "#" + token.slot());
            robot.clickOn("#holderAdd");
            awaitMessage(robot, "Alice Martin holds a root key now", SoftHsm.PIN);
            assertThat(text(robot, "#holderAttestation"))
                    .startsWith("Alice Martin: No attestation: PKCS11 tokens cannot attest their keys");
            assertThat(robot.lookup("#ceremonyRehearsal").queryAs(Label.class).isVisible())
                    .isFalse();

            set(robot, "#holderName", "Bob Chen");
            robot.interact(() -> robot.lookup("#holderSource")
                    .<KeySourceFactory>queryComboBox()
                    .getSelectionModel()
                    .select(1));
            set(robot, "#holderLocation", dir.resolve("bob.pem").toString());
            robot.clickOn("#holderAdd");
            awaitMessage(robot, "Bob Chen holds a root key now", PASSWORD);
            assertThat(robot.lookup("#ceremonyRehearsal").queryAs(Label.class).isVisible())
                    .isTrue();
            Screenshots.save(scene, "ceremony-bootstrap-holders");

            robot.interact(() -> robot.lookup("#holderGenerate")
                    .queryAs(javafx.scene.control.CheckBox.class)
                    .setSelected(false));
            set(robot, "#holderName", "Alice Martin");
            robot.interact(() -> robot.lookup("#holderSource")
                    .<KeySourceFactory>queryComboBox()
                    .getSelectionModel()
                    .select(0));
            set(robot, "#holderLocation", token.module() + "#" + token.slot());
            robot.clickOn("#holderSign");
            FxWaits.until(() -> robot.lookup("#pinField").tryQuery().isPresent());
            Screenshots.save(robot.lookup("#pinField").query().getScene(), "ceremony-pin");
            awaitMessage(robot, "Alice Martin signed; the signature verified", SoftHsm.PIN);
            assertThat(items(robot, "#ceremonyMissing"))
                    .singleElement()
                    .asString()
                    .contains("1 of 2");

            set(robot, "#holderName", "Bob Chen");
            robot.interact(() -> robot.lookup("#holderSource")
                    .<KeySourceFactory>queryComboBox()
                    .getSelectionModel()
                    .select(1));
            set(robot, "#holderLocation", dir.resolve("bob.pem").toString());
            robot.clickOn("#holderSign");
            awaitMessage(robot, "Bob Chen signed; the signature verified", PASSWORD);
            assertThat(items(robot, "#ceremonyMissing"))
                    .singleElement()
                    .asString()
                    .contains("2 of 2 reached");

            Path bundle = dir.resolve("bootstrap-bundle.json");
            set(robot, "#ceremonyBundleOut", bundle.toString());
            robot.clickOn("#ceremonyWriteBundle");
            awaitMessage(robot, "Bundle written to", null);
            assertThat(TufJson.parse(Files.readAllBytes(bundle))
                            .path("metadata")
                            .path("root")
                            .path("signatures"))
                    .hasSize(2);
            assertThat(robot.lookup("#ceremonySendBundle").query().isVisible()).isFalse();
            Screenshots.save(scene, "ceremony-bootstrap-signed");

            assertThat(guard.attempts()).isEmpty();
        }
    }

    @Test
    void aSigningEventShowsTheChangesAndTheKeysStillMissingOffline(FxRobot robot, @TempDir Path dir) throws Exception {
        Signer a = PendingRoots.keyFile(dir, "anna.pem");
        Path pending = PendingRoots.rotation(
                dir, a, PendingRoots.keyFile(dir, "ben.pem"), PendingRoots.keyFile(dir, "chloe.pem"), Instant.now());

        try (NetworkGuard guard = NetworkGuard.install()) {
            robot.interact(() -> robot.lookup("#ceremonyTabs")
                    .queryAs(TabPane.class)
                    .getSelectionModel()
                    .select(1));
            set(robot, "#signingFile", dir.resolve("signing.json").toString());
            set(robot, "#signingInput", pending.toString());
            robot.clickOn("#ceremonyImport");
            awaitMessage(robot, "Pending root imported", null);
            assertThat(String.join("\n", items(robot, "#ceremonyChanges"))).contains("root threshold 2 -> 3");
            assertThat(items(robot, "#ceremonyMissing")).hasSize(2);

            set(robot, "#holderName", "Anna Schmidt");
            robot.interact(() -> {
                robot.lookup("#holderSource")
                        .<KeySourceFactory>queryComboBox()
                        .getSelectionModel()
                        .select(1);
                robot.lookup("#holderGenerate")
                        .queryAs(javafx.scene.control.CheckBox.class)
                        .setSelected(false);
            });
            set(robot, "#holderLocation", dir.resolve("anna.pem").toString());
            robot.clickOn("#holderSign");
            awaitPin(robot, "wrong-password");
            FxWaits.until(() -> !text(robot, "#ceremonyError").isEmpty());
            assertThat(text(robot, "#ceremonyError")).startsWith("Could not sign: Wrong PIN. Next:");

            robot.clickOn("#holderSign");
            awaitMessage(robot, "Anna Schmidt signed; the signature verified", PASSWORD);
            assertThat(items(robot, "#ceremonyMissing").get(0)).contains("1 of 2");
            assertThat(items(robot, "#ceremonyMissing").get(1)).contains("1 of 3");
            Path signatures = dir.resolve("signatures.json");
            set(robot, "#ceremonySignaturesOut", signatures.toString());
            robot.clickOn("#ceremonyExport");
            awaitMessage(robot, "Signatures written to", null);
            assertThat(signatures).exists();
            Screenshots.save(scene, "ceremony-signing-event");

            assertThat(guard.attempts()).isEmpty();
        }
    }

    @Test
    void customDelegationsAreChosenByFileRefusedWhenBadAndListedInTheSummary(FxRobot robot, @TempDir Path dir)
            throws Exception {
        Path delegations = dir.resolve("delegations.json");
        Files.writeString(delegations, "{\"releases\": \"releases/*\"}");
        set(robot, "#ceremonyFile", dir.resolve("bootstrap.json").toString());
        set(robot, "#ceremonyInput", PendingRoots.onlineKey(dir).toString());
        assertThat(robot.lookup("#ceremonyDelegationsFile").query().isDisabled())
                .isTrue();
        robot.clickOn("#ceremonyUseDelegations");
        assertThat(robot.lookup("#ceremonyDelegationsFile").query().isDisabled())
                .isFalse();
        assertThat(robot.lookup("#ceremonyBins").query().isDisabled()).isTrue();
        set(robot, "#ceremonyDelegationsFile", delegations.toString());
        robot.clickOn("#ceremonyStartBootstrap");
        FxWaits.until(() -> !text(robot, "#ceremonyError").isEmpty());
        assertThat(text(robot, "#ceremonyError"))
                .isEqualTo("Could not start the bootstrap: delegations.json: custom delegations must be"
                        + " {\"roles\": [...]} as RSTUF takes them");
        assertThat(dir.resolve("bootstrap.json")).doesNotExist();

        Files.writeString(delegations, """
                {"roles": [{"name": "releases", "terminating": true, "paths": ["releases/*"],
                            "keyids": [], "threshold": 1, "x-rstuf-expire-policy": 30}]}""");
        robot.clickOn("#ceremonyStartBootstrap");
        awaitMessage(robot, "Bootstrap started", null);
        assertThat(items(robot, "#ceremonySummary"))
                .contains("delegations: custom, 1 role(s)")
                .contains("  delegated role releases: paths [releases/*], threshold 1, terminating,"
                        + " expires after 30 day(s)");
        Screenshots.save(scene, "ceremony-bootstrap-delegations");
    }

    // ---- helpers

    static void set(FxRobot robot, String id, String value) {
        robot.interact(() -> robot.lookup(id).queryAs(TextField.class).setText(value));
    }

    static String text(FxRobot robot, String id) {
        Node node = robot.lookup(id).query();
        return node instanceof Label l ? l.getText() : ((TextField) node).getText();
    }

    private static List<String> items(FxRobot robot, String id) {
        String text = robot.lookup(id)
                .queryAs(javafx.scene.control.TextInputControl.class)
                .getText();
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static void awaitPin(FxRobot robot, String pin) throws TimeoutException {
        FxWaits.until(() -> robot.lookup("#pinField").tryQuery().isPresent());
        robot.clickOn("#pinField").write(pin).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits for the step's message, typing {@code pin} into each PIN dialog that opens; fails on an error. */
    static void awaitMessage(FxRobot robot, String expected, String pin) throws TimeoutException {
        FxWaits.until(() -> {
            if (!text(robot, "#ceremonyError").isEmpty()) {
                return true;
            }
            if (pin != null
                    && robot.lookup("#pinField")
                            .match(Node::isVisible)
                            .tryQuery()
                            .isPresent()) {
                robot.clickOn("#pinField").write(pin).type(KeyCode.ENTER);
            }
            return text(robot, "#ceremonyMessage").startsWith(expected);
        });
        assertThat(text(robot, "#ceremonyError")).isEmpty();
        assertThat(text(robot, "#ceremonyMessage")).startsWith(expected);
    }
}
