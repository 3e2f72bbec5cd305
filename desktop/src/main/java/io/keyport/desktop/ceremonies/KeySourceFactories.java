package io.keyport.desktop.ceremonies;

import io.keyport.desktop.ceremony.CeremonyException;
import io.keyport.desktop.ceremony.KeySources;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.desktop.tokens.keyfile.KeyFileSource;
import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The key sources the console ships: PKCS#11 tokens and HSMs, (for rehearsals) encrypted key files, and
 * YubiKeys through their PIV application, opened through the engine's {@link KeySources} so that the wizard
 * and the command line see the same readers and check attestations against the same roots.
 */
public final class KeySourceFactories {

    private KeySourceFactories() {}

    /** Every source, in the order the wizard offers them. */
    public static List<KeySourceFactory> standard() {
        return standard(KeySources::platform);
    }

    /** Every source, with YubiKeys found through {@code yubiKeys} (tests: simulated readers and CA). */
    public static List<KeySourceFactory> standard(Supplier<KeySources> yubiKeys) {
        return List.of(new Pkcs11(), new KeyFile(), new YubiKey(yubiKeys));
    }

    static Path path(String location, String what) {
        if (location == null || location.isBlank()) {
            throw new CeremonyException("give the " + what);
        }
        try {
            return Path.of(location.strip());
        } catch (InvalidPathException e) {
            throw new CeremonyException("not a path: " + location, e);
        }
    }

    /** {@code /path/to/module.so} or {@code /path/to/module.so#slot}. */
    static final class Pkcs11 implements KeySourceFactory {
        @Override
        public TokenKind kind() {
            return TokenKind.PKCS11;
        }

        @Override
        public String title() {
            return "PKCS#11 token or HSM";
        }

        @Override
        public String locationPrompt() {
            return "module path, e.g. /usr/lib/softhsm/libsofthsm2.so#slot";
        }

        @Override
        public KeySource open(String location, PinSource pin) {
            String text = location == null ? "" : location.strip();
            long slot = 0;
            int hash = text.lastIndexOf('#');
            if (hash >= 0) {
                try {
                    slot = Long.parseLong(text.substring(hash + 1));
                } catch (NumberFormatException e) {
                    throw new CeremonyException("the slot after # must be a number: " + text.substring(hash + 1), e);
                }
                text = text.substring(0, hash);
            }
            return Pkcs11Source.open(new Pkcs11Source.Location(path(text, "PKCS#11 module path"), slot, null), pin);
        }
    }

    /** An encrypted key file: rehearsals only. */
    static final class KeyFile implements KeySourceFactory {
        @Override
        public TokenKind kind() {
            return TokenKind.KEY_FILE;
        }

        @Override
        public String title() {
            return "Key file (REHEARSAL ONLY)";
        }

        @Override
        public String locationPrompt() {
            return "key file path (created when it does not exist)";
        }

        @Override
        public boolean rehearsalOnly() {
            return true;
        }

        @Override
        public KeySource open(String location, PinSource pin) {
            return KeyFileSource.open(path(location, "key file path"), pin);
        }
    }

    /** A YubiKey's PIV application: a PC/SC reader's name, or "any" for the only inserted YubiKey. */
    static final class YubiKey implements KeySourceFactory {
        private final Supplier<KeySources> sources;

        YubiKey(Supplier<KeySources> sources) {
            this.sources = sources;
        }

        @Override
        public TokenKind kind() {
            return TokenKind.YUBIKEY_PIV;
        }

        @Override
        public String title() {
            return "YubiKey (PIV)";
        }

        @Override
        public String locationPrompt() {
            return "reader name, or \"any\" for the only inserted YubiKey";
        }

        @Override
        public KeySource open(String location, PinSource pin) {
            String reader = location == null || location.isBlank() ? KeySources.ANY_READER : location.strip();
            return sources.get().yubiKey(reader);
        }
    }
}
