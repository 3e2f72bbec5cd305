package io.keyport.desktop.tokens.keyfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted key files as a rehearsal key source: generated, reopened with the password, refused without it. */
class KeyFileSourceTest {

    @Test
    void aGeneratedKeyIsWrittenEncryptedAndSignsAfterReopening(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("rehearsal.pem");
        TokenKey key;
        try (KeyFileSource source = KeyFileSource.open(file, (t, tries) -> "pw-1".toCharArray())) {
            assertThat(source.keys()).isEmpty();
            assertThat(source.info().kind()).isEqualTo(TokenKind.KEY_FILE);
            assertThat(source.info().rehearsalOnly()).isTrue();
            key = source.generate(new GenerateRequest("k", KeyAlgorithm.ECDSA_P256, null, null), null);
        }
        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        try (KeyFileSource source = KeyFileSource.open(file, (t, tries) -> "pw-1".toCharArray())) {
            assertThat(source.keys())
                    .extracting(k -> k.publicKey().keyId())
                    .containsExactly(key.publicKey().keyId());
            byte[] payload = "root".getBytes(StandardCharsets.UTF_8);
            assertThat(key.publicKey().verify(payload, source.signer(key, null).sign(payload)))
                    .isTrue();
            assertThatThrownBy(() -> source.generate(new GenerateRequest("k", KeyAlgorithm.ED25519, null, null), null))
                    .hasMessageContaining("exists already");
        }
        assertThatThrownBy(() -> KeyFileSource.open(file, (t, tries) -> "wrong".toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN))
                .hasMessageContaining("wrong password");
        assertThatThrownBy(() -> KeyFileSource.open(file, (t, tries) -> null))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.CANCELLED));
    }
}
