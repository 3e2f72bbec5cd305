package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A top-level role in root: {@code {"keyids": [...], "threshold": n}}. */
public record Role(List<String> keyIds, int threshold, Map<String, JsonNode> unrecognizedFields) implements RoleKeys {

    private static final Set<String> KNOWN = Set.of("keyids", "threshold");

    public Role {
        keyIds = List.copyOf(keyIds);
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "role");
        RoleKeys.validate(keyIds, threshold, "role");
    }

    public static Role of(List<String> keyIds, int threshold) {
        return new Role(keyIds, threshold, Map.of());
    }

    /** This role with one more keyid (unchanged if it is already listed). */
    public Role withKeyId(String keyId) {
        if (keyIds.contains(keyId)) {
            return this;
        }
        List<String> ids = new ArrayList<>(keyIds);
        ids.add(keyId);
        return new Role(ids, threshold, unrecognizedFields);
    }

    /** This role without a keyid. */
    public Role withoutKeyId(String keyId) {
        List<String> ids = new ArrayList<>(keyIds);
        ids.remove(keyId);
        return new Role(ids, threshold, unrecognizedFields);
    }

    public Role withThreshold(int newThreshold) {
        return new Role(keyIds, newThreshold, unrecognizedFields);
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.set("keyids", Fields.array(keyIds));
        out.put("threshold", threshold);
        return out;
    }

    static Role fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        return new Role(f.strings("keyids"), f.positiveInt("threshold"), f.unrecognized());
    }
}
