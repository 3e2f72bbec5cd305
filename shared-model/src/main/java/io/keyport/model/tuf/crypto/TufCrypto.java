package io.keyport.model.tuf.crypto;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufException;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Converts TUF key objects to JCA keys and back, and signs and verifies with the {@link SignatureScheme}s,
 * using only the JDK's providers.
 *
 * <p>Verification follows securesystemslib: ECDSA signatures are DER; RSA-PSS signatures verify with any
 * salt length (securesystemslib signs with 32 bytes, Go with the maximum), which this class recovers
 * from the signature before the JDK verifies it with that length. Signing with RSA-PSS uses a 32-byte
 * salt, as securesystemslib does.
 */
public final class TufCrypto {

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private static final int PSS_SALT_LENGTH = 32;

    private TufCrypto() {}

    /**
     * The JCA public key of a TUF key.
     *
     * @throws TufException {@link TufException.Reason#UNSUPPORTED_KEY} for an unknown keytype or a value
     *     that does not decode
     */
    public static PublicKey publicKey(Key key) {
        try {
            return switch (key.keyType()) {
                case "ed25519" -> {
                    byte[] raw = HexFormat.of().parseHex(key.publicValue());
                    if (raw.length != 32) {
                        throw new IllegalArgumentException("an ed25519 key has 32 bytes, not " + raw.length);
                    }
                    byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + 32);
                    System.arraycopy(raw, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                    yield KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
                }
                case "ecdsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384" ->
                    KeyFactory.getInstance("EC")
                            .generatePublic(new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", key.publicValue())));
                case "rsa" ->
                    KeyFactory.getInstance("RSA")
                            .generatePublic(new X509EncodedKeySpec(Pem.decode("PUBLIC KEY", key.publicValue())));
                default ->
                    throw new TufException(TufException.Reason.UNSUPPORTED_KEY, "unsupported keytype " + key.keyType());
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new TufException(
                    TufException.Reason.UNSUPPORTED_KEY,
                    "cannot decode " + key.keyType() + " key: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The TUF key of a JCA public key: ed25519 as 64 hex characters, others as PEM SubjectPublicKeyInfo.
     *
     * @throws TufException {@link TufException.Reason#UNSUPPORTED_KEY} if the key does not fit the scheme
     */
    public static Key key(PublicKey publicKey, SignatureScheme scheme) {
        if (schemeFor(publicKey) != scheme) {
            throw new TufException(
                    TufException.Reason.UNSUPPORTED_KEY,
                    "a " + publicKey.getAlgorithm() + " key does not fit scheme " + scheme.id());
        }
        byte[] spki = publicKey.getEncoded();
        String value = scheme == SignatureScheme.ED25519
                ? HexFormat.of().formatHex(spki, spki.length - 32, spki.length)
                : Pem.encode("PUBLIC KEY", spki);
        return Key.of(scheme.keyType(), scheme.id(), value);
    }

    /**
     * The scheme Keyport uses for a public key: Ed25519, ECDSA by curve size (P-256, P-384), RSA-PSS.
     *
     * @throws TufException {@link TufException.Reason#UNSUPPORTED_KEY} for any other key
     */
    public static SignatureScheme schemeFor(PublicKey publicKey) {
        String algorithm = publicKey.getAlgorithm();
        if (algorithm.equals("Ed25519") || algorithm.equals("EdDSA")) {
            if (publicKey.getEncoded().length == ED25519_SPKI_PREFIX.length + 32) {
                return SignatureScheme.ED25519;
            }
        } else if (publicKey instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits == 256) {
                return SignatureScheme.ECDSA_SHA2_NISTP256;
            }
            if (bits == 384) {
                return SignatureScheme.ECDSA_SHA2_NISTP384;
            }
        } else if (isRsa(publicKey)) {
            return SignatureScheme.RSASSA_PSS_SHA256;
        }
        throw new TufException(TufException.Reason.UNSUPPORTED_KEY, "unsupported public key " + algorithm);
    }

    /**
     * Whether {@code signature} is a valid signature of {@code payload} by {@code key} under the key's
     * scheme. An unsupported scheme, a keytype that does not fit it, a key that does not decode and a
     * malformed signature all answer {@code false}.
     */
    public static boolean verify(Key key, byte[] payload, byte[] signature) {
        SignatureScheme scheme = SignatureScheme.of(key.scheme()).orElse(null);
        if (scheme == null || !scheme.acceptsKeyType(key.keyType()) || signature.length == 0) {
            return false;
        }
        try {
            PublicKey publicKey = publicKey(key);
            if (schemeFor(publicKey) != scheme) {
                return false; // e.g. a P-384 key under ecdsa-sha2-nistp256
            }
            java.security.Signature verifier = java.security.Signature.getInstance(scheme.jcaAlgorithm());
            if (scheme == SignatureScheme.RSASSA_PSS_SHA256) {
                int saltLength = pssSaltLength((RSAPublicKey) publicKey, signature);
                if (saltLength < 0) {
                    return false;
                }
                verifier.setParameter(pss(saltLength));
            }
            verifier.initVerify(publicKey);
            verifier.update(payload);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | TufException | IllegalArgumentException | ClassCastException e) {
            return false;
        }
    }

    /**
     * Signs with a private key under a scheme; {@code provider} is the JCA provider that holds the key
     * (a PKCS#11 provider), or {@code null} for the JDK's default.
     *
     * @throws TufException {@link TufException.Reason#SIGNER} if signing fails
     */
    public static byte[] sign(PrivateKey privateKey, SignatureScheme scheme, byte[] payload, Provider provider) {
        try {
            java.security.Signature signer = provider == null
                    ? java.security.Signature.getInstance(scheme.jcaAlgorithm())
                    : java.security.Signature.getInstance(scheme.jcaAlgorithm(), provider);
            if (scheme == SignatureScheme.RSASSA_PSS_SHA256) {
                signer.setParameter(pss(PSS_SALT_LENGTH));
            }
            signer.initSign(privateKey);
            signer.update(payload);
            return signer.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new TufException(
                    TufException.Reason.SIGNER, "signing with " + scheme.id() + " failed: " + e.getMessage(), e);
        }
    }

    private static boolean isRsa(PublicKey key) {
        return key instanceof RSAPublicKey;
    }

    private static PSSParameterSpec pss(int saltLength) {
        return new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, saltLength, 1);
    }

    /**
     * The salt length of an RSASSA-PSS (SHA-256, MGF1-SHA-256) signature, read from the encoded message
     * (RFC 8017 9.1.2 steps 1-10), or -1 if the signature is not a PSS encoding at all. The JDK then
     * verifies the signature with exactly this length.
     */
    static int pssSaltLength(RSAPublicKey key, byte[] signature) throws GeneralSecurityException {
        BigInteger n = key.getModulus();
        int k = (n.bitLength() + 7) / 8;
        BigInteger s = new BigInteger(1, signature);
        if (signature.length != k || s.compareTo(n) >= 0) {
            return -1;
        }
        int emBits = n.bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        byte[] m = s.modPow(key.getPublicExponent(), n).toByteArray();
        if (m.length > emLen && m[0] == 0) {
            m = Arrays.copyOfRange(m, m.length - emLen, m.length);
        }
        if (m.length > emLen) {
            return -1;
        }
        byte[] em = new byte[emLen];
        System.arraycopy(m, 0, em, emLen - m.length, m.length);
        int hLen = 32;
        if (emLen < hLen + 2 || (em[emLen - 1] & 0xff) != 0xbc) {
            return -1;
        }
        int dbLen = emLen - hLen - 1;
        byte[] h = Arrays.copyOfRange(em, dbLen, dbLen + hLen);
        byte[] mask = mgf1(h, dbLen);
        byte[] db = new byte[dbLen];
        for (int i = 0; i < dbLen; i++) {
            db[i] = (byte) (em[i] ^ mask[i]);
        }
        db[0] &= (byte) (0xff >>> (8 * emLen - emBits));
        int i = 0;
        while (i < dbLen && db[i] == 0) {
            i++;
        }
        if (i == dbLen || db[i] != 1) {
            return -1;
        }
        return dbLen - i - 1;
    }

    private static byte[] mgf1(byte[] seed, int length) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 32);
        for (int counter = 0; out.size() < length; counter++) {
            sha256.update(seed);
            sha256.update(ByteBuffer.allocate(4).putInt(counter).array());
            out.writeBytes(sha256.digest());
        }
        return Arrays.copyOf(out.toByteArray(), length);
    }
}
