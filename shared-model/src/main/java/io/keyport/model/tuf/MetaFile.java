package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * An entry of snapshot or timestamp {@code meta}: the version of a metadata file and, optionally, its
 * length and hashes. Without hashes the repository must guarantee that the version alone identifies
 * the content.
 *
 * @param length the file's length in bytes, or {@code null} when not listed
 * @param hashes algorithm to lower-case hex digest; empty when not listed (an empty {@code hashes}
 *     object is refused, as python-tuf refuses it)
 */
public record MetaFile(
        long version, Long length, Map<String, String> hashes, Map<String, JsonNode> unrecognizedFields) {

    private static final Set<String> KNOWN = Set.of("version", "length", "hashes");

    public MetaFile {
        hashes = Fields.copy(hashes, "hashes");
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "meta file");
        if (version < 1) {
            throw TufException.malformed("meta version must be at least 1: " + version);
        }
        if (length != null && length < 0) {
            throw TufException.malformed("meta length must not be negative: " + length);
        }
    }

    /** Version only, as RSTUF writes snapshot and timestamp entries. */
    public static MetaFile of(long version) {
        return new MetaFile(version, null, Map.of(), Map.of());
    }

    /** Version with the length and SHA-256 of the file's bytes. */
    public static MetaFile of(long version, byte[] content) {
        return new MetaFile(version, (long) content.length, Map.of("sha256", TufJson.sha256Hex(content)), Map.of());
    }

    /**
     * Checks the length and every listed hash against the bytes as fetched.
     *
     * @throws TufException {@link TufException.Reason#LENGTH_OR_HASH_MISMATCH} on any difference or an
     *     unsupported hash algorithm
     */
    public void verifyLengthAndHashes(byte[] data) {
        Hashes.verify(data, length, hashes, "meta file");
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.put("version", version);
        if (length != null) {
            out.put("length", length);
        }
        if (!hashes.isEmpty()) {
            out.set("hashes", Fields.stringObject(hashes));
        }
        return out;
    }

    static MetaFile fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        long version = f.integer("version");
        Long length = f.optionalInteger("length");
        Map<String, String> hashes = f.optionalStringMap("hashes");
        if (hashes != null && hashes.isEmpty()) {
            throw TufException.malformed(where + ".hashes must not be empty");
        }
        return new MetaFile(version, length, hashes == null ? Map.of() : hashes, f.unrecognized());
    }
}
