package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A target in a targets role: its length, at least one hash, and optional {@code custom} data (Keyport
 * names the artifact and its approvals there). The path is the key under which the targets role lists
 * it. Hashes other than sha256 and sha512 are not understood by every client (go-tuf, tuf-js); Keyport
 * always lists sha256.
 *
 * @param custom the {@code custom} object, or {@code null} when absent
 */
public record TargetFile(
        long length, Map<String, String> hashes, JsonNode custom, Map<String, JsonNode> unrecognizedFields) {

    private static final Set<String> KNOWN = Set.of("length", "hashes", "custom");

    public TargetFile {
        hashes = Fields.copy(hashes, "hashes");
        custom = custom == null ? null : custom.deepCopy();
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "target file");
        if (length < 0) {
            throw TufException.malformed("target length must not be negative: " + length);
        }
        if (hashes.isEmpty()) {
            throw TufException.malformed("a target needs at least one hash");
        }
    }

    /** A target with its length and SHA-256. */
    public static TargetFile of(long length, String sha256Hex) {
        return new TargetFile(length, Map.of("sha256", sha256Hex), null, Map.of());
    }

    /** A target for some content: its length, SHA-256 and SHA-512. */
    public static TargetFile of(byte[] content) {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("sha256", TufJson.sha256Hex(content));
        hashes.put("sha512", java.util.HexFormat.of().formatHex(TufJson.digest("sha512", content)));
        return new TargetFile(content.length, hashes, null, Map.of());
    }

    /** The {@code custom} object (a copy: the record's own stays unchanged), or {@code null}. */
    @Override
    public JsonNode custom() {
        return custom == null ? null : custom.deepCopy();
    }

    /** This target with a {@code custom} object (a copy is kept). */
    public TargetFile withCustom(JsonNode newCustom) {
        return new TargetFile(length, hashes, newCustom, unrecognizedFields);
    }

    /**
     * Checks the length and every listed hash of downloaded content.
     *
     * @throws TufException {@link TufException.Reason#LENGTH_OR_HASH_MISMATCH} on any difference
     */
    public void verifyLengthAndHashes(byte[] data) {
        Hashes.verify(data, length, hashes, "target");
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.put("length", length);
        out.set("hashes", Fields.stringObject(hashes));
        if (custom != null) {
            out.set("custom", custom());
        }
        return out;
    }

    static TargetFile fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        return new TargetFile(f.integer("length"), f.stringMap("hashes"), f.optional("custom"), f.unrecognized());
    }
}
