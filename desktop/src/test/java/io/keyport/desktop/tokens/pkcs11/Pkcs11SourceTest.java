package io.keyport.desktop.tokens.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.testing.SoftHsm;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The PKCS#11 key source against real SoftHSM2 tokens, each initialised by the test. */
class Pkcs11SourceTest {

    private static final String PIN = SoftHsm.PIN;

    @Test
    void generatesKeysOnTheTokenListsThemAgainAndSignsWithThem() {
        Pkcs11Source.Location token = SoftHsm.newToken();
        TokenKey p256;
        TokenKey p384;
        try (Pkcs11Source source = Pkcs11Source.open(token, (t, tries) -> PIN.toCharArray())) {
            assertThat(source.info().kind()).isEqualTo(TokenKind.PKCS11);
            assertThat(source.info().rehearsalOnly()).isFalse();
            assertThat(source.keys()).isEmpty();
            p256 = source.generate(new GenerateRequest("root-p256", KeyAlgorithm.ECDSA_P256, null, null), null);
            p384 = source.generate(new GenerateRequest("root-p384", KeyAlgorithm.ECDSA_P384, null, null), null);
            assertThat(p256.publicKey().scheme()).isEqualTo("ecdsa-sha2-nistp256");
            assertThat(p384.publicKey().scheme()).isEqualTo("ecdsa-sha2-nistp384");
            assertThatThrownBy(() -> source.generate(
                            new GenerateRequest("root-p256", KeyAlgorithm.ECDSA_P256, null, null), null))
                    .hasMessageContaining("already holds a key named 'root-p256'");
            assertThatThrownBy(() -> source.generate(new GenerateRequest("ed", KeyAlgorithm.ED25519, null, null), null))
                    .isInstanceOfSatisfying(
                            TokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.UNSUPPORTED));
        }
        // a new session (another sitting) finds the keys on the token and signs with them
        try (Pkcs11Source source = Pkcs11Source.open(token, (t, tries) -> PIN.toCharArray())) {
            assertThat(source.keys()).extracting(TokenKey::slot).containsExactly("root-p256", "root-p384");
            assertThat(source.keys())
                    .extracting(k -> k.publicKey().keyId())
                    .containsExactly(p256.publicKey().keyId(), p384.publicKey().keyId());
            byte[] payload = "root v1".getBytes(StandardCharsets.UTF_8);
            Signer signer = source.signer(p384, null);
            assertThat(p384.publicKey().verify(payload, signer.sign(payload))).isTrue();
        }
    }

    @Test
    void aBlockedPinNamesWhoUnblocksItAndHow() {
        TokenException blocked =
                Pkcs11Source.loginFailure(new javax.security.auth.login.LoginException("login failed: CKR_PIN_LOCKED"));

        assertThat(blocked.reason()).isEqualTo(TokenException.Reason.PIN_BLOCKED);
        assertThat(blocked.triesLeft()).isZero();
        assertThat(blocked.getMessage())
                .startsWith("the PIN is blocked. Next: the security officer unblocks it with the SO PIN")
                .contains("then sign again");
    }

    @Test
    void aTokenPulledOutWhileItsKeysAreReadIsTokenRemovedWithTheNextStep() {
        // SoftHSM2 cannot be pulled out: the error as SunPKCS11 reports a removed device
        TokenException removed = Pkcs11Source.failure(
                "cannot open the key 'alice'",
                new java.security.KeyStoreException("load failed", new RuntimeException("CKR_DEVICE_REMOVED")));

        assertThat(removed.reason()).isEqualTo(TokenException.Reason.TOKEN_REMOVED);
        assertThat(removed.getMessage())
                .isEqualTo("cannot open the key 'alice': the token was removed. Next: insert it again and run this"
                        + " step again");
    }

    @Test
    void aWrongPinAnAbsentModuleAndACancelledPinNameTheNextStep() {
        Pkcs11Source.Location token = SoftHsm.newToken();
        assertThatThrownBy(() -> Pkcs11Source.open(token, (t, tries) -> "000000".toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.WRONG_PIN))
                .hasMessageContaining("wrong PIN")
                .hasMessageContaining("does not say through PKCS#11 how many tries are left")
                .hasMessageContaining("Next: enter the PIN again");
        assertThatThrownBy(() -> Pkcs11Source.open(token, (t, tries) -> null))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.CANCELLED));
        assertThatThrownBy(() -> Pkcs11Source.open(
                        new Pkcs11Source.Location(Path.of("/nonexistent/libnone.so"), 0, null),
                        (t, tries) -> PIN.toCharArray()))
                .isInstanceOfSatisfying(
                        TokenException.class, e -> assertThat(e.reason()).isEqualTo(TokenException.Reason.NO_TOKEN))
                .hasMessageContaining("install the token's driver");
    }
}
