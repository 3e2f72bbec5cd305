package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.appstore.ReleaseDryRun.ValueChange;
import io.keyport.model.common.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The install form of a chart, generated from its values schema ({@code values.schema.json}): one
 * field per leaf property (nested objects flattened to {@code image.tag}), checked as the user
 * types (required, type, enum, minimum/maximum, string length), and turned back into the values
 * object the server expects. The server checks the values again against the same schema (with
 * values.yaml merged under them); this only catches mistakes early. Pure logic, no JavaFX.
 */
final class ValuesForm {

    /** How a field is edited and checked. {@code JSON}: arrays and untyped values, as JSON text. */
    enum Kind {
        STRING,
        INTEGER,
        NUMBER,
        BOOLEAN,
        ENUM,
        JSON
    }

    /**
     * One field of the form.
     *
     * @param pointer     where the value goes, a JSON pointer ({@code /image/tag})
     * @param label       {@code image.tag}
     * @param kind        how it is edited and checked
     * @param required    listed in {@code required} of its object (and its object is required or top)
     * @param options     the allowed values of an {@code ENUM}, as text
     * @param choices     the same as JSON (the schema's {@code enum})
     * @param minimum     the inclusive minimum of a number, or null
     * @param maximum     the inclusive maximum of a number, or null
     * @param minLength   the shortest string, or null
     * @param maxLength   the longest string, or null
     * @param description the schema's description, or empty
     * @param initial     the schema's default as text, or empty
     */
    record Field(
            String pointer,
            String label,
            Kind kind,
            boolean required,
            List<String> options,
            List<JsonNode> choices,
            BigDecimal minimum,
            BigDecimal maximum,
            Integer minLength,
            Integer maxLength,
            String description,
            String initial) {}

    private ValuesForm() {}

    /** The fields of {@code schema} in schema order; none when there is no schema (or no properties). */
    static List<Field> fields(JsonNode schema) {
        List<Field> out = new ArrayList<>();
        if (schema != null && schema.isObject()) {
            collect(schema, "", "", true, out, 0);
        }
        return out;
    }

    private static void collect(
            JsonNode object, String pointer, String label, boolean needed, List<Field> out, int depth) {
        JsonNode properties = object.path("properties");
        if (!properties.isObject() || depth > 8) {
            return;
        }
        Set<String> required = new HashSet<>();
        object.path("required").forEach(r -> required.add(r.asText()));
        for (Map.Entry<String, JsonNode> p : properties.properties()) {
            JsonNode s = p.getValue();
            String ptr = pointer + "/" + p.getKey().replace("~", "~0").replace("/", "~1");
            String lbl = label.isEmpty() ? p.getKey() : label + "." + p.getKey();
            boolean req = needed && required.contains(p.getKey());
            if (type(s).equals("object") && s.path("properties").isObject()) {
                collect(s, ptr, lbl, req, out, depth + 1);
                continue;
            }
            out.add(field(s, ptr, lbl, req));
        }
    }

    private static Field field(JsonNode s, String pointer, String label, boolean required) {
        List<String> options = new ArrayList<>();
        List<JsonNode> choices = new ArrayList<>();
        s.path("enum").forEach(e -> {
            options.add(e.isTextual() ? e.asText() : e.toString());
            choices.add(e);
        });
        Kind kind = switch (type(s)) {
            case "string" -> Kind.STRING;
            case "integer" -> Kind.INTEGER;
            case "number" -> Kind.NUMBER;
            case "boolean" -> Kind.BOOLEAN;
            default -> Kind.JSON;
        };
        if (!options.isEmpty()) {
            kind = Kind.ENUM;
        }
        JsonNode def = s.get("default");
        String initial = def == null || def.isNull() ? "" : def.isTextual() ? def.asText() : def.toString();
        return new Field(
                pointer,
                label,
                kind,
                required,
                List.copyOf(options),
                List.copyOf(choices),
                s.path("minimum").isNumber() ? s.get("minimum").decimalValue() : null,
                s.path("maximum").isNumber() ? s.get("maximum").decimalValue() : null,
                s.path("minLength").isInt() ? s.get("minLength").asInt() : null,
                s.path("maxLength").isInt() ? s.get("maxLength").asInt() : null,
                s.path("description").asText(""),
                initial);
    }

