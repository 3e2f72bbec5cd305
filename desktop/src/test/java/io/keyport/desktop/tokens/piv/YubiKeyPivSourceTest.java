package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.tokens.Attestation;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.GenerateRequest.PinPolicy;
import io.keyport.desktop.tokens.GenerateRequest.TouchPolicy;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenException.Reason;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The YubiKey PIV source driven through yubikit's real {@code PivSession} against the card simulator:
 * keys made on the card, signatures that the shared model's TUF verifier accepts, PIN handling with
 * tries and the PUK, attestation to the trusted root only, and each failure named with its reason.
 */
class YubiKeyPivSourceTest {

    private static final byte[] PAYLOAD =
            "{\"signed\":{\"_type\":\"root\",\"version\":1}}".getBytes(StandardCharsets.UTF_8);

    private final PivSimulator simulator = new PivSimulator();

    private static PinSource pin(String value) {
        return (token, triesLeft) -> value.toCharArray();
    }

    private static GenerateRequest request(KeyAlgorithm algorithm) {
        return new GenerateRequest("9c", algorithm, PinPolicy.DEFAULT, TouchPolicy.DEFAULT);
    }

    /** A P-256 key generated in slot 9c of {@code card}, in a session closed again. */
    private TokenKey keyOn(SimulatedPivCard card) {
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            return yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN));
        }
    }

    @Test
    void opensTheCardAndReadsSerialAndFirmware() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(12345678))) {
            assertThat(yubiKey.info().kind()).isEqualTo(TokenKind.YUBIKEY_PIV);
            assertThat(yubiKey.info().serial()).isEqualTo("12345678");
            assertThat(yubiKey.info().firmware()).isEqualTo("5.7.1");
            assertThat(yubiKey.info().label()).isEqualTo("YubiKey 12345678");
            assertThat(yubiKey.info().rehearsalOnly()).isFalse();
            assertThat(yubiKey.keys()).isEmpty();
            assertThat(yubiKey.pinTriesLeft()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384", "ED25519"})
    void generatesOnTheCardAndSignsWhatTheTufVerifierAccepts(KeyAlgorithm algorithm) {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(request(algorithm), pin(PivSimulator.DEFAULT_PIN));

            assertThat(key.slot()).isEqualTo("9c");
            assertThat(key.publicKey().scheme()).isEqualTo(algorithm.tufScheme());
            assertThat(yubiKey.keys()).containsExactly(key);
            Signer signer = yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN));
            byte[] signature = signer.sign(PAYLOAD);

            assertThat(TufCrypto.verify(key.publicKey(), PAYLOAD, signature)).isTrue();
            assertThat(TufCrypto.verify(key.publicKey(), "other".getBytes(StandardCharsets.UTF_8), signature))
                    .isFalse();
            assertThat(signer.keyId()).isEqualTo(key.publicKey().keyId());
            assertThat(card.signatures()).isEqualTo(1);
        }
    }

    @Test
    void ecdsaSignaturesAreOverTheSchemesHashAsDer() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(PivSimulator.nextSerial()))) {
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ECDSA_P384), pin(PivSimulator.DEFAULT_PIN));
            byte[] signature =
                    yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD);

            assertThat(signature[0]).as("a DER SEQUENCE").isEqualTo((byte) 0x30);
            assertThat(YubiKeyPivSource.digest(SignatureScheme.ECDSA_SHA2_NISTP384, PAYLOAD))
                    .hasSize(48);
            assertThat(YubiKeyPivSource.digest(SignatureScheme.ED25519, PAYLOAD))
                    .isEqualTo(PAYLOAD);
        }
    }

    @Test
    void theChosenPoliciesAreWhatTheCardReports() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(PivSimulator.nextSerial()))) {
            TokenKey key = yubiKey.generate(
                    new GenerateRequest("9a", KeyAlgorithm.ECDSA_P256, PinPolicy.ONCE, TouchPolicy.ALWAYS),
                    pin(PivSimulator.DEFAULT_PIN));

            YubiKeyPivSource.SlotPolicy policy = yubiKey.policy(key).orElseThrow();
            assertThat(policy.pinPolicy()).isEqualTo(PinPolicy.ONCE);
            assertThat(policy.touchPolicy()).isEqualTo(TouchPolicy.ALWAYS);
            assertThat(policy.generatedOnCard()).isTrue();
        }
    }

    @Test
    void pinPolicyAlwaysAsksForEverySignatureAndOnceAsksOnce() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(PivSimulator.nextSerial()))) {
            TokenKey always = yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN));
            TokenKey once = yubiKey.generate(
                    new GenerateRequest("9d", KeyAlgorithm.ECDSA_P256, PinPolicy.ONCE, TouchPolicy.NEVER),
                    pin(PivSimulator.DEFAULT_PIN));
            AtomicInteger asked = new AtomicInteger();
            PinSource counting = (token, triesLeft) -> {
                asked.incrementAndGet();
                return PivSimulator.DEFAULT_PIN.toCharArray();
            };

            Signer alwaysSigner = yubiKey.signer(always, counting);
            alwaysSigner.sign(PAYLOAD);
            alwaysSigner.sign(PAYLOAD);
            assertThat(asked).hasValue(2);

            Signer onceSigner = yubiKey.signer(once, counting);
            asked.set(0);
            onceSigner.sign(PAYLOAD);
            onceSigner.sign(PAYLOAD);
            assertThat(asked).hasValue(0); // the PIN the 9c signature verified still holds for ONCE
        }
    }

    @Test
    void aWrongPinThreeTimesBlocksAndThePukUnblocks() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN));
            List<Integer> offeredTries = new ArrayList<>();
            PinSource wrong = (token, triesLeft) -> {
                offeredTries.add(triesLeft);
                return "999999".toCharArray();
            };
            Signer signer = yubiKey.signer(key, wrong);

            assertThatThrownBy(() -> signer.sign(PAYLOAD)).isInstanceOfSatisfying(TokenException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN);
                assertThat(e.triesLeft()).isEqualTo(2);
                assertThat(e.getMessage()).contains("2 tries left");
            });
            assertThatThrownBy(() -> signer.sign(PAYLOAD))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.triesLeft()).isEqualTo(1));
            assertThatThrownBy(() -> signer.sign(PAYLOAD)).isInstanceOfSatisfying(TokenException.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.PIN_BLOCKED);
                assertThat(e.getMessage()).contains("PUK");
            });
            assertThat(offeredTries).containsExactly(3, 2, 1);
            assertThat(card.pinTriesLeft()).isZero();

            // blocked: the right PIN is not even asked for
            assertThatThrownBy(() ->
                            yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_BLOCKED));
            assertThat(card.signatures()).isZero();

            assertThatThrownBy(() -> yubiKey.unblockPin("00000000".toCharArray(), "24681357".toCharArray()))
                    .isInstanceOfSatisfying(TokenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN);
                        assertThat(e.getMessage()).contains("PUK");
                        assertThat(e.triesLeft()).isEqualTo(2);
                    });
            yubiKey.unblockPin(PivSimulator.DEFAULT_PUK.toCharArray(), "24681357".toCharArray());
            byte[] signature = yubiKey.signer(key, pin("24681357")).sign(PAYLOAD);
            assertThat(TufCrypto.verify(key.publicKey(), PAYLOAD, signature)).isTrue();
        }
    }

    @Test
    void changesThePin() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(PivSimulator.nextSerial()))) {
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN));

            assertThatThrownBy(() -> yubiKey.changePin("654321".toCharArray(), "13572468".toCharArray()))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN));
            assertThatThrownBy(() -> yubiKey.changePin(PivSimulator.DEFAULT_PIN.toCharArray(), "123".toCharArray()))
                    .isInstanceOfSatisfying(
                            TokenException.class,
                            e -> assertThat(e.getMessage()).contains("6 to 8"));
            yubiKey.changePin(PivSimulator.DEFAULT_PIN.toCharArray(), "13572468".toCharArray());

            assertThatThrownBy(() ->
                            yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN));
            assertThat(yubiKey.signer(key, pin("13572468")).sign(PAYLOAD)).isNotEmpty();
        }
    }

    @Test
    void theAttestationVerifiesToTheTrustedRoot() {
        SimulatedPivCard card = simulator.card(31415926);
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, PinPolicy.ALWAYS, TouchPolicy.CACHED),
                    pin(PivSimulator.DEFAULT_PIN));

            Attestation attestation = yubiKey.attestation(key).orElseThrow();

            assertThat(attestation.verified()).as(attestation.detail()).isTrue();
            assertThat(attestation.chain()).hasSize(3);
            assertThat(attestation.chain().get(2)).isEqualTo(simulator.root());
            assertThat(attestation.detail())
                    .contains("serial 31415926", "firmware 5.7.1", "PIN policy ALWAYS", "touch policy CACHED");
            assertThat(yubiKey.attest(key).orElseThrow().extensions().serial()).isEqualTo(31415926);
        }
    }

    @Test
    void anAttestationToAnotherRootIsRefused() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        TokenKey key = keyOn(card);
        PivSimulator impostor = new PivSimulator("Keyport Test PIV Attestation Root"); // same name, other key
        for (PivTrustAnchors other : List.of(impostor.trustAnchors(), PivTrustAnchors.yubico())) {
            try (YubiKeyPivSource yubiKey = YubiKeyPivSource.open(card, other)) {
                Attestation attestation = yubiKey.attestation(key).orElseThrow();

                assertThat(attestation.verified()).isFalse();
                assertThat(attestation.detail()).contains("does not chain to a trusted attestation root");
            }
        }
    }

    @Test
    void anImportedKeyCannotBeAttested() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        card.importKey("9c", KeyFiles.generate(SignatureScheme.ECDSA_SHA2_NISTP256));
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.keys().get(0);

            Attestation attestation = yubiKey.attestation(key).orElseThrow();

            assertThat(attestation.verified()).isFalse();
            assertThat(attestation.detail()).contains("imported");
            assertThat(yubiKey.policy(key).orElseThrow().generatedOnCard()).isFalse();
        }
    }

    @Test
    void removalMidSignatureIsTokenRemovedAndNothingIsSigned() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        TokenKey key = keyOn(card);
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            card.pullOutDuringNextSignature();

            assertThatThrownBy(() ->
                            yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD))
                    .isInstanceOfSatisfying(TokenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TOKEN_REMOVED);
                        assertThat(e.getMessage()).contains("nothing was signed", "Insert it again");
                    });
            assertThat(card.signatures()).isZero();
            assertThatThrownBy(yubiKey::keys)
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOKEN_REMOVED));
        }
        assertThatThrownBy(() -> simulator.open(card))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_TOKEN));

        card.insert();
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            assertThat(yubiKey.keys()).containsExactly(key); // the key survived; sign again
            assertThat(TufCrypto.verify(
                            key.publicKey(),
                            PAYLOAD,
                            yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD)))
                    .isTrue();
        }
    }

    @Test
    void aTouchNotGivenInTimeIsNamed() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, PinPolicy.ONCE, TouchPolicy.ALWAYS),
                    pin(PivSimulator.DEFAULT_PIN));
            card.touchTimesOut(true);

            assertThatThrownBy(() ->
                            yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD))
                    .isInstanceOfSatisfying(TokenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.TOUCH_TIMEOUT);
                        assertThat(e.getMessage()).contains("touch");
                    });
            card.touchTimesOut(false);
            assertThat(yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD))
                    .isNotEmpty();
        }
    }

    @Test
    void cancellingThePinCancelsTheSignature() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN));

            assertThatThrownBy(() -> yubiKey.signer(key, (token, tries) -> null).sign(PAYLOAD))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANCELLED));
            assertThat(card.pinTriesLeft()).isEqualTo(3);
        }
    }

    @Test
    void ed25519NeedsFirmware57() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(PivSimulator.nextSerial(), 5, 4, 3))) {
            assertThatThrownBy(() -> yubiKey.generate(request(KeyAlgorithm.ED25519), pin(PivSimulator.DEFAULT_PIN)))
                    .isInstanceOfSatisfying(TokenException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
                        assertThat(e.getMessage()).contains("5.7");
                    });
            assertThatThrownBy(() -> yubiKey.generate(request(KeyAlgorithm.RSA_3072), pin(PivSimulator.DEFAULT_PIN)))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED));
        }
    }

    @Test
    void aCardWithoutSlotMetadataListsAndSignsWithItsKeys() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial(), 5, 2, 7);
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ECDSA_P384), pin(PivSimulator.DEFAULT_PIN));

            assertThat(yubiKey.keys()).containsExactly(key);
            assertThat(yubiKey.policy(key)).isEmpty();
            byte[] signature =
                    yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD);
            assertThat(TufCrypto.verify(key.publicKey(), PAYLOAD, signature)).isTrue();
            assertThat(yubiKey.attestation(key).orElseThrow().detail()).contains("firmware 5.2.7");
        }
    }

    @Test
    void aWrongManagementKeyIsRefusedAndNoKeyIsMade() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(PivSimulator.nextSerial()))) {
            yubiKey.managementKey(new byte[24]);

            assertThatThrownBy(() -> yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN)))
                    .isInstanceOfSatisfying(
                            TokenException.class,
                            e -> assertThat(e.getMessage()).contains("management key"));
            assertThat(yubiKey.keys()).isEmpty();
        }
    }

    @Test
    void aManagementKeyStoredPinProtectedOnTheCardIsUsedAfterThePin() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial());
        card.protectManagementKey(
                java.util.HexFormat.of().parseHex("00112233445566778899aabbccddeeff0011223344556677"));
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            assertThatThrownBy(() -> yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin("999999")))
                    .isInstanceOfSatisfying(
                            TokenException.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN));
            assertThat(yubiKey.keys()).isEmpty();

            AtomicInteger asked = new AtomicInteger();
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), (token, tries) -> {
                asked.incrementAndGet();
                return PivSimulator.DEFAULT_PIN.toCharArray();
            });

            assertThat(asked).hasValue(1);
            assertThat(yubiKey.keys()).containsExactly(key);
        }
    }

    @Test
    void aReaderWithoutExtendedApdusChainsCommandsAndResponses() {
        SimulatedPivCard card = simulator.card(PivSimulator.nextSerial()).shortApdusOnly();
        try (YubiKeyPivSource yubiKey = simulator.open(card)) {
            TokenKey key = yubiKey.generate(request(KeyAlgorithm.ED25519), pin(PivSimulator.DEFAULT_PIN));
            byte[] large = new byte[1200]; // Ed25519 sends the whole payload: several chained commands
            byte[] signature =
                    yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(large);

            assertThat(TufCrypto.verify(key.publicKey(), large, signature)).isTrue();
            assertThat(yubiKey.attestation(key).orElseThrow().verified()).isTrue(); // certificates > 256 bytes
        }
    }

    @Test
    void aSignatureFromAnotherCardIsRefused() {
        SimulatedPivCard first = simulator.card(PivSimulator.nextSerial());
        SimulatedPivCard second = simulator.card(PivSimulator.nextSerial());
        TokenKey key = keyOn(first);
        try (YubiKeyPivSource yubiKey = simulator.open(second)) {
            yubiKey.generate(request(KeyAlgorithm.ECDSA_P256), pin(PivSimulator.DEFAULT_PIN));

            assertThatThrownBy(() ->
                            yubiKey.signer(key, pin(PivSimulator.DEFAULT_PIN)).sign(PAYLOAD))
                    .isInstanceOfSatisfying(
                            TokenException.class,
                            e -> assertThat(e.getMessage()).contains("not the YubiKey that holds the key"));
        }
    }
}
