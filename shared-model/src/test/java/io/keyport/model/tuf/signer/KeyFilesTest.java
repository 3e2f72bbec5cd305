package io.keyport.model.tuf.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PEM PKCS#8 key files, plain and encrypted: written and read back for every scheme, and read as Node
 * (OpenSSL) wrote them for the tuf-js fixture, whose published keys they must match.
 */
class KeyFilesTest {

    private static final byte[] PAYLOAD = "payload".getBytes(StandardCharsets.UTF_8);

    private static String fixture(String file) throws IOException {
        try (InputStream in = KeyFilesTest.class.getResourceAsStream("/io/keyport/model/tuf/tufjs/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureScheme.class)
    void plainKeyFileRoundTripAndPublicKeyDerivation(SignatureScheme scheme) {
        KeyPair pair = KeyFiles.generate(scheme);
        String pem = KeyFiles.writePkcs8(pair.getPrivate());
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        PrivateKeySigner signer = KeyFiles.signer(pem);
        assertThat(signer.publicKey()).isEqualTo(Key.of(pair.getPublic(), scheme));
        assertThat(signer.publicKey().verify(PAYLOAD, signer.sign(PAYLOAD))).isTrue();
    }

    @Test
    void encryptedKeyFileRoundTrip() {
        KeyPair pair = KeyFiles.generate(SignatureScheme.ECDSA_SHA2_NISTP384);
        char[] password = "s3cret pässword".toCharArray();
        String pem = KeyFiles.writeEncryptedPkcs8(pair.getPrivate(), password);
        assertThat(pem).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n").doesNotContain("PRIVATE KEY-----\nMIG");
        PrivateKeySigner signer = KeyFiles.signer(pem, password);
        assertThat(signer.publicKey()).isEqualTo(Key.of(pair.getPublic(), SignatureScheme.ECDSA_SHA2_NISTP384));
        assertThatThrownBy(() -> KeyFiles.signer(pem, "wrong".toCharArray()))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.Reason.SIGNER));
        assertThatThrownBy(() -> KeyFiles.signer(pem)).isInstanceOf(TufException.class);
    }

    @Test
    void nodeWrittenKeysMatchTheKeysTheirRepositoryPublishes() throws IOException {
        // the online ed25519 key signs timestamp, snapshot and targets in the tuf-js fixture
        PrivateKeySigner online = KeyFiles.signer(fixture("online-ed25519.pem"));
        Root root = Metadata.fromBytes(fixture("1.root.json").getBytes(StandardCharsets.UTF_8), Root.class)
                .signed();
        assertThat(root.role("timestamp").keyIds()).containsExactly(online.keyId());
        assertThat(root.keys().get(online.keyId())).isEqualTo(online.publicKey());

        // the P-256 root key, encrypted by Node/OpenSSL (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC)
        PrivateKeySigner rootB = KeyFiles.signer(fixture("rootB-p256-encrypted.pem"), "correct horse".toCharArray());
        var published = TufJson.parse(fixture("rootB-p256.pub.json").getBytes(StandardCharsets.UTF_8));
        // byte-identical PEM: same 64-character lines and final newline as OpenSSL writes
        assertThat(rootB.publicKey().publicValue())
                .isEqualTo(published.get("keyval").get("public").textValue());
        assertThat(root.keys()).containsKey(rootB.keyId());
        assertThat(rootB.publicKey().verify(PAYLOAD, rootB.sign(PAYLOAD))).isTrue();
    }

    @Test
    void notAKeyFile() {
        assertThatThrownBy(() -> KeyFiles.signer("hello")).isInstanceOf(TufException.class);
        assertThatThrownBy(() -> KeyFiles.signer("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .isInstanceOf(TufException.class);
    }
}
