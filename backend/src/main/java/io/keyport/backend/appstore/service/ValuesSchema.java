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

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7, b -> b.schemaLoader(l -> l.fetchRemoteResources(false)));

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
            schema = REGISTRY.getSchema(io.keyport.model.common.Json.mapper().readTree(schemaJson));
            found = schema.validate(merged);
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
