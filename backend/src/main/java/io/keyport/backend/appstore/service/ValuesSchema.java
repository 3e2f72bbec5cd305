package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.keyport.model.appstore.ReleaseDryRun.ValueChange;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Values against a chart, as Helm checks them: the chart's {@code values.yaml} defaults with the
 * given values merged over them (objects merge, anything else replaces, {@code null} removes), then
 * the result against {@code values.schema.json}. Schemas never load anything remote. Also the
 * difference between two sets of values, leaf by leaf, for the upgrade dry run.
 */
public final class ValuesSchema {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final int MAX_ERRORS = 100;

    /** The meta-schemas a {@code $schema} may name (built into the validator, never loaded). */
    private static final java.util.Set<String> DIALECTS = dialects();

    /** The keywords whose value is a reference the validator would resolve. */
    private static final List<String> REFERENCES = List.of("$ref", "$dynamicRef", "$recursiveRef");

    /**
     * Nothing is loaded from anywhere: no remote fetch, and every IRI blocked but the built-in
     * meta-schemas, so a reference that slipped past {@link #outsideReference} still loads nothing.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7,
            b -> b.schemaLoader(
                    l -> l.fetchRemoteResources(false).block(iri -> !DIALECTS.contains(bare(iri.toString())))));

    private ValuesSchema() {}

    /**
     * The errors of {@code values} against the chart ({@code valuesYaml} and {@code schemaJson} may be
     * null); each {@code {"path": "/replicaCount", "message": "..."}}. Empty when they fit.
     */
    public static List<Map<String, String>> errors(String valuesYaml, String schemaJson, JsonNode values) {
        if (schemaJson == null || schemaJson.isBlank()) {
            return List.of();
        }
        JsonNode merged = merge(defaults(valuesYaml), values);
        Schema schema;
        List<Error> found;
        try {
            JsonNode tree = io.keyport.model.common.Json.mapper().readTree(schemaJson);
            String outside = outsideReference(tree);
            if (outside != null) {
                // a chart stored before uploads checked this: refused here too, never resolved
                throw AppStoreError.BAD_REQUEST.with("the chart's values schema cannot be used: " + outside);
            }
            schema = REGISTRY.getSchema(tree);
            found = schema.validate(merged);
        } catch (io.keyport.backend.http.ApiException e) {
            throw e;
        } catch (Exception e) {
            // a schema the validator cannot use (a library runtime exception at the parse boundary)
            throw AppStoreError.BAD_REQUEST.with("the chart's values schema cannot be used: " + summary(e));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Error error : found) {
            if (out.size() == MAX_ERRORS) {
                break;
            }
            String path = error.getInstanceLocation() == null
                    ? ""
                    : error.getInstanceLocation().toString();
            out.add(Map.of("path", path, "message", error.getMessage() == null ? "" : error.getMessage()));
        }
        return out;
    }

    /**
     * Why {@code schema} is refused for pointing outside itself, or null when every reference stays
     * inside the document: each {@code $ref} (and {@code $dynamicRef}, {@code $recursiveRef}) must
     * be a fragment ({@code #/definitions/x}, {@code #anchor}), never a {@code classpath:},
     * {@code file:}, {@code http(s):} or relative URI, and {@code $schema} must name one of the
     * JSON Schema drafts the validator has built in. A server must not read its own files or
     * class path, nor call out, on behalf of a chart's author.
     */
    public static String outsideReference(JsonNode schema) {
        return outsideReference(schema, "", 0);
    }

    private static String outsideReference(JsonNode node, String at, int depth) {
        if (node == null || depth > 200) {
            return depth > 200 ? "it is nested deeper than 200 levels" : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = outsideReference(node.get(i), at + "/" + i, depth + 1);
                if (found != null) {
                    return found;
                }
            }
            return null;
        }
        if (!node.isObject()) {
            return null;
        }
        for (String keyword : REFERENCES) {
            JsonNode ref = node.get(keyword);
            if (ref != null && ref.isTextual() && !ref.asText().startsWith("#")) {
                return keyword + " " + quote(ref.asText()) + " at " + (at.isEmpty() ? "/" : at)
                        + " points outside the schema (only references inside it, starting with #, are allowed)";
            }
        }
        JsonNode dialect = node.get("$schema");
        if (dialect != null && dialect.isTextual() && !DIALECTS.contains(bare(dialect.asText()))) {
            return "$schema " + quote(dialect.asText()) + " at " + (at.isEmpty() ? "/" : at)
                    + " is not a JSON Schema draft this server knows (draft-04 to 2020-12)";
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String found = outsideReference(
                    f.getValue(), at + "/" + f.getKey().replace("~", "~0").replace("/", "~1"), depth + 1);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static java.util.Set<String> dialects() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String draft : List.of(
                "draft-04/schema",
                "draft-06/schema",
                "draft-07/schema",
                "draft/2019-09/schema",
                "draft/2020-12/schema")) {
            out.add("http://json-schema.org/" + draft);
            out.add("https://json-schema.org/" + draft);
        }
        return java.util.Set.copyOf(out);
    }

    /** An IRI without its empty fragment ({@code ...schema#} is {@code ...schema}). */
    private static String bare(String iri) {
        return iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri;
    }

    private static String quote(String text) {
        return "\"" + (text.length() > 80 ? text.substring(0, 80) + "..." : text) + "\"";
    }

    /** The chart's defaults as an object (empty when there are none or they are not an object). */
    static JsonNode defaults(String valuesYaml) {
        if (valuesYaml == null || valuesYaml.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = YAML.readTree(valuesYaml);
            return node != null && node.isObject() ? node : JsonNodeFactory.instance.objectNode();
        } catch (Exception e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** {@code over} merged onto a copy of {@code base}, as Helm coalesces values. */
    static JsonNode merge(JsonNode base, JsonNode over) {
        if (over == null || over.isNull() || over.isMissingNode()) {
            return base.deepCopy();
        }
        if (!base.isObject() || !over.isObject()) {
            return over.deepCopy();
        }
        ObjectNode out = ((ObjectNode) base).deepCopy();
        Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isNull()) {
                out.remove(f.getKey());
            } else if (out.has(f.getKey())) {
                out.set(f.getKey(), merge(out.get(f.getKey()), f.getValue()));
            } else {
                out.set(f.getKey(), f.getValue().deepCopy());
            }
        }
        return out;
    }

    /** The changed leaves from {@code before} to {@code after}, by JSON pointer. */
    public static List<ValueChange> diff(JsonNode before, JsonNode after) {
        List<ValueChange> out = new ArrayList<>();
        diff("", before, after, out);
        return out;
    }

    private static void diff(String path, JsonNode before, JsonNode after, List<ValueChange> out) {
        boolean hasBefore = before != null && !before.isMissingNode();
        boolean hasAfter = after != null && !after.isMissingNode();
        if (hasBefore && hasAfter && before.isObject() && after.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            before.fieldNames().forEachRemaining(keys::add);
            after.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                diff(path + "/" + key.replace("~", "~0").replace("/", "~1"), before.path(key), after.path(key), out);
            }
            return;
        }
        if (!hasBefore && hasAfter) {
            out.add(new ValueChange(path, "add", null, after));
        } else if (hasBefore && !hasAfter) {
            out.add(new ValueChange(path, "remove", before, null));
        } else if (hasBefore && !before.equals(after)) {
            out.add(new ValueChange(path, "replace", before, after));
        }
    }

    private static String summary(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() > 300 ? m.substring(0, 300) : m;
    }
}
