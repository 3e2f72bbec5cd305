package io.keyport.model.tuf.signer;

import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.Pem;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Private keys in PEM files: PKCS#8 ({@code PRIVATE KEY}) and encrypted PKCS#8
 * ({@code ENCRYPTED PRIVATE KEY}, PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC when Keyport writes it;
 * any PBES2 the JDK supports when it reads, which includes what OpenSSL and Node write). Ed25519, EC
 * P-256/P-384 and RSA keys. Nothing here touches the file system: callers read and write the text.
 *
 * <p>Key files are for the server's online key (encrypted at rest) and for development. Offline keys
 * belong on tokens ({@link Pkcs11Signer}).
 */
public final class KeyFiles {

    /** PBKDF2 iterations Keyport writes (OWASP 2023 guidance for PBKDF2-HMAC-SHA256). */
    public static final int PBKDF2_ITERATIONS = 600_000;

    private static final String PBES2 = "PBEWithHmacSHA256AndAES_256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFiles() {}

    /** A new key pair for a scheme (RSA with 3072 bits). */
    public static KeyPair generate(SignatureScheme scheme) {
        try {
            KeyPairGenerator generator;
            switch (scheme) {
                case ED25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
                case ECDSA_SHA2_NISTP256, ECDSA_SHA2_NISTP384 -> {
                    generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(
                            scheme == SignatureScheme.ECDSA_SHA2_NISTP256 ? "secp256r1" : "secp384r1"));
                }
                default -> {
                    generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(3072);
                }
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK generates " + scheme.id() + " keys", e);
        }
    }

    /** A signer for an unencrypted PKCS#8 PEM key, with the key's default scheme. */
    public static PrivateKeySigner signer(String pem) {
        PrivateKey key = readPkcs8(pem);
        return PrivateKeySigner.of(key, publicKeyOf(key));
    }

    /** A signer for an encrypted PKCS#8 PEM key. */
    public static PrivateKeySigner signer(String pem, char[] password) {
        PrivateKey key = readEncryptedPkcs8(pem, password);
        return PrivateKeySigner.of(key, publicKeyOf(key));
    }

    /**
     * Reads a {@code PRIVATE KEY} PEM block.
     *
     * @throws TufException {@link TufException.Reason#SIGNER} if it is not a supported PKCS#8 key
     */
    public static PrivateKey readPkcs8(String pem) {
        byte[] der;
        try {
            der = Pem.decode("PRIVATE KEY", pem);
        } catch (IllegalArgumentException e) {
            throw new TufException(TufException.Reason.SIGNER, "not a PKCS#8 PEM private key: " + e.getMessage(), e);
        }
        return decodePkcs8(der);
    }

