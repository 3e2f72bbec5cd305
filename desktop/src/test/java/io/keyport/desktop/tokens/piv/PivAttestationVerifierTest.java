package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.piv.PivAttestationVerifier.PivAttestation;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import io.keyport.model.tuf.signer.KeyFiles;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The attestation check on its own: a genuine attestation from the simulator verifies; the same
 * certificates with another key, another serial, at a time outside their validity, swapped, or as
 * garbage are refused with the reason.
 */
class PivAttestationVerifierTest {

    private static final long SERIAL = 27182818;

    private final PivSimulator simulator = new PivSimulator();
    private X509Certificate leaf;
    private X509Certificate device;
    private PublicKey key;

    @BeforeEach
    void attestAKey() {
        try (YubiKeyPivSource yubiKey = simulator.open(simulator.card(SERIAL))) {
            TokenKey generated = yubiKey.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, null, null), (token, tries) -> null);
            PivAttestation attestation = yubiKey.attest(generated).orElseThrow();
            leaf = attestation.chain().get(0);
            device = attestation.chain().get(1);
            key = TufCrypto.publicKey(generated.publicKey());
        }
    }

    private PivAttestationVerifier verifier(Instant at) {
        return new PivAttestationVerifier(simulator.trustAnchors(), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void aGenuineAttestationVerifiesAndSaysWhatTheCardWrote() throws Exception {
        PivAttestation result = verifier(Instant.now()).verify(leaf.getEncoded(), device.getEncoded(), key, SERIAL);

        assertThat(result.verified()).as(result.detail()).isTrue();
        assertThat(result.extensions())
                .isEqualTo(new YubicoAttestationExtensions("5.7.1", SERIAL, 3, 1, 1)); // 9c default: PIN ALWAYS
        assertThat(result.extensions().pinPolicyName()).isEqualTo("ALWAYS");
        assertThat(result.extensions().touchPolicyName()).isEqualTo("NEVER");
        assertThat(verifier(Instant.now()).verify(leaf, device, key, -1).verified())
                .as("serial unknown")
                .isTrue();
    }

    @Test
    void anotherKeyOrAnotherSerialIsRefused() {
        PublicKey other = KeyFiles.generate(SignatureScheme.ECDSA_SHA2_NISTP256).getPublic();

        assertThat(verifier(Instant.now()).verify(leaf, device, other, SERIAL).detail())
                .isEqualTo("the attested key is not the key in the slot");
        PivAttestation wrongSerial = verifier(Instant.now()).verify(leaf, device, key, SERIAL + 1);
        assertThat(wrongSerial.verified()).isFalse();
        assertThat(wrongSerial.detail()).contains("serial " + SERIAL);
    }

    @Test
    void certificatesOutsideTheirValidityAreRefused() {
        PivAttestation later =
                verifier(Instant.now().plus(Duration.ofDays(20 * 366))).verify(leaf, device, key, SERIAL);

        assertThat(later.verified()).isFalse();
        assertThat(later.detail()).contains("is not valid now");
    }

    @Test
    void anAttestationNotSignedByTheCardsAttestationKeyIsRefused() throws Exception {
        X509Certificate otherDevice;
        try (YubiKeyPivSource other = simulator.open(simulator.card(SERIAL + 7))) {
            TokenKey generated = other.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, null, null), (token, tries) -> null);
            otherDevice = other.attest(generated).orElseThrow().chain().get(1);
        }

        PivAttestation swapped = verifier(Instant.now()).verify(leaf, otherDevice, key, SERIAL);

        assertThat(swapped.verified()).isFalse();
        assertThat(swapped.detail()).contains("not signed by the card's attestation key");
        assertThat(verifier(Instant.now()).verify(leaf, leaf, key, SERIAL).verified())
                .isFalse();
    }

    @Test
    void garbageIsRefusedNotThrown() throws Exception {
        byte[] junk = HexFormat.of().parseHex("3003020101");

        assertThat(verifier(Instant.now())
                        .verify(junk, device.getEncoded(), key, SERIAL)
                        .detail())
                .startsWith("the attestation is not a certificate");
        assertThat(verifier(Instant.now())
                        .verify(leaf.getEncoded(), new byte[0], key, SERIAL)
                        .detail())
                .contains("slot f9");
    }

    @Test
    void malformedYubicoExtensionsAreRefused() {
        byte[] serial = HexFormat.of().parseHex("0406020401234567");
        assertThat(YubicoAttestationExtensions.read(null, serial, null, null).serial())
                .isEqualTo(0x01234567);
        for (String bad : new String[] {"0405020401234567", "04020500", "0403020180", "0306020401234567", "048102"}) {
            assertThatThrownBy(() -> YubicoAttestationExtensions.read(
                            null, HexFormat.of().parseHex(bad), null, null))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(
                        () -> YubicoAttestationExtensions.read(HexFormat.of().parseHex("04020507"), null, null, null))
                .hasMessageContaining("firmware");
        assertThatThrownBy(() -> YubicoAttestationExtensions.read(
                        null, null, HexFormat.of().parseHex("0401ff"), null))
                .hasMessageContaining("policy");
    }
}
