package io.keyport.desktop.tokens;

import io.keyport.model.tuf.Key;
import java.util.Objects;

/**
 * A key present on a token: where it sits ({@code slot}: a PIV slot such as {@code 9c}, a PKCS#11 label,
 * a file name), its type and its public key as TUF publishes it.
 */
public record TokenKey(String slot, KeyAlgorithm algorithm, Key publicKey) {
    public TokenKey {
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicKey, "publicKey");
    }
}
