package io.keyport.model.tuf.signer;

import io.keyport.model.tuf.Key;

/**
 * Something that signs TUF metadata with one key: a key file, a PKCS#11 token or HSM, later a YubiKey.
 * The server's online key and the console's offline keys are both signers, so metadata code never sees
 * where a key lives.
 *
 * <p>Contract: {@link #sign(byte[])} returns the raw signature (DER for ECDSA, 64 bytes for Ed25519) of
 * exactly the given bytes under {@link #scheme()}, verifiable with {@link #publicKey()}. It may block
 * (a token waiting for touch) and must be safe to call from one thread at a time; implementations say
 * if they allow more.
 */
public interface Signer {

    /** The keyid of {@link #publicKey()} as the role lists it (by default the key's {@link Key#keyId()}). */
    default String keyId() {
        return publicKey().keyId();
    }

    /** The TUF scheme name, e.g. {@code ed25519}. */
    default String scheme() {
        return publicKey().scheme();
    }

    /** The public key as TUF publishes it. */
    Key publicKey();

    /**
     * Signs {@code payload}.
     *
     * @throws io.keyport.model.tuf.TufException {@link io.keyport.model.tuf.TufException.Reason#SIGNER} if
     *     the key cannot sign (token removed, PIN refused)
     */
    byte[] sign(byte[] payload);

    /**
     * This signer as a role lists its key: under {@code keyId}, with the key object as published (which
     * may carry extra fields such as {@code x-rstuf-key-name} or {@code x-tuf-on-ci-keyowner}, and so
     * another keyid, see {@link Key#coreKeyId()}).
     *
     * @throws IllegalArgumentException if {@code published} is another key, or {@code keyId} is neither
     *     definition of its keyid
     */
    default Signer asPublished(String keyId, Key published) {
        if (!published.coreKeyId().equals(publicKey().coreKeyId())) {
            throw new IllegalArgumentException("the published key " + keyId + " is not this signer's key");
        }
        if (!published.matchesKeyId(keyId)) {
            throw new IllegalArgumentException("keyid " + keyId + " does not belong to the published key");
        }
        Signer self = this;
        return new Signer() {
            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Key publicKey() {
                return published;
            }

            @Override
            public byte[] sign(byte[] payload) {
                return self.sign(payload);
            }
        };
    }
}
