package io.keyport.desktop.ceremony;

import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.keyfile.KeyFileSource;
import io.keyport.desktop.tokens.piv.PivTrustAnchors;
import io.keyport.desktop.tokens.piv.YubiKeyPivSource;
import io.keyport.desktop.tokens.piv.YubiKeyReaders;
import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import java.nio.file.Path;

/**
 * Where the ceremony engine gets its key sources: a YubiKey (PIV), a PKCS#11 token, or a key file for
 * rehearsals. The command line and the console's wizard open tokens through this one factory, so both
 * see the same readers and check YubiKey attestations against the same roots.
 */
public final class KeySources {

    /** Reader name that means "the only inserted YubiKey". */
    public static final String ANY_READER = "any";

    private final YubiKeyReaders readers;
    private final PivTrustAnchors trust;

    public KeySources(YubiKeyReaders readers, PivTrustAnchors trust) {
        this.readers = readers;
        this.trust = trust;
    }

    /** The platform's PC/SC readers, with attestations checked against Yubico's roots. */
    public static KeySources platform() {
        return new KeySources(new YubiKeyReaders(), PivTrustAnchors.yubico());
    }

    /** The YubiKey in {@code reader}, or the only inserted one for {@code null} or {@value #ANY_READER}. */
    public YubiKeyPivSource yubiKey(String reader) {
        return reader == null || reader.equals(ANY_READER) ? readers.openOnly(trust) : readers.open(reader, trust);
    }

    /** A PKCS#11 token's slot. */
    public KeySource pkcs11(Pkcs11Source.Location location, PinSource pin) {
        return Pkcs11Source.open(location, pin);
    }

    /** An encrypted key file: rehearsals only. */
    public KeySource keyFile(Path file, PinSource password) {
        return KeyFileSource.open(file, password);
    }
}
