package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the known fields of one JSON object with strict types and hands back the rest as unrecognised
 * fields, which the model keeps so that signatures survive a round trip (python-tuf's
 * {@code unrecognized_fields}). Every failure is {@link TufException.Reason#MALFORMED} and names the
 * place in the document.
 */
final class Fields {

    private final ObjectNode node;
    private final String where;
    private final Set<String> read = new HashSet<>();

    private Fields(ObjectNode node, String where) {
        this.node = node;
        this.where = where;
    }

    static Fields of(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw TufException.malformed(where + " must be an object");
        }
        return new Fields((ObjectNode) node, where);
    }

    String where() {
        return where;
    }

    boolean has(String name) {
        return node.has(name);
    }

    JsonNode required(String name) {
        read.add(name);
        JsonNode value = node.get(name);
        if (value == null) {
            throw TufException.malformed(where + "." + name + " is missing");
        }
        return value;
    }

    JsonNode optional(String name) {
        read.add(name);
        return node.get(name);
    }

    String string(String name) {
        return text(required(name), where + "." + name);
    }

    long integer(String name) {
        return integer(required(name), where + "." + name);
    }

    Long optionalInteger(String name) {
        JsonNode value = optional(name);
        return value == null ? null : integer(value, where + "." + name);
    }

    int positiveInt(String name) {
        long value = integer(name);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw TufException.malformed(where + "." + name + " must be a positive integer: " + value);
        }
        return (int) value;
    }

    boolean bool(String name) {
        JsonNode value = required(name);
        if (!value.isBoolean()) {
            throw TufException.malformed(where + "." + name + " must be a boolean");
        }
        return value.booleanValue();
    }

    Boolean optionalBool(String name) {
        JsonNode value = optional(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw TufException.malformed(where + "." + name + " must be a boolean");
        }
        return value.booleanValue();
    }

    List<String> strings(String name) {
        return strings(required(name), where + "." + name);
    }

    List<String> optionalStrings(String name) {
        JsonNode value = optional(name);
        return value == null ? null : strings(value, where + "." + name);
    }

    /** An object whose values are all strings (hashes, keyval), insertion order kept. */
    Map<String, String> stringMap(String name) {
        return stringMap(required(name), where + "." + name);
    }

    Map<String, String> optionalStringMap(String name) {
        JsonNode value = optional(name);
        return value == null ? null : stringMap(value, where + "." + name);
    }

    /** Reads one value of an object of objects. */
    @FunctionalInterface
    interface Reader<T> {
        T read(JsonNode node, String where);
    }

    /** A required object whose values are each read by {@code reader}, keyed as in the JSON. */
    <T> Map<String, T> objects(String name, Reader<T> reader) {
        return objects(required(name), where + "." + name, reader);
    }

    static <T> Map<String, T> objects(JsonNode value, String where, Reader<T> reader) {
        if (!value.isObject()) {
            throw TufException.malformed(where + " must be an object");
        }
        Map<String, T> out = new LinkedHashMap<>();
        value.fields()
                .forEachRemaining(
                        field -> out.put(field.getKey(), reader.read(field.getValue(), where + "." + field.getKey())));
        return out;
    }

    /** Writes a map of model values as a JSON object. */
    static <T> ObjectNode objectNode(Map<String, T> values, java.util.function.Function<T, JsonNode> writer) {
        ObjectNode out = TufJson.NODES.objectNode();
        values.forEach((name, value) -> out.set(name, writer.apply(value)));
        return out;
    }

    /** The fields not read so far. */
    Map<String, JsonNode> unrecognized() {
        Map<String, JsonNode> rest = new LinkedHashMap<>();
        node.fields().forEachRemaining(field -> {
            if (!read.contains(field.getKey())) {
                rest.put(field.getKey(), field.getValue());
            }
        });
        return rest;
    }

    static String text(JsonNode value, String where) {
        if (!value.isTextual()) {
            throw TufException.malformed(where + " must be a string");
        }
        return value.textValue();
    }

    static long integer(JsonNode value, String where) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw TufException.malformed(where + " must be an integer");
        }
        return value.longValue();
    }

    static List<String> strings(JsonNode value, String where) {
        if (!value.isArray()) {
            throw TufException.malformed(where + " must be an array of strings");
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            out.add(text(value.get(i), where + "[" + i + "]"));
        }
        return Collections.unmodifiableList(out);
    }

    static Map<String, String> stringMap(JsonNode value, String where) {
        if (!value.isObject()) {
            throw TufException.malformed(where + " must be an object");
        }
        Map<String, String> out = new LinkedHashMap<>();
        value.fields()
                .forEachRemaining(
                        field -> out.put(field.getKey(), text(field.getValue(), where + "." + field.getKey())));
        return Collections.unmodifiableMap(out);
    }

    /** Writes helper: an object with the unrecognised fields first, then the known ones set by the caller. */
    static ObjectNode object(Map<String, JsonNode> unrecognized) {
        ObjectNode out = TufJson.NODES.objectNode();
        unrecognized.forEach((name, value) -> out.set(name, value.deepCopy()));
        return out;
    }

    static ArrayNode array(List<String> values) {
        ArrayNode out = TufJson.NODES.arrayNode(values.size());
        values.forEach(out::add);
        return out;
    }

    static ObjectNode stringObject(Map<String, String> values) {
        ObjectNode out = TufJson.NODES.objectNode();
        values.forEach(out::put);
        return out;
    }

    /** Copies a map for a record, keeping order; refuses null keys and values. */
    static <V> Map<String, V> copy(Map<String, V> map, String what) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(what + " holds a null");
            }
            out.put(k, v);
        });
        return Collections.unmodifiableMap(out);
    }

    /** Unrecognised fields for a record: a deep copy, refusing names the record itself writes. */
    static Map<String, JsonNode> extra(Map<String, JsonNode> fields, Set<String> known, String what) {
        for (String name : fields.keySet()) {
            if (known.contains(name)) {
                throw new IllegalArgumentException(what + ": '" + name + "' is a known field, not an unrecognised one");
            }
        }
        return TufJson.copyFields(fields);
    }
}