    /**
     * Reads an {@code ENCRYPTED PRIVATE KEY} PEM block.
     *
     * @throws TufException {@link TufException.Reason#SIGNER} for a wrong password or an unsupported file
     */
    public static PrivateKey readEncryptedPkcs8(String pem, char[] password) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(Pem.decode("ENCRYPTED PRIVATE KEY", pem));
            AlgorithmParameters params = info.getAlgParameters();
            // For PBES2 the JDK names the combined algorithm in toString(), e.g. PBEWithHmacSHA256AndAES_256.
            String algorithm = params.toString().startsWith("PBEWith") ? params.toString() : info.getAlgName();
            SecretKey secret = SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, secret, params);
            return decodePkcs8(info.getKeySpec(cipher).getEncoded());
        } catch (GeneralSecurityException | java.io.IOException | IllegalArgumentException e) {
            throw new TufException(
                    TufException.Reason.SIGNER,
                    "cannot decrypt the key file (wrong password or unsupported encryption): " + e.getMessage(),
                    e);
        }
    }

    /** A private key as an unencrypted {@code PRIVATE KEY} PEM block. */
    public static String writePkcs8(PrivateKey key) {
        return Pem.encode("PRIVATE KEY", key.getEncoded());
    }

    /** A private key as an {@code ENCRYPTED PRIVATE KEY} PEM block ({@value #PBKDF2_ITERATIONS} iterations). */
    public static String writeEncryptedPkcs8(PrivateKey key, char[] password) {
        return writeEncryptedPkcs8(key, password, PBKDF2_ITERATIONS);
    }

    /** As {@link #writeEncryptedPkcs8(PrivateKey, char[])} with another iteration count. */
    public static String writeEncryptedPkcs8(PrivateKey key, char[] password, int iterations) {
        try {
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            RANDOM.nextBytes(salt);
            RANDOM.nextBytes(iv);
            PBEParameterSpec spec = new PBEParameterSpec(salt, iterations, new IvParameterSpec(iv));
            SecretKey secret = SecretKeyFactory.getInstance(PBES2).generateSecret(new PBEKeySpec(password));
            Cipher cipher = Cipher.getInstance(PBES2);
            cipher.init(Cipher.ENCRYPT_MODE, secret, spec);
            byte[] encrypted = cipher.doFinal(key.getEncoded());
            // under the generic PBES2 name, which EncryptedPrivateKeyInfo maps to its OID
            AlgorithmParameters pbes2 = AlgorithmParameters.getInstance("PBES2");
            pbes2.init(cipher.getParameters().getEncoded());
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(pbes2, encrypted);
            return Pem.encode("ENCRYPTED PRIVATE KEY", info.getEncoded());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TufException(TufException.Reason.SIGNER, "cannot encrypt the key: " + e.getMessage(), e);
        }
    }

    /**
     * The public key of a private key: from the CRT parameters (RSA), by regenerating the key pair from
     * its seed (Ed25519), or by multiplying the generator (EC, via ECDH, then choosing the point whose
     * signature verifies).
     */
    public static PublicKey publicKeyOf(PrivateKey key) {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof EdECPrivateKey ed) {
                byte[] seed = ed.getBytes().orElseThrow(() -> new GeneralSecurityException("no Ed25519 seed"));
                KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(NamedParameterSpec.ED25519, new FixedRandom(seed));
                return generator.generateKeyPair().getPublic();
            }
            if (key instanceof ECPrivateKey ec) {
                return ecPublicKey(ec);
            }
        } catch (GeneralSecurityException e) {
            throw new TufException(TufException.Reason.SIGNER, "cannot derive the public key: " + e.getMessage(), e);
        }
        throw new TufException(TufException.Reason.SIGNER, "unsupported private key " + key.getAlgorithm());
    }

    private static PublicKey ecPublicKey(ECPrivateKey key) throws GeneralSecurityException {
        ECParameterSpec params = key.getParams();
        KeyFactory factory = KeyFactory.getInstance("EC");
        PublicKey generator = factory.generatePublic(new ECPublicKeySpec(params.getGenerator(), params));
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(key);
        ecdh.doPhase(generator, true);
        BigInteger x = new BigInteger(1, ecdh.generateSecret());
        BigInteger p = ((java.security.spec.ECFieldFp) params.getCurve().getField()).getP();
        BigInteger rhs = x.pow(3)
                .add(params.getCurve().getA().multiply(x))
                .add(params.getCurve().getB())
                .mod(p);
        BigInteger y = rhs.modPow(p.add(BigInteger.ONE).shiftRight(2), p); // p = 3 mod 4 for P-256 and P-384
        SignatureScheme scheme = params.getCurve().getField().getFieldSize() == 384
                ? SignatureScheme.ECDSA_SHA2_NISTP384
                : SignatureScheme.ECDSA_SHA2_NISTP256;
        byte[] probe = "keyport public key probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] signature = TufCrypto.sign(key, scheme, probe, null);
        for (BigInteger candidate : new BigInteger[] {y, p.subtract(y)}) {
            PublicKey publicKey = factory.generatePublic(new ECPublicKeySpec(new ECPoint(x, candidate), params));
            java.security.Signature verifier = java.security.Signature.getInstance(scheme.jcaAlgorithm());
            verifier.initVerify(publicKey);
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return publicKey;
            }
        }
        throw new GeneralSecurityException("no point on the curve matches the private key");
    }

    private static PrivateKey decodePkcs8(byte[] der) {
        for (String algorithm : new String[] {"Ed25519", "EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new TufException(TufException.Reason.SIGNER, "not an Ed25519, EC or RSA PKCS#8 key");
    }

    /** Hands out a fixed seed: regenerates an Ed25519 key pair from its private key. */
    private static final class FixedRandom extends SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes");
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
            Arrays.fill(seed, (byte) 0);
        }
    }
}