    /** The type of a schema; the first non-null of a type list ({@code ["string","null"]}). */
    private static String type(JsonNode s) {
        JsonNode t = s.path("type");
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!"null".equals(each.asText())) {
                    return each.asText();
                }
            }
            return "";
        }
        return t.asText("");
    }

    /** Why {@code text} does not fit {@code field}, or null when it does (blank: left out). */
    static String problem(Field field, String text) {
        String v = text == null ? "" : text.trim();
        if (v.isEmpty()) {
            return field.required() ? "required" : null;
        }
        switch (field.kind()) {
            case INTEGER, NUMBER -> {
                BigDecimal n;
                try {
                    n = new BigDecimal(v);
                } catch (NumberFormatException e) {
                    return field.kind() == Kind.INTEGER ? "must be a whole number" : "must be a number";
                }
                if (field.kind() == Kind.INTEGER && n.stripTrailingZeros().scale() > 0) {
                    return "must be a whole number";
                }
                if (field.minimum() != null && n.compareTo(field.minimum()) < 0) {
                    return "must be at least " + field.minimum().toPlainString();
                }
                if (field.maximum() != null && n.compareTo(field.maximum()) > 0) {
                    return "must be at most " + field.maximum().toPlainString();
                }
                return null;
            }
            case BOOLEAN -> {
                return v.equals("true") || v.equals("false") ? null : "must be true or false";
            }
            case ENUM -> {
                return field.options().contains(v) ? null : "must be one of " + String.join(", ", field.options());
            }
            case STRING -> {
                int length = v.codePointCount(0, v.length());
                if (field.minLength() != null && length < field.minLength()) {
                    return "must have at least " + field.minLength() + " characters";
                }
                if (field.maxLength() != null && length > field.maxLength()) {
                    return "must have at most " + field.maxLength() + " characters";
                }
                return null;
            }
            default -> {
                try {
                    Json.mapper().readTree(v);
                    return null;
                } catch (JsonProcessingException e) {
                    return "must be JSON";
                }
            }
        }
    }

    /** The problems of the whole form by pointer, in form order; empty when it can be sent. */
    static Map<String, String> problems(List<Field> fields, Map<String, String> texts) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : fields) {
            String p = problem(f, texts.get(f.pointer()));
            if (p != null) {
                out.put(f.pointer(), p);
            }
        }
        return out;
    }

    /**
     * The values to send: every field whose text is not blank and differs from the schema's
     * default (the chart's defaults apply to the rest), typed as the schema says. Call it on a form
     * without {@link #problems}.
     */
    static ObjectNode values(List<Field> fields, Map<String, String> texts) {
        ObjectNode root = Json.mapper().createObjectNode();
        for (Field f : fields) {
            String v = texts.getOrDefault(f.pointer(), "").trim();
            if (v.isEmpty() || v.equals(f.initial())) {
                continue;
            }
            ObjectNode parent = root;
            List<String> parts = parts(f.pointer());
            for (String part : parts.subList(0, parts.size() - 1)) {
                parent = parent.has(part) && parent.get(part).isObject()
                        ? (ObjectNode) parent.get(part)
                        : parent.putObject(part);
            }
            parent.set(parts.getLast(), typed(f, v));
        }
        return root;
    }

    private static JsonNode typed(Field f, String v) {
        var nodes = Json.mapper().getNodeFactory();
        return switch (f.kind()) {
            // as a JSON reader would read it ("3.0" of an integer field is 3, never 3.0 or 1E+1)
            case INTEGER -> json(new BigDecimal(v).toBigIntegerExact().toString());
            case NUMBER -> json(new BigDecimal(v).toString());
            case BOOLEAN -> nodes.booleanNode(Boolean.parseBoolean(v));
            case STRING -> nodes.textNode(v);
            case ENUM -> f.choices().get(f.options().indexOf(v));
            case JSON -> json(v);
        };
    }

    private static JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + text, e); // problems() refuses it first
        }
    }

    private static List<String> parts(String pointer) {
        List<String> out = new ArrayList<>();
        for (String p : pointer.substring(1).split("/", -1)) {
            out.add(p.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /**
     * The values difference of a dry run, one line per change: {@code + /a: 1} added,
     * {@code - /a: 1} removed, {@code ~ /a: 1 → 2} replaced.
     */
    static String renderChanges(List<ValueChange> changes) {
        if (changes == null || changes.isEmpty()) {
            return "No values change.";
        }
        StringBuilder out = new StringBuilder();
        for (ValueChange c : changes) {
            String line = switch (c.op()) {
                case "add" -> "+ " + c.path() + ": " + show(c.after());
                case "remove" -> "- " + c.path() + ": " + show(c.before());
                default -> "~ " + c.path() + ": " + show(c.before()) + " → " + show(c.after());
            };
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String show(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }
}
