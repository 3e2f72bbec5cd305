package io.keyport.desktop.tokens.pkcs11;

import io.keyport.desktop.tokens.Attestation;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Any PKCS#11 token or HSM through the JDK's SunPKCS11 provider: YubiHSM 2, Nitrokey HSM,
 * SmartCard-HSM, a YubiKey through ykcs11, SoftHSM2 for rehearsals and tests. {@link #open} loads the
 * module for one slot and logs in with the user PIN once (the key holder enters it when the token is
 * inserted); keys are listed, generated and used in that session, and {@link #close()} logs out.
 *
 * <p>A key is generated on the token ({@code CKA_TOKEN}, {@code CKA_SENSITIVE}, not extractable) and
 * gets a self-signed certificate under the same label, because SunPKCS11 lists only private keys with a
 * certificate. ECDSA P-256/P-384 and RSA 3072; Ed25519 is not offered (SunPKCS11 cannot sign with it).
 * PKCS#11 tokens have no attestation Keyport can check, so {@link #attestation} is empty.
 */
public final class Pkcs11Source implements KeySource {

    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    /** Where the token is: the module (shared library) and the slot id, and a label people recognise. */
    public record Location(Path module, long slot, String label) {
        public Location {
            if (label == null || label.isBlank()) {
                label = "PKCS#11 slot " + slot;
            }
        }
    }

    private final Location location;
    private final Provider provider;
    private final KeyStore store;

    private Pkcs11Source(Location location, Provider provider, KeyStore store) {
        this.location = location;
        this.provider = provider;
        this.store = store;
    }

    /**
     * Loads the module, opens the slot and logs in with the PIN {@code pin} gives.
     *
     * @throws TokenException NO_TOKEN (module or slot missing), WRONG_PIN, PIN_BLOCKED, CANCELLED
     */
    public static Pkcs11Source open(Location location, PinSource pin) {
        if (!Files.isRegularFile(location.module())) {
            throw new TokenException(
                    TokenException.Reason.NO_TOKEN,
                    "no PKCS#11 module at " + location.module() + ": install the token's driver or give its path");
        }
        Provider provider = provider(location);
        TokenInfo info = info(location);
        char[] secret = pin.pin(info, -1);
        if (secret == null) {
            throw new TokenException(TokenException.Reason.CANCELLED, "PIN entry cancelled");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS11", provider);
            store.load(null, secret);
            return new Pkcs11Source(location, provider, store);
        } catch (Exception e) {
            throw loginFailure(e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @Override
    public TokenInfo info() {
        return info(location);
    }

    private static TokenInfo info(Location location) {
        return new TokenInfo(
                TokenKind.PKCS11,
                location.label(),
                "slot " + location.slot(),
                location.module().toString(),
                false);
    }

    @Override
    public synchronized List<TokenKey> keys() {
        try {
            List<TokenKey> out = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) != null) {
                    tokenKey(alias, store.getCertificate(alias).getPublicKey()).ifPresent(out::add);
                }
            }
            out.sort(java.util.Comparator.comparing(TokenKey::slot));
            return out;
        } catch (Exception e) {
            throw failure("cannot list the token's keys", e);
        }
    }

    @Override
    public synchronized TokenKey generate(GenerateRequest request, PinSource pin) {
        try {
            if (store.containsAlias(request.slot())) {
                throw new TokenException(
                        TokenException.Reason.FAILED,
                        "the token already holds a key named '" + request.slot() + "': choose it or another name");
            }
            KeyPairGenerator generator;
            switch (request.algorithm()) {
                case ECDSA_P256, ECDSA_P384 -> {
                    generator = KeyPairGenerator.getInstance("EC", provider);
                    generator.initialize(new ECGenParameterSpec(
                            request.algorithm() == KeyAlgorithm.ECDSA_P256 ? "secp256r1" : "secp384r1"));
                }
                case RSA_3072 -> {
                    generator = KeyPairGenerator.getInstance("RSA", provider);
                    generator.initialize(3072);
                }
                default ->
                    throw new TokenException(
                            TokenException.Reason.UNSUPPORTED,
                            "PKCS#11 tokens sign with ECDSA P-256/P-384 or RSA here; choose one of those");
            }
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X509Certificate certificate = SelfSignedCertificate.create(
                    pair, provider, request.slot(), now, now.plus(Duration.ofDays(3650 * 2)));
            store.setKeyEntry(request.slot(), pair.getPrivate(), null, new Certificate[] {certificate});
            return tokenKey(request.slot(), pair.getPublic()).orElseThrow();
        } catch (TokenException e) {
            throw e;
        } catch (Exception e) {
            throw failure("the token could not generate the key", e);
        }
    }

    @Override
    public synchronized Signer signer(TokenKey key, PinSource pin) {
        try {
            java.security.Key found = store.getKey(key.slot(), null);
            Certificate certificate = store.getCertificate(key.slot());
            if (!(found instanceof PrivateKey privateKey) || certificate == null) {
                throw new TokenException(
                        TokenException.Reason.FAILED,
                        "the token holds no key named '" + key.slot() + "'; keys there: " + aliases());
            }
            PublicKey publicKey = certificate.getPublicKey();
            SignatureScheme scheme = TufCrypto.schemeFor(publicKey);
            PrivateKeySigner signer = new PrivateKeySigner(privateKey, publicKey, scheme, provider);
            if (!signer.publicKey().coreKeyId().equals(key.publicKey().coreKeyId())) {
                throw new TokenException(
                        TokenException.Reason.FAILED,
                        "the key named '" + key.slot() + "' on this token is another key than the one expected");
            }
            return new TokenSigner(signer);
        } catch (TokenException e) {
            throw e;
        } catch (Exception e) {
            throw failure("cannot open the key '" + key.slot() + "'", e);
        }
    }

    @Override
    public Optional<Attestation> attestation(TokenKey key) {
        return Optional.empty();
    }

    /** Logs out of the token. */
    @Override
    public void close() {
        if (provider instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (Exception e) {
                // already logged out, or the token is gone: nothing left to release
            }
        }
    }

    private List<String> aliases() throws java.security.KeyStoreException {
        return Collections.list(store.aliases());
    }

    private static Optional<TokenKey> tokenKey(String alias, PublicKey publicKey) {
        SignatureScheme scheme;
        try {
            scheme = TufCrypto.schemeFor(publicKey);
        } catch (TufException e) {
            return Optional.empty();
        }
        KeyAlgorithm algorithm = switch (scheme) {
            case ECDSA_SHA2_NISTP256 -> KeyAlgorithm.ECDSA_P256;
            case ECDSA_SHA2_NISTP384 -> KeyAlgorithm.ECDSA_P384;
            case RSASSA_PSS_SHA256 -> KeyAlgorithm.RSA_3072;
            default -> null;
        };
        if (algorithm == null) {
            return Optional.empty();
        }
        return Optional.of(new TokenKey(alias, algorithm, Key.of(publicKey, scheme)));
    }

    /** Signs on the token, one operation at a time, and names a pulled token as such. */
    private static final class TokenSigner implements Signer {
        private final PrivateKeySigner signer;

        TokenSigner(PrivateKeySigner signer) {
            this.signer = signer;
        }

        @Override
        public Key publicKey() {
            return signer.publicKey();
        }

        @Override
        public synchronized byte[] sign(byte[] payload) {
            try {
                return signer.sign(payload);
            } catch (RuntimeException e) {
                String text = chain(e);
                if (text.contains("CKR_DEVICE_REMOVED")
                        || text.contains("CKR_TOKEN_NOT_PRESENT")
                        || text.contains("CKR_SESSION_HANDLE_INVALID")) {
                    throw new TokenException(
                            TokenException.Reason.TOKEN_REMOVED,
                            "the token was removed during the signature: insert it again and sign again",
                            -1,
                            e);
                }
                throw new TokenException(TokenException.Reason.FAILED, "the token did not sign: " + text, -1, e);
            }
        }
    }

    private static Provider provider(Location location) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new TokenException(TokenException.Reason.UNSUPPORTED, "this Java runtime has no SunPKCS11 provider");
        }
        String library = location.module().toAbsolutePath().toString();
        if (library.contains("\"") || library.contains("\n")) {
            throw new TokenException(TokenException.Reason.NO_TOKEN, "unsupported module path: " + library);
        }
        // "--" makes SunPKCS11 read the configuration inline; generated keys are token objects that
        // never leave it (sensitive, not extractable)
        String text = "--name = keyport-ceremony" + PROVIDERS.incrementAndGet() + "\n"
                + "library = \"" + library + "\"\n"
                + "slot = " + location.slot() + "\n"
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = true\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = true\n}\n";
        try {
            return base.configure(text);
        } catch (RuntimeException e) {
            throw new TokenException(
                    TokenException.Reason.NO_TOKEN,
                    "no token in slot " + location.slot() + " of " + library + ": insert the token (" + chain(e) + ")",
                    -1,
                    e);
        }
    }

    static TokenException loginFailure(Exception e) {
        String text = chain(e);
        if (text.contains("CKR_PIN_LOCKED")) {
            return new TokenException(
                    TokenException.Reason.PIN_BLOCKED,
                    "the PIN is blocked. Next: the security officer unblocks it with the SO PIN (the token"
                            + " vendor's tool, e.g. pkcs11-tool --login --login-type so --init-pin), then sign again",
                    0,
                    e);
        }
        if (text.contains("CKR_PIN_INCORRECT") || text.contains("CKR_PIN_INVALID") || text.contains("CKR_PIN_LEN")) {
            return new TokenException(
                    TokenException.Reason.WRONG_PIN,
                    "wrong PIN; this token does not say through PKCS#11 how many tries are left. Next: enter the"
                            + " PIN again carefully; after the token's limit the PIN blocks and only the security"
                            + " officer PIN (SO PIN) can unblock it",
                    -1,
                    e);
        }
        if (text.contains("CKR_TOKEN_NOT_PRESENT") || text.contains("CKR_DEVICE_REMOVED")) {
            return new TokenException(TokenException.Reason.NO_TOKEN, "no token present: insert it", -1, e);
        }
        return new TokenException(TokenException.Reason.FAILED, "cannot log in to the token: " + text, -1, e);
    }

    static TokenException failure(String what, Exception e) {
        String text = chain(e);
        if (text.contains("CKR_DEVICE_REMOVED") || text.contains("CKR_TOKEN_NOT_PRESENT")) {
            return new TokenException(
                    TokenException.Reason.TOKEN_REMOVED,
                    what + ": the token was removed. Next: insert it again and run this step again",
                    -1,
                    e);
        }
        return new TokenException(TokenException.Reason.FAILED, what + ": " + text, -1, e);
    }

    private static String chain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!out.isEmpty()) {
                out.append(": ");
            }
            out.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return out.toString();
    }
}
