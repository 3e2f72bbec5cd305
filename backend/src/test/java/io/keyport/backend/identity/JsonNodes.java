package io.keyport.backend.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Small readers for JSON answers in the identity tests. */
final class JsonNodes {

    private JsonNodes() {}

    /** The elements of a JSON array of strings. */
    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The first object of {@code array} whose {@code field} is {@code value}; null when none is. */
    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        return null;
    }
}
