package io.keyport.desktop.ceremonies;

import io.keyport.desktop.ceremony.CeremonyException;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.desktop.tokens.keyfile.KeyFileSource;
import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/** The key sources the console ships: PKCS#11 tokens and (for rehearsals) encrypted key files. */
public final class KeySourceFactories {

    private KeySourceFactories() {}

    /** Every source, the production ones first. */
    public static List<KeySourceFactory> standard() {
        return List.of(new Pkcs11(), new KeyFile());
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
}
