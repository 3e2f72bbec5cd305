package io.keyport.desktop.ceremonies;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.ceremony.KeySources;
import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.piv.PivSimulator;
import io.keyport.desktop.tokens.piv.SimulatedPivCard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard's YubiKey parts without the FX thread, on simulated YubiKeys (yubikit's real PIV session
 * code runs against {@link PivSimulator}): the PIN and touch policy chosen for a generated key and the
 * policies the card then reports, and the token actions change PIN and unblock with PUK.
 */
class CeremoniesYubiKeyViewModelTest {

    private static final String READER = "Yubico YubiKey OTP+FIDO+CCID 00";
    private static final String NEW_PIN = "24681357";

    private final PivSimulator simulator = new PivSimulator();
    private final Map<String, SimulatedPivCard> readers = new LinkedHashMap<>();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    private static PinSource pin(String value) {
        return (token, tries) -> value.toCharArray();
    }

    private CeremoniesViewModel wizard(Path dir) throws Exception {
        CeremoniesViewModel vm = new CeremoniesViewModel(
                new DirectTaskExecutor(),
                clock,
                KeySourceFactories.standard(
                        () -> new KeySources(PivSimulator.readers(readers), simulator.trustAnchors())),
                Optional.empty(),
                "operator",
                pin(PivSimulator.DEFAULT_PIN));
        vm.ceremonyFile().set(dir.resolve("bootstrap.json").toString());
        vm.inputFile().set(PendingRoots.onlineKey(dir).toString());
        vm.startBootstrap();
        assertThat(vm.error().get()).isEmpty();
        return vm;
    }

    /** Puts a fresh YubiKey in the only reader and makes {@code name} its holder in the wizard. */
    private SimulatedPivCard insert(CeremoniesViewModel vm, String name) {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        readers.clear();
        readers.put(READER, card);
        vm.holder().set(name);
        vm.source().set(vm.sources().get(2));
        vm.location().set(READER);
        return card;
    }

    /** Adds alice and bob on two YubiKeys (threshold 2); alice's card is back in the reader afterwards. */
    private SimulatedPivCard twoHolders(CeremoniesViewModel vm) {
        SimulatedPivCard alice = insert(vm, "alice");
        vm.addHolder();
        insert(vm, "bob");
        vm.addHolder();
        assertThat(vm.error().get()).isEmpty();
        readers.put(READER, alice);
        vm.holder().set("alice");
        vm.generate().set(false);
        return alice;
    }

    @Test
    void theChosenPinAndTouchPolicyReachTheCardAndTheWizardShowsWhatTheCardReports(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = wizard(dir);
        assertThat(vm.pinPolicy().get()).isEqualTo(GenerateRequest.PinPolicy.DEFAULT);
        assertThat(vm.touchPolicy().get()).isEqualTo(GenerateRequest.TouchPolicy.DEFAULT);
        assertThat(TokenActions.describe(GenerateRequest.PinPolicy.DEFAULT)).isEqualTo("default (always)");
        assertThat(TokenActions.describe(GenerateRequest.TouchPolicy.DEFAULT)).isEqualTo("default (never)");

        insert(vm, "alice");
        vm.pinPolicy().set(GenerateRequest.PinPolicy.ONCE);
        vm.touchPolicy().set(GenerateRequest.TouchPolicy.ALWAYS);
        vm.addHolder();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.attestation().get()).startsWith("alice: Attestation verified");
        assertThat(vm.policy().get())
                .isEqualTo("alice: the YubiKey reports PIN once, touch always, key generated on the card");

        insert(vm, "bob");
        vm.pinPolicy().set(GenerateRequest.PinPolicy.DEFAULT);
        vm.touchPolicy().set(GenerateRequest.TouchPolicy.DEFAULT);
        vm.addHolder();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.policy().get())
                .isEqualTo("bob: the YubiKey reports PIN always, touch never, key generated on"
                        + " the card"); // the card's defaults for slot 9c, as the command line leaves them

        vm.source().set(vm.sources().get(1)); // a key file: no PIV policies to report
        vm.holder().set("carol");
        vm.location().set(dir.resolve("carol.pem").toString());
        vm.pins(pin("rehearsal-password"));
        vm.addHolder();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.policy().get()).isEmpty();
    }

    @Test
    void aBlockedPinIsUnblockedWithThePukAfterAWrongPukShowsTheTriesLeftThenTheHolderSigns(@TempDir Path dir)
            throws Exception {
        CeremoniesViewModel vm = wizard(dir);
        SimulatedPivCard card = twoHolders(vm);
        vm.pins(pin("654321"));
        for (int i = 0; i < 3; i++) {
            vm.sign();
        }
        assertThat(vm.error().get()).contains("The PIN is blocked").contains("PUK");
        assertThat(card.pinTriesLeft()).isZero();

        vm.unblockPin(NEW_PIN.toCharArray(), NEW_PIN.toCharArray(), NEW_PIN.toCharArray());
        assertThat(vm.error().get())
                .contains("Could not unblock the PIN: Wrong PUK (2 tries left before the PUK blocks too)")
                .contains("Next: enter the PUK again");

        vm.unblockPin(PivSimulator.DEFAULT_PUK.toCharArray(), NEW_PIN.toCharArray(), "24681358".toCharArray());
        assertThat(vm.error().get()).contains("the new PIN and its repetition differ");
        assertThat(card.pinTriesLeft()).isZero(); // the card was not even asked

        vm.unblockPin(PivSimulator.DEFAULT_PUK.toCharArray(), NEW_PIN.toCharArray(), NEW_PIN.toCharArray());
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.message().get()).contains("is unblocked and set anew (3 tries)");

        vm.pins(pin(NEW_PIN));
        vm.sign();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.message().get()).isEqualTo("alice signed; the signature verified");
        assertThat(vm.missing()).singleElement().asString().contains("1 of 2");
    }

    @Test
    void changingThePinNamesTheTriesLeftWhenTheCurrentPinIsWrongThenTheNewPinSigns(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = wizard(dir);
        twoHolders(vm);

        vm.changePin("654321".toCharArray(), NEW_PIN.toCharArray(), NEW_PIN.toCharArray());
        assertThat(vm.error().get()).contains("Could not change the PIN: Wrong PIN (2 tries left)");

        vm.changePin(PivSimulator.DEFAULT_PIN.toCharArray(), NEW_PIN.toCharArray(), NEW_PIN.toCharArray());
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.message().get()).contains("is changed");

        vm.pins(pin(PivSimulator.DEFAULT_PIN));
        vm.sign();
        assertThat(vm.error().get()).contains("Wrong PIN");
        vm.pins(pin(NEW_PIN));
        vm.sign();
        assertThat(vm.message().get()).isEqualTo("alice signed; the signature verified");

        vm.source().set(vm.sources().get(0));
        vm.changePin(NEW_PIN.toCharArray(), "13572468".toCharArray(), "13572468".toCharArray());
        assertThat(vm.error().get()).contains("PIN changes here are for YubiKeys");
    }
}
