package io.keyport.desktop.ceremonies;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Files the wizard's tests import: rehearsal key files and a pending root rotation with its trusted root. */
final class PendingRoots {

    static final String PASSWORD = "rehearsal-password";

    private PendingRoots() {}

    /** A new encrypted key file {@code name} in {@code dir} (password {@link #PASSWORD}) and its signer. */
    static Signer keyFile(Path dir, String name) throws IOException {
        KeyPair pair = KeyFiles.generate(SignatureScheme.ECDSA_SHA2_NISTP256);
        Files.writeString(dir.resolve(name), KeyFiles.writeEncryptedPkcs8(pair.getPrivate(), PASSWORD.toCharArray()));
        return new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), SignatureScheme.ECDSA_SHA2_NISTP256, null);
    }

    /**
     * {@code pending.json} as {@code GET /api/v1/metadata/sign} answers: root 1 (a and b, 2 of 2) trusted,
     * root 2 adding c with threshold 3 pending, unsigned.
     */
    static Path rotation(Path dir, Signer a, Signer b, Signer c, Instant now) throws IOException {
        KeyPair onlinePair = KeyFiles.generate(SignatureScheme.ED25519);
        Key online = new PrivateKeySigner(
                        onlinePair.getPrivate(), onlinePair.getPublic(), SignatureScheme.ED25519, null)
                .publicKey();
        Root one = Root.initial(now.plus(Duration.ofDays(365)))
                .withKey("root", a.publicKey())
                .withKey("root", b.publicKey())
                .withThreshold("root", 2);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            one = one.withKey(role, online);
        }
        Metadata<Root> trusted = Metadata.of(one).sign(a).sign(b);
        Root two = one.withVersion(2)
                .withExpires(now.plus(Duration.ofDays(200)))
                .withKey("root", c.publicKey())
                .withThreshold("root", 3);
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = doc.putObject("data").putObject("metadata");
        metadata.set("root", Metadata.of(two).toJson());
        metadata.set("trusted_root", trusted.toJson());
        Path pending = dir.resolve("pending.json");
        Files.write(pending, TufJson.writePretty(doc));
        return pending;
    }

    /** {@code online-key.json} as {@code GET /api/v1/keys/online} answers. */
    static Path onlineKey(Path dir) throws IOException {
        KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
        Key key = new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), SignatureScheme.ED25519, null).publicKey();
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.putObject("data").put("keyid", key.keyId()).set("key", key.toJson());
        Path file = dir.resolve("online-key.json");
        Files.write(file, TufJson.writePretty(data));
        return file;
    }
}
