package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
     * @param initial     the chart's default as text (values.yaml, else the schema's default), or empty
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

    private static final YAMLMapper YAML = new YAMLMapper();

    /** The fields of {@code schema} in schema order; none when there is no schema (or no properties). */
    static List<Field> fields(JsonNode schema) {
        return fields(schema, null);
    }

    /**
     * The fields of {@code schema}, each starting with its value in {@code defaults} (the chart's
     * values.yaml as {@link #defaults} reads it; null: none) where it has one, else with the
     * schema's {@code default}. Objects and arrays of a field edited as JSON start as their JSON.
     */
    static List<Field> fields(JsonNode schema, JsonNode defaults) {
        List<Field> out = new ArrayList<>();
        if (schema != null && schema.isObject()) {
            collect(schema, "", "", true, out, 0);
        }
        if (defaults == null || !defaults.isObject()) {
            return out;
        }
        List<Field> filled = new ArrayList<>(out.size());
        for (Field f : out) {
            JsonNode value = defaults.at(f.pointer());
            filled.add(value.isMissingNode() || value.isNull() ? f : withInitial(f, text(f, value)));
        }
        return filled;
    }

    /**
     * The chart's values.yaml as a JSON object; an empty object when there is none or it is not a
     * YAML mapping (the server refuses charts whose values.yaml does not parse; this never throws).
     */
    static JsonNode defaults(String valuesYaml) {
        if (valuesYaml == null || valuesYaml.isBlank()) {
            return Json.mapper().createObjectNode();
        }
        try {
            JsonNode node = YAML.readTree(valuesYaml);
            return node != null && node.isObject() ? node : Json.mapper().createObjectNode();
        } catch (JsonProcessingException | RuntimeException e) {
            // SnakeYAML's limits (aliases, depth, size) throw its own runtime exceptions
            return Json.mapper().createObjectNode();
        }
    }

    /** A default as the field shows it: text as is, an enum choice as its option, anything else as JSON. */
    private static String text(Field f, JsonNode value) {
        if (f.kind() == Kind.ENUM) {
            int i = f.choices().indexOf(value);
            return i >= 0 ? f.options().get(i) : value.isTextual() ? value.asText() : value.toString();
        }
        return value.isTextual() ? value.asText() : value.toString();
    }

    /** {@code f} starting with {@code initial}. */
    static Field withInitial(Field f, String initial) {
        return new Field(
                f.pointer(),
                f.label(),
                f.kind(),
                f.required(),
                f.options(),
                f.choices(),
                f.minimum(),
                f.maximum(),
                f.minLength(),
                f.maxLength(),
                f.description(),
                initial);
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
     * The server's refusal of values ({@code details} of a 422: {@code [{"path", "message"}]}) placed
     * on the form: each error whose path is a field's pointer, or lies inside a field edited as JSON
     * ({@code /hosts/1} of {@code /hosts}), or names a missing property of a field ("required
     * property 'tag'" at {@code /image}), goes to {@link Refusals#atFields()} by pointer; the rest,
     * as {@code path: message}, to {@link Refusals#others()}.
     */
    static Refusals placeRefusals(List<Field> fields, JsonNode details) {
        Map<String, String> atFields = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        if (details == null || !details.isArray()) {
            return new Refusals(atFields, others);
        }
        for (JsonNode d : details) {
            String path = d.path("path").asText("");
            String message = d.path("message").asText("");
            if (message.startsWith(path + ": ")) {
                message = message.substring(path.length() + 2); // the validator repeats the path
            }
            String pointer = fieldOf(fields, path, message);
            if (pointer == null) {
                others.add((path.isEmpty() ? "/" : path) + ": " + message);
            } else {
                // inside a JSON field, say where: "/hosts/1: does not match …"
                String shown = path.startsWith(pointer + "/") ? path + ": " + message : message;
                atFields.merge(pointer, shown, (a, b) -> a + "; " + b);
            }
        }
        return new Refusals(atFields, others);
    }

    /**
     * Where the server's errors go.
     *
     * @param atFields the message per field pointer (two errors of one field joined by "; ")
     * @param others   the errors of no field, as {@code path: message}
     */
    record Refusals(Map<String, String> atFields, List<String> others) {}

    private static final java.util.regex.Pattern MISSING =
            java.util.regex.Pattern.compile("required property '([^']*)' not found");

    private static String fieldOf(List<Field> fields, String path, String message) {
        java.util.regex.Matcher missing = MISSING.matcher(message);
        String named = missing.find()
                ? path + "/" + missing.group(1).replace("~", "~0").replace("/", "~1")
                : null;
        for (Field f : fields) {
            if (f.pointer().equals(path) || f.pointer().equals(named)) {
                return f.pointer();
            }
        }
        for (Field f : fields) {
            if (f.kind() == Kind.JSON && path.startsWith(f.pointer() + "/")) {
                return f.pointer();
            }
        }
        return null;
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
