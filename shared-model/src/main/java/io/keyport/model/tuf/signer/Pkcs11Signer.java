package io.keyport.model.tuf.signer;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.crypto.TufCrypto;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.login.LoginException;

/**
 * A signer whose private key stays on a PKCS#11 token or HSM, reached through the JDK's SunPKCS11
 * provider: configured from the module (shared library), the slot id and the user PIN. Works with
 * SoftHSM2 (tests), YubiKey PIV through YKCS11, and HSMs.
 *
 * <p>The key is found by its alias in the token's key store (the {@code CKA_LABEL}). SunPKCS11 lists
 * only private keys that have a certificate with the same {@code CKA_ID}, which a PIV slot and
 * {@code keytool -genkeypair} both provide; the public key comes from that certificate. ECDSA keys sign
 * with SHA-256/384 on the host and {@code CKM_ECDSA} on the token (DER out); RSA keys with PSS.
 *
 * <p>{@link #close()} logs the session out. Signing is serialised, since tokens handle one operation at
 * a time.
 */
public final class Pkcs11Signer implements Signer, AutoCloseable {

    private static final AtomicInteger PROVIDERS = new AtomicInteger();

    /**
     * Where the token is: the PKCS#11 module, the slot id ({@code slot=} in SunPKCS11 terms) and the
     * user PIN.
     */
    public record Config(Path module, long slot, char[] pin) {

        public Config {
            pin = pin.clone();
        }

        @Override
        public String toString() {
            return "Config[module=" + module + ", slot=" + slot + ", pin=***]";
        }
    }

    private final Provider provider;
    private final PrivateKeySigner signer;
    private final String alias;

    private Pkcs11Signer(Provider provider, PrivateKeySigner signer, String alias) {
        this.provider = provider;
        this.signer = signer;
        this.alias = alias;
    }

    /**
     * Logs in to the token and opens the key {@code alias}, with the key's default scheme (ECDSA by curve,
     * RSA-PSS).
     *
     * @throws TufException {@link TufException.Reason#SIGNER} if the module does not load, the PIN is
     *     refused or there is no such key
     */
    public static Pkcs11Signer open(Config config, String alias) {
        Provider provider = provider(config);
        try {
            KeyStore store = login(provider, config);
            java.security.Key key = store.getKey(alias, null);
            Certificate certificate = store.getCertificate(alias);
            if (!(key instanceof PrivateKey privateKey) || certificate == null) {
                throw new TufException(
                        TufException.Reason.SIGNER,
                        "no private key with a certificate named '" + alias + "' on the token; keys there: "
                                + Collections.list(store.aliases()));
            }
            PublicKey publicKey = certificate.getPublicKey();
            SignatureScheme scheme = TufCrypto.schemeFor(publicKey);
            if (scheme == SignatureScheme.ED25519) {
                throw new TufException(TufException.Reason.SIGNER, "Ed25519 keys on PKCS#11 tokens are not supported");
            }
            return new Pkcs11Signer(provider, new PrivateKeySigner(privateKey, publicKey, scheme, provider), alias);
        } catch (TufException e) {
            logout(provider);
            throw e;
        } catch (Exception e) {
            logout(provider);
            throw new TufException(TufException.Reason.SIGNER, "cannot open key '" + alias + "': " + e.getMessage(), e);
        }
    }

    /** The aliases of the signing keys on a token (private keys with a certificate). */
    public static List<String> aliases(Config config) {
        Provider provider = provider(config);
        try {
            KeyStore store = login(provider, config);
            List<String> out = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    out.add(alias);
                }
            }
            return out;
        } catch (TufException e) {
            throw e;
        } catch (Exception e) {
            throw new TufException(TufException.Reason.SIGNER, "cannot list the token's keys: " + e.getMessage(), e);
        } finally {
            logout(provider);
        }
    }

    /** The alias of the key on the token. */
    public String alias() {
        return alias;
    }

    @Override
    public Key publicKey() {
        return signer.publicKey();
    }

    @Override
    public synchronized byte[] sign(byte[] payload) {
        return signer.sign(payload);
    }

    /** Logs out of the token. */
    @Override
    public void close() {
        logout(provider);
    }

    private static Provider provider(Config config) {
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new TufException(TufException.Reason.SIGNER, "this JDK has no SunPKCS11 provider");
        }
        String library = config.module().toAbsolutePath().toString();
        if (library.contains("\"") || library.contains("\n")) {
            throw new TufException(TufException.Reason.SIGNER, "unsupported module path: " + library);
        }
        // "--" makes SunPKCS11 read the configuration inline instead of from a file.
        String text = "--name = keyport" + PROVIDERS.incrementAndGet() + "\n"
                + "library = \"" + library + "\"\n"
                + "slot = " + config.slot() + "\n";
        try {
            return base.configure(text);
        } catch (RuntimeException e) {
            throw new TufException(
                    TufException.Reason.SIGNER,
                    "cannot load PKCS#11 module " + library + " slot " + config.slot() + ": " + rootMessage(e),
                    e);
        }
    }

    private static KeyStore login(Provider provider, Config config) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS11", provider);
        try {
            store.load(null, config.pin());
        } catch (java.io.IOException e) {
            throw new TufException(TufException.Reason.SIGNER, "the token refused the PIN: " + rootMessage(e), e);
        }
        return store;
    }

    private static void logout(Provider provider) {
        if (provider instanceof AuthProvider auth) {
            try {
                auth.logout();
            } catch (LoginException e) {
                // already logged out, or the token is gone: nothing left to release
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
