package io.keyport.model.tuf.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Sign and verify with every scheme; key encodings as TUF publishes them; bad signatures answer false. */
class SignatureSchemeTest {

    private static final byte[] PAYLOAD = "{\"_type\":\"timestamp\"}".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void signatureRoundTrip(SignatureScheme scheme) {
        KeyPair pair = KeyFiles.generate(scheme);
        PrivateKeySigner signer = new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), scheme, null);
        Key key = signer.publicKey();
        assertThat(key.scheme()).isEqualTo(scheme.id());
        assertThat(key.keyType()).isEqualTo(scheme.keyType());
        assertThat(signer.scheme()).isEqualTo(scheme.id());
        assertThat(signer.keyId()).isEqualTo(key.keyId());

        byte[] signature = signer.sign(PAYLOAD);
        assertThat(key.verify(PAYLOAD, signature)).isTrue();
        assertThat(key.verify("{}".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        byte[] flipped = signature.clone();
        flipped[flipped.length / 2] ^= 1;
        assertThat(key.verify(PAYLOAD, flipped)).isFalse();
        assertThat(key.verify(PAYLOAD, new byte[0])).isFalse();
        // the published key decodes to the same JCA key
        assertThat(key.toPublicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void ed25519PublicKeyIs64HexCharactersAndSignatureIs64Bytes() {
        PrivateKeySigner signer = newSigner(SignatureScheme.ED25519);
        assertThat(signer.publicKey().publicValue()).matches("[0-9a-f]{64}");
        assertThat(signer.sign(PAYLOAD)).hasSize(64);
    }

    @Test
    void ecdsaAndRsaKeysArePemSubjectPublicKeyInfoWith64CharacterLines() {
        for (SignatureScheme scheme : new SignatureScheme[] {
            SignatureScheme.ECDSA_SHA2_NISTP256, SignatureScheme.ECDSA_SHA2_NISTP384, SignatureScheme.RSASSA_PSS_SHA256
        }) {
            String pem = newSigner(scheme).publicKey().publicValue();
            assertThat(pem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("\n-----END PUBLIC KEY-----\n");
            pem.lines().forEach(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        }
    }

    @Test
    void ecdsaSignatureIsDer() {
        byte[] signature = newSigner(SignatureScheme.ECDSA_SHA2_NISTP256).sign(PAYLOAD);
        assertThat(signature[0]).isEqualTo((byte) 0x30); // DER SEQUENCE of r and s
        assertThat(signature[1] & 0xff).isEqualTo(signature.length - 2);
    }

    @Test
    void aKeyUnderTheWrongSchemeNeverVerifies() {
        PrivateKeySigner p384 = newSigner(SignatureScheme.ECDSA_SHA2_NISTP384);
        byte[] signature = p384.sign(PAYLOAD);
        Key asP256 = Key.of("ecdsa", "ecdsa-sha2-nistp256", p384.publicKey().publicValue());
        assertThat(asP256.verify(PAYLOAD, signature)).isFalse();
        Key wrongType = Key.of("rsa", "ecdsa-sha2-nistp384", p384.publicKey().publicValue());
        assertThat(wrongType.verify(PAYLOAD, signature)).isFalse();
        Key unknownScheme =
                Key.of("ecdsa", "ecdsa-sha2-nistp521", p384.publicKey().publicValue());
        assertThat(unknownScheme.verify(PAYLOAD, signature)).isFalse();
        // the legacy keytype spelling is accepted
        Key legacy = Key.of(
                "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384", p384.publicKey().publicValue());
        assertThat(legacy.verify(PAYLOAD, signature)).isTrue();
    }

    @Test
    void rsaPssVerifiesWhateverTheSaltLength() throws Exception {
        KeyPair pair = KeyFiles.generate(SignatureScheme.RSASSA_PSS_SHA256);
        Key key = Key.of(pair.getPublic(), SignatureScheme.RSASSA_PSS_SHA256);
        int modulusBytes = (((RSAPublicKey) pair.getPublic()).getModulus().bitLength() + 7) / 8;
        for (int salt : new int[] {0, 20, 32, 64, modulusBytes - 32 - 2}) {
            Signature jdk = Signature.getInstance("RSASSA-PSS");
            jdk.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, salt, 1));
            jdk.initSign(pair.getPrivate());
            jdk.update(PAYLOAD);
            byte[] signature = jdk.sign();
            assertThat(TufCrypto.pssSaltLength((RSAPublicKey) pair.getPublic(), signature))
                    .isEqualTo(salt);
            assertThat(key.verify(PAYLOAD, signature)).as("salt %d", salt).isTrue();
        }
        // a PKCS#1 v1.5 signature is not a PSS encoding
        Signature pkcs1 = Signature.getInstance("SHA256withRSA");
        pkcs1.initSign(pair.getPrivate());
        pkcs1.update(PAYLOAD);
        assertThat(key.verify(PAYLOAD, pkcs1.sign())).isFalse();
    }

    @Test
    void undecodableKeysAreUnsupported() {
        assertThatThrownBy(() -> Key.of("ed25519", "ed25519", "abcd").toPublicKey())
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.Reason.UNSUPPORTED_KEY));
        assertThatThrownBy(
                        () -> Key.of("ecdsa", "ecdsa-sha2-nistp256", "not pem").toPublicKey())
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() -> Key.of("sigstore-oidc", "Fulcio", "x").toPublicKey())
                .isInstanceOf(TufException.class);
        assertThat(Key.of("ed25519", "ed25519", "zz").verify(PAYLOAD, new byte[64]))
                .isFalse();
    }

    private static PrivateKeySigner newSigner(SignatureScheme scheme) {
        KeyPair pair = KeyFiles.generate(scheme);
        return new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), scheme, null);
    }
}
