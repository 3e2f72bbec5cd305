package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * One signature of a metadata envelope: {@code {"keyid", "sig"}} with {@code sig} the hex of the
 * signature over the canonical JSON of {@code signed}. Other fields (a Sigstore {@code bundle}) are kept.
 * An empty or non-hex {@code sig} (a placeholder, as tuf-on-ci writes) is kept and never verifies.
 */
public record Signature(String keyId, String sig, Map<String, JsonNode> unrecognizedFields) {

    private static final Set<String> KNOWN = Set.of("keyid", "sig");

    public Signature {
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "signature");
    }

    /** A signature from raw signature bytes. */
    public static Signature of(String keyId, byte[] signature) {
        return new Signature(keyId, HexFormat.of().formatHex(signature), Map.of());
    }

    /** The raw signature bytes, or an empty array when {@code sig} is not hex (such a signature never verifies). */
    public byte[] bytes() {
        try {
            return HexFormat.of().parseHex(sig);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.put("keyid", keyId);
        out.put("sig", sig);
        return out;
    }

    static Signature fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        return new Signature(f.string("keyid"), f.string("sig"), f.unrecognized());
    }
}
