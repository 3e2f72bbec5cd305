package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The online key's Bouncy Castle Ed25519 signer gives exactly the JDK provider's signatures. */
class Ed25519KeySignerTest {

    @Test
    void ed25519KeyFilesSignLikeTheJdkProvider() {
        String pem =
                KeyFiles.writePkcs8(KeyFiles.generate(SignatureScheme.ED25519).getPrivate());
        Signer fast = Ed25519KeySigner.of(pem);
        Signer jdk = KeyFiles.signer(pem);

        assertThat(fast).isInstanceOf(Ed25519KeySigner.class);
        assertThat(fast.publicKey()).isEqualTo(jdk.publicKey());
        for (String text : new String[] {"", "a", "{\"signed\":\"x\"}", "ü".repeat(70_000)}) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            assertThat(fast.sign(payload)).isEqualTo(jdk.sign(payload));
        }
        Metadata<Targets> md = Metadata.of(Targets.create(Instant.parse("2027-01-01T00:00:00Z")))
                .sign(fast);
        assertThat(TufCrypto.verify(
                        fast.publicKey(),
                        md.signedBytes(),
                        java.util.HexFormat.of().parseHex(md.signatures().get(0).sig())))
                .isTrue();
    }

    @Test
    void otherKeysKeepTheJcaSigner() {
        String pem = KeyFiles.writePkcs8(
                KeyFiles.generate(SignatureScheme.ECDSA_SHA2_NISTP256).getPrivate());

        Signer signer = Ed25519KeySigner.of(pem);

        assertThat(signer).isNotInstanceOf(Ed25519KeySigner.class);
        assertThat(signer.publicKey()).isEqualTo(KeyFiles.signer(pem).publicKey());
    }
}
