package io.keyport.model.tuf.signer;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;

/**
 * A signer over a JCA private key, held in memory (key files) or by a provider (PKCS#11). Thread-safe:
 * each signature uses its own {@link java.security.Signature}.
 */
public final class PrivateKeySigner implements Signer {

    private final PrivateKey privateKey;
    private final SignatureScheme scheme;
    private final Key publicKey;
    private final Provider provider;

    /**
     * @param provider the provider that holds {@code privateKey}, or {@code null} for the JDK default
     */
    public PrivateKeySigner(PrivateKey privateKey, PublicKey publicKey, SignatureScheme scheme, Provider provider) {
        this.privateKey = privateKey;
        this.scheme = scheme;
        this.publicKey = TufCrypto.key(publicKey, scheme);
        this.provider = provider;
    }

    /** A signer with the default scheme of the key ({@link TufCrypto#schemeFor(PublicKey)}). */
    public static PrivateKeySigner of(PrivateKey privateKey, PublicKey publicKey) {
        return new PrivateKeySigner(privateKey, publicKey, TufCrypto.schemeFor(publicKey), null);
    }

    @Override
    public Key publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] payload) {
        return TufCrypto.sign(privateKey, scheme, payload, provider);
    }

    @Override
    public String toString() {
        return "PrivateKeySigner[" + scheme.id() + " " + keyId() + "]";
    }
}
