package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.TufJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a ceremony reads from the USB stick and writes to it, each turned into a
 * {@link CeremonyException} naming the file when it is not what the step expects: the online public
 * key the server exported, a trusted root (a published {@code N.root.json} or the
 * {@code trusted_root} of {@code GET /api/v1/metadata/sign}), root metadata, any JSON.
 */
final class CeremonyInputs {

    private CeremonyInputs() {}

    static byte[] readInput(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new CeremonyException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    static void writeOutput(Path path, byte[] bytes) {
        try {
            Files.write(path, bytes);
        } catch (IOException e) {
            throw new CeremonyException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    static JsonNode json(byte[] bytes, Path from) {
        try {
            return TufJson.parse(bytes);
        } catch (TufException e) {
            throw new CeremonyException(from.getFileName() + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The online key from the file the server exported: GET /api/v1/keys/online, its data, or a key object. */
    static Key onlineKey(byte[] bytes, Path from) {
        JsonNode doc = json(bytes, from);
        JsonNode node = doc.has("data") ? doc.path("data") : doc;
        JsonNode key = node.has("key") ? node.get("key") : node;
        try {
            Key parsed = CeremonyFile.key(key);
            parsed.toPublicKey();
            if (node.has("keyid") && !parsed.matchesKeyId(node.get("keyid").asText())) {
                throw new CeremonyException(from.getFileName() + " names keyid "
                        + node.get("keyid").asText() + " but holds another key: the file was changed");
            }
            return parsed;
        } catch (IllegalArgumentException | TufException e) {
            throw new CeremonyException(
                    from.getFileName() + " holds no online public key (export it with GET" + " /api/v1/keys/online): "
                            + e.getMessage(),
                    e);
        }
    }

    static Metadata<Root> trustedRoot(byte[] bytes, Path from) {
        JsonNode doc = json(bytes, from);
        JsonNode node = doc.has("signed")
                ? doc
                : (doc.has("data") ? doc.path("data") : doc).path("metadata").path("trusted_root");
        return trustedRoot(node, from);
    }

    static Metadata<Root> trustedRoot(JsonNode node, Path from) {
        Metadata<Root> trusted = root(node, from + " (trusted root)");
        try {
            trusted.signed().verifyDelegate(Root.TYPE, trusted);
        } catch (TufException e) {
            throw new CeremonyException("the trusted root in " + from.getFileName() + " is not signed by its own"
                    + " threshold (" + e.getMessage() + "): take it from the published N.root.json");
        }
        return trusted;
    }

    static Metadata<Root> root(JsonNode node, String where) {
        try {
            return Metadata.fromJson(node).as(Root.class);
        } catch (TufException | IllegalArgumentException e) {
            throw new CeremonyException(where + " is not TUF root metadata: " + e.getMessage(), e);
        }
    }
}
