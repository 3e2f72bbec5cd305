package io.keyport.backend.tuf.service;

import io.keyport.backend.identity.service.SecretFiles;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.logging.Logger;

/**
 * The server's online key, which signs targets, snapshot, timestamp and every bin: an unencrypted
 * PKCS#8 PEM file read through the model's key-file signer. When the file does not exist, an Ed25519
 * key is generated into it (owner-only, written atomically) on the first start. Its public part is
 * what an offline ceremony puts into root ({@code GET /api/v1/keys/online}).
 */
public final class OnlineKey {

    private static final Logger LOG = Logger.getLogger(OnlineKey.class.getName());

    private final Signer signer;

    private OnlineKey(Signer signer) {
        this.signer = signer;
    }

    /** The key in {@code file}, generated there first if the file does not exist. */
    public static OnlineKey open(Path file) {
        try {
            if (!Files.exists(file)) {
                KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
                SecretFiles.write(file, KeyFiles.writePkcs8(pair.getPrivate()));
                LOG.info("Generated the TUF online key (ed25519) in " + file);
            }
            return new OnlineKey(KeyFiles.signer(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("KEYPORT_TUF_ONLINE_KEY: cannot read or create " + file, e);
        } catch (TufException e) {
            throw new IllegalArgumentException(
                    "KEYPORT_TUF_ONLINE_KEY: " + file + " is not a PKCS#8 PEM private key: " + e.getMessage(), e);
        }
    }

    public Signer signer() {
        return signer;
    }

    /** The public key as TUF publishes it. */
    public Key publicKey() {
        return signer.publicKey();
    }

    public String keyId() {
        return signer.keyId();
    }
}
