package io.keyport.desktop.tokens;

import io.keyport.model.tuf.signer.Signer;
import java.util.List;
import java.util.Optional;

/**
 * One token (or key file) a key holder brought to the ceremony. Implementations: YubiKey PIV, PKCS#11,
 * encrypted key files. Methods may block (touch, PIN entry) and throw {@link TokenException} with a
 * reason that names the next step.
 */
public interface KeySource extends AutoCloseable {

    TokenInfo info();

    /** The keys present, in slot order. */
    List<TokenKey> keys();

    /** Creates a key on the device (never outside it) and returns it. */
    TokenKey generate(GenerateRequest request, PinSource pin);

    /** A signer for {@code key}; the PIN is asked through {@code pin} when the token needs it. */
    Signer signer(TokenKey key, PinSource pin);

    /** The key's attestation, when the token can attest keys it generated. */
    Optional<Attestation> attestation(TokenKey key);

    @Override
    void close();
}
