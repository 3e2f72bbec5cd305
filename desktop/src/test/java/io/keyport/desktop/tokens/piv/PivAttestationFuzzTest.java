package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.piv.PivAttestationVerifier.PivAttestation;
import io.keyport.model.tuf.crypto.TufCrypto;
import java.security.PublicKey;
import java.time.Clock;

/**
 * What a card answers to ATTEST and to GET DATA for slot f9 is untrusted input: the attestation check
 * on any bytes in place of either certificate, or a genuine certificate with bytes changed, never
 * throws, and whatever it calls verified attests the expected key. The Yubico extension parser on any
 * bytes, and the reader of ykman's management key objects, return or throw
 * {@link IllegalArgumentException}, nothing else.
 */
class PivAttestationFuzzTest {

    private static final long SERIAL = 16180339;
    private static final PivSimulator SIMULATOR = new PivSimulator();
    private static final byte[] LEAF;
    private static final byte[] DEVICE;
    private static final PublicKey KEY;

    static {
        try (YubiKeyPivSource yubiKey = SIMULATOR.open(SIMULATOR.card(SERIAL))) {
            TokenKey key = yubiKey.generate(
                    new GenerateRequest("9c", KeyAlgorithm.ECDSA_P256, null, null), (token, tries) -> null);
            PivAttestation attestation = yubiKey.attest(key).orElseThrow();
            LEAF = attestation.chain().get(0).getEncoded();
            DEVICE = attestation.chain().get(1).getEncoded();
            KEY = TufCrypto.publicKey(key.publicKey());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final PivAttestationVerifier VERIFIER =
            new PivAttestationVerifier(SIMULATOR.trustAnchors(), Clock.systemUTC());

    @org.junit.jupiter.api.Test
    void theGenuineAttestationVerifies() {
        assertThat(VERIFIER.verify(LEAF, DEVICE, KEY, SERIAL).verified()).isTrue();
    }

    @FuzzTest(maxDuration = "10s")
    void anyCardAnswerIsCheckedNeverThrown(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 4);
        byte[] leaf = LEAF;
        byte[] device = DEVICE;
        switch (mode) {
            case 0 -> leaf = data.consumeRemainingAsBytes();
            case 1 -> device = data.consumeRemainingAsBytes();
            case 2 -> {
                leaf = LEAF.clone();
                int changes = data.consumeInt(1, 8);
                for (int i = 0; i < changes && data.remainingBytes() > 0; i++) {
                    leaf[data.consumeInt(0, leaf.length - 1)] = data.consumeByte();
                }
            }
            case 3 -> {
                byte[] object = data.consumeRemainingAsBytes();
                try {
                    PivmanData.managementKeyProtected(object);
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
                try {
                    assertThat(PivmanData.protectedManagementKey(object)).hasSizeBetween(16, 32);
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
                return;
            }
            default -> {
                byte[][] values = new byte[4][];
                for (int i = 0; i < values.length; i++) {
                    values[i] = data.consumeBoolean() ? data.consumeBytes(data.consumeInt(0, 16)) : null;
                }
                try {
                    YubicoAttestationExtensions.read(values[0], values[1], values[2], values[3]);
                } catch (IllegalArgumentException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
                return;
            }
        }

        PivAttestation result = VERIFIER.verify(leaf, device, KEY, SERIAL);

        assertThat(result.detail()).isNotBlank();
        if (result.verified()) {
            assertThat(result.chain().get(0).getPublicKey().getEncoded()).isEqualTo(KEY.getEncoded());
            assertThat(result.extensions().serial()).isEqualTo(SERIAL);
        }
    }
}
