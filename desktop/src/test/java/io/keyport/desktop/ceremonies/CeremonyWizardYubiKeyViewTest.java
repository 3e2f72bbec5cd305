package io.keyport.desktop.ceremonies;

import static io.keyport.desktop.ceremonies.CeremonyWizardViewTest.awaitMessage;
import static io.keyport.desktop.ceremonies.CeremonyWizardViewTest.set;
import static io.keyport.desktop.ceremonies.CeremonyWizardViewTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.ceremony.KeySources;
import io.keyport.desktop.concurrent.FxTaskExecutor;
import io.keyport.desktop.shell.Theme;
import io.keyport.desktop.testing.FxWaits;
import io.keyport.desktop.testing.Screenshots;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.piv.PivSimulator;
import io.keyport.desktop.tokens.piv.SimulatedPivCard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.MenuButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The wizard with simulated YubiKeys (headless Monocle, yubikit's real PIV session against
 * {@link PivSimulator}): PIN and touch policy chosen for a generated key and the card's report shown,
 * then a PIN blocked by three wrong PINs, a wrong PUK showing its tries left, the unblock through the
 * Token menu and a signature with the new PIN. Saves {@code docs/images/ceremony-yubikey-*.png}.
 */
@ExtendWith(ApplicationExtension.class)
class CeremonyWizardYubiKeyViewTest {

    private static final String READER = "Yubico YubiKey OTP+FIDO+CCID 00";
    private static final String NEW_PIN = "24681357";

    private final FxTaskExecutor executor = new FxTaskExecutor();
    private final PivSimulator simulator = new PivSimulator();
    private final Map<String, SimulatedPivCard> readers = new LinkedHashMap<>();
    private Scene scene;

    @Start
    void show(Stage stage) {
        Theme.LIGHT.apply();
        scene = new Scene(
                OfflineCeremony.view(
                        executor,
                        Clock.systemUTC(),
                        KeySourceFactories.standard(
                                () -> new KeySources(PivSimulator.readers(readers), simulator.trustAnchors())),
                        "officer (offline)"),
                1270,
                790);
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        executor.close();
    }

    @Test
    void policiesAreChosenAndShownAndABlockedPinIsUnblockedWithThePukFromTheTokenMenu(FxRobot robot, @TempDir Path dir)
            throws Exception {
        set(robot, "#ceremonyFile", dir.resolve("bootstrap.json").toString());
        set(robot, "#ceremonyInput", PendingRoots.onlineKey(dir).toString());
        robot.clickOn("#ceremonyStartBootstrap");
        awaitMessage(robot, "Bootstrap started", null);

        assertThat(robot.lookup("#holderPinPolicy").queryComboBox().getParent().isVisible())
                .isFalse(); // PKCS#11 is chosen: no PIV policies
        SimulatedPivCard alice = insert(robot, "Alice Martin");
        assertThat(robot.lookup("#holderPinPolicy").queryComboBox().getParent().isVisible())
                .isTrue();
        assertThat(robot.lookup("#holderPinPolicy").queryComboBox().isDisabled())
                .isFalse();
        assertThat(robot.lookup("#holderPinPolicy").queryComboBox().getValue())
                .isEqualTo(GenerateRequest.PinPolicy.DEFAULT);
        robot.interact(() -> {
            robot.lookup("#holderPinPolicy")
                    .<GenerateRequest.PinPolicy>queryComboBox()
                    .setValue(GenerateRequest.PinPolicy.ONCE);
            robot.lookup("#holderTouchPolicy")
                    .<GenerateRequest.TouchPolicy>queryComboBox()
                    .setValue(GenerateRequest.TouchPolicy.ALWAYS);
        });
        robot.clickOn("#holderAdd");
        awaitMessage(robot, "Alice Martin holds a root key now", PivSimulator.DEFAULT_PIN);
        assertThat(text(robot, "#holderPolicy"))
                .isEqualTo("Alice Martin: the YubiKey reports PIN once, touch always, key generated on the card");
        assertThat(text(robot, "#holderAttestation")).startsWith("Alice Martin: Attestation verified");
        Screenshots.save(scene, "ceremony-yubikey-policy");

        insert(robot, "Bob Chen");
        robot.clickOn("#holderAdd");
        awaitMessage(robot, "Bob Chen holds a root key now", PivSimulator.DEFAULT_PIN);

        readers.put(READER, alice);
        set(robot, "#holderName", "Alice Martin");
        robot.interact(
                () -> robot.lookup("#holderGenerate").queryAs(CheckBox.class).setSelected(false));
        assertThat(robot.lookup("#holderPinPolicy").queryComboBox().isDisabled())
                .isTrue();
        for (String expected : new String[] {"2 tries left", "1 tries left", "The PIN is blocked"}) {
            robot.clickOn("#holderSign");
            FxWaits.until(() -> robot.lookup("#pinField").tryQuery().isPresent());
            robot.clickOn("#pinField").write("654321").type(KeyCode.ENTER);
            awaitError(robot, expected);
        }

        openTokenAction(robot, 1, "#pukField");
        robot.clickOn("#pukField").write("87654321");
        robot.clickOn("#newPinField").write(NEW_PIN);
        robot.clickOn("#repeatPinField").write(NEW_PIN).type(KeyCode.ENTER);
        awaitError(robot, "Wrong PUK (2 tries left before the PUK blocks too)");
        assertThat(text(robot, "#ceremonyError")).contains("Next: enter the PUK again");
        Screenshots.save(scene, "ceremony-yubikey-wrong-puk");

        openTokenAction(robot, 1, "#pukField");
        robot.clickOn("#pukField").write(PivSimulator.DEFAULT_PUK);
        robot.clickOn("#newPinField").write(NEW_PIN);
        robot.clickOn("#repeatPinField").write(NEW_PIN).type(KeyCode.ENTER);
        awaitMessage(robot, "The PIN of YubiKey " + alice.serial() + " is unblocked and set anew (3 tries)", null);

        robot.clickOn("#holderSign");
        awaitMessage(robot, "Alice Martin signed; the signature verified", NEW_PIN);
        assertThat(robot.lookup("#ceremonyMissing").queryTextInputControl().getText())
                .contains("1 of 2");
    }

    // ---- helpers

    /** A fresh simulated YubiKey in the only reader, chosen as {@code name}'s key source. */
    private SimulatedPivCard insert(FxRobot robot, String name) {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        readers.clear();
        readers.put(READER, card);
        set(robot, "#holderName", name);
        robot.interact(() -> robot.lookup("#holderSource")
                .<KeySourceFactory>queryComboBox()
                .getSelectionModel()
                .select(2));
        set(robot, "#holderLocation", READER);
        return card;
    }

    /** Fires the Token menu's item (its dialog waits in a nested loop) and waits for {@code field}. */
    private static void openTokenAction(FxRobot robot, int item, String field) throws TimeoutException {
        MenuButton menu = robot.lookup("#holderToken").queryAs(MenuButton.class);
        Platform.runLater(() -> menu.getItems().get(item).fire());
        FxWaits.until(() -> robot.lookup(field).tryQuery().isPresent());
    }

    private static void awaitError(FxRobot robot, String expected) throws TimeoutException {
        FxWaits.until(() -> text(robot, "#ceremonyError").contains(expected));
    }
}
