package io.keyport.backend.tuf.service;

import io.keyport.backend.identity.service.SecretFiles;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's online keys, which sign targets, snapshot, timestamp and every delegated role:
 * unencrypted PKCS#8 PEM files read through the model's key-file signer (decisions 0030 and 0037).
 *
 * <p>The configured key ({@code KEYPORT_TUF_ONLINE_KEY}) is generated (Ed25519) on the first start
 * when the file does not exist; it is the key a bootstrap must name. Further keys, for an online key
 * rotation, live beside it as {@code tuf-online-key-<keyid>.pem}: generated on request
 * ({@link #generate()}, {@code POST /api/v1/keys/online}) or put there by an operator. Which key signs
 * is the published root's to say (the key of its timestamp role); a root update that names a key the
 * server does not hold is refused.
 */
public final class OnlineKey {

    private static final Logger LOG = Logger.getLogger(OnlineKey.class.getName());
    private static final String PREFIX = "tuf-online-key-";

    private final Signer configured;
    private final Path dir;
    private final Map<String, Signer> byKeyId = new ConcurrentHashMap<>();

    private OnlineKey(Signer configured, Path dir) {
        this.configured = configured;
        this.dir = dir;
        byKeyId.put(configured.keyId(), configured);
    }

    /** The key in {@code file}, generated there first if the file does not exist, and the keys beside it. */
    public static OnlineKey open(Path file) {
        try {
            if (!Files.exists(file)) {
                KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
                SecretFiles.write(file, KeyFiles.writePkcs8(pair.getPrivate()));
                LOG.info("Generated the TUF online key (ed25519) in " + file);
            }
            Path dir = file.toAbsolutePath().getParent();
            OnlineKey keys = new OnlineKey(Ed25519KeySigner.of(Files.readString(file)), dir);
            keys.scan();
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("KEYPORT_TUF_ONLINE_KEY: cannot read or create " + file, e);
        } catch (TufException e) {
            throw new IllegalArgumentException(
                    "KEYPORT_TUF_ONLINE_KEY: " + file + " is not a PKCS#8 PEM private key: " + e.getMessage(), e);
        }
    }

    /** The configured key's signer: the one a bootstrap names. */
    public Signer signer() {
        return configured;
    }

    /** The configured key as TUF publishes it. */
    public Key publicKey() {
        return configured.publicKey();
    }

    public String keyId() {
        return configured.keyId();
    }

    /** The signer of a held key, looking for key files added since the last look. */
    public Optional<Signer> find(String keyId) {
        Signer signer = byKeyId.get(keyId);
        if (signer == null) {
            scan();
            signer = byKeyId.get(keyId);
        }
        return Optional.ofNullable(signer);
    }

    /** The keyids of every key the server holds. */
    public List<String> keyIds() {
        scan();
        return byKeyId.keySet().stream().sorted().toList();
    }

    /** Generates a new Ed25519 key beside the configured one (owner-only, written atomically). */
    public Signer generate() {
        KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
        String pem = KeyFiles.writePkcs8(pair.getPrivate());
        Signer signer = Ed25519KeySigner.of(pem);
        try {
            SecretFiles.write(dir.resolve(PREFIX + signer.keyId() + ".pem"), pem);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a new TUF online key into " + dir, e);
        }
        byKeyId.put(signer.keyId(), signer);
        LOG.info("Generated a TUF online key (ed25519) " + signer.keyId() + " in " + dir);
        return signer;
    }

    private void scan() {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*.pem")) {
            for (Path f : files) {
                try {
                    Signer s = Ed25519KeySigner.of(Files.readString(f));
                    byKeyId.putIfAbsent(s.keyId(), s);
                } catch (IOException | TufException e) {
                    LOG.log(Level.WARNING, "Skipping TUF online key file " + f + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot list TUF online keys in " + dir + ": " + e.getMessage());
        }
    }
}
