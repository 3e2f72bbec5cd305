package io.keyport.model.tuf;

import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Test resources under {@code io/keyport/model/tuf/} and test keys. */
final class Fixtures {

    /** A time at which every fixture is valid (they expire 2030 and 2035). */
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private Fixtures() {}

    static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(bytes(path), StandardCharsets.UTF_8);
    }

    static byte[] tufjs(String file) {
        return bytes("tufjs/" + file);
    }

    static byte[] pythonTuf(String file) {
        return bytes("python-tuf/metadata/" + file);
    }

    /** A fresh in-memory signer. */
    static PrivateKeySigner newSigner(SignatureScheme scheme) {
        var pair = KeyFiles.generate(scheme);
        return new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), scheme, null);
    }

    /** The tuf-js fixture's online key, as Node wrote it. */
    static PrivateKeySigner tufjsOnlineKey() {
        return KeyFiles.signer(text("tufjs/online-ed25519.pem"));
    }
}
