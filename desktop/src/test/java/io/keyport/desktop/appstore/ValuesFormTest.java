package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.appstore.ValuesForm.Field;
import io.keyport.desktop.appstore.ValuesForm.Kind;
import io.keyport.model.appstore.ReleaseDryRun.ValueChange;
import io.keyport.model.common.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The install form's logic: schema to fields, inline validation, values, and the dry run's diff. */
class ValuesFormTest {

    private static final String SCHEMA = """
            {"type":"object","required":["replicaCount","image"],
             "properties":{
               "replicaCount":{"type":"integer","minimum":1,"maximum":10,"default":2,"description":"Pods"},
               "ratio":{"type":"number","maximum":1.5},
               "debug":{"type":"boolean"},
               "mode":{"type":"string","enum":["fast","safe"]},
               "port":{"enum":[80,443]},
               "image":{"type":"object","required":["tag"],
                        "properties":{"tag":{"type":"string","minLength":1,"maxLength":5},
                                      "pullPolicy":{"type":["string","null"]}}},
               "extra":{"type":"object","required":["x"],"properties":{"x":{"type":"string"}}},
               "args":{"type":"array","items":{"type":"string"}}}}
            """;

    private static List<Field> fields() throws Exception {
        return ValuesForm.fields(Json.mapper().readTree(SCHEMA));
    }

    private static Field field(String label) throws Exception {
        return fields().stream()
                .filter(f -> f.label().equals(label))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void schemaBecomesOneFieldPerLeafWithNestedObjectsFlattened() throws Exception {
        assertThat(fields())
                .extracting(Field::label, Field::kind, Field::required)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("replicaCount", Kind.INTEGER, true),
                        org.assertj.core.groups.Tuple.tuple("ratio", Kind.NUMBER, false),
                        org.assertj.core.groups.Tuple.tuple("debug", Kind.BOOLEAN, false),
                        org.assertj.core.groups.Tuple.tuple("mode", Kind.ENUM, false),
                        org.assertj.core.groups.Tuple.tuple("port", Kind.ENUM, false),
                        org.assertj.core.groups.Tuple.tuple("image.tag", Kind.STRING, true),
                        org.assertj.core.groups.Tuple.tuple("image.pullPolicy", Kind.STRING, false),
                        // required inside an optional object is not required of the form
                        org.assertj.core.groups.Tuple.tuple("extra.x", Kind.STRING, false),
                        org.assertj.core.groups.Tuple.tuple("args", Kind.JSON, false));
        Field replicas = field("replicaCount");
        assertThat(replicas.pointer()).isEqualTo("/replicaCount");
        assertThat(replicas.initial()).isEqualTo("2");
        assertThat(replicas.description()).isEqualTo("Pods");
        assertThat(field("image.tag").pointer()).isEqualTo("/image/tag");
        assertThat(field("mode").options()).containsExactly("fast", "safe");
        assertThat(ValuesForm.fields(null)).isEmpty();
        assertThat(ValuesForm.fields(Json.mapper().readTree("{\"type\":\"object\"}")))
                .isEmpty();
    }

    @Test
    void fieldsAreCheckedForRequiredTypeEnumAndBounds() throws Exception {
        Field replicas = field("replicaCount");
        assertThat(ValuesForm.problem(replicas, " ")).isEqualTo("required");
        assertThat(ValuesForm.problem(replicas, "two")).isEqualTo("must be a whole number");
        assertThat(ValuesForm.problem(replicas, "2.5")).isEqualTo("must be a whole number");
        assertThat(ValuesForm.problem(replicas, "0")).isEqualTo("must be at least 1");
        assertThat(ValuesForm.problem(replicas, "11")).isEqualTo("must be at most 10");
        assertThat(ValuesForm.problem(replicas, "10")).isNull();
        assertThat(ValuesForm.problem(replicas, "3.0")).isNull();
        assertThat(ValuesForm.problem(field("ratio"), "1.6")).isEqualTo("must be at most 1.5");
        assertThat(ValuesForm.problem(field("ratio"), "")).isNull();
        assertThat(ValuesForm.problem(field("debug"), "yes")).isEqualTo("must be true or false");
        assertThat(ValuesForm.problem(field("mode"), "slow")).isEqualTo("must be one of fast, safe");
        assertThat(ValuesForm.problem(field("port"), "443")).isNull();
        assertThat(ValuesForm.problem(field("image.tag"), "")).isEqualTo("required");
        assertThat(ValuesForm.problem(field("image.tag"), "1.2.3.4")).isEqualTo("must have at most 5 characters");
        assertThat(ValuesForm.problem(field("args"), "[\"a\"")).isEqualTo("must be JSON");

        Map<String, String> texts = new HashMap<>(Map.of("/replicaCount", "0", "/mode", "slow"));
        assertThat(ValuesForm.problems(fields(), texts))
                .containsExactly(
                        Map.entry("/replicaCount", "must be at least 1"),
                        Map.entry("/mode", "must be one of fast, safe"),
                        Map.entry("/image/tag", "required"));
    }

    @Test
    void valuesAreTypedNestedAndLeaveDefaultsToTheChart() throws Exception {
        Map<String, String> texts = new HashMap<>();
        texts.put("/replicaCount", "2"); // the default: the chart's values.yaml decides
        texts.put("/ratio", "0.50");
        texts.put("/debug", "true");
        texts.put("/mode", "safe");
        texts.put("/port", "443");
        texts.put("/image/tag", "1.27");
        texts.put("/args", "[\"--verbose\"]");
        texts.put("/extra/x", "  ");
        JsonNode values = ValuesForm.values(fields(), texts);
        assertThat(values).isEqualTo(Json.mapper().readTree("""
                {"ratio":0.5,"debug":true,"mode":"safe","port":443,"image":{"tag":"1.27"},"args":["--verbose"]}
                """));
        texts.put("/replicaCount", "10.0");
        texts.put("/ratio", "100");
        JsonNode changed = ValuesForm.values(fields(), texts);
        assertThat(changed.get("replicaCount").toString()).isEqualTo("10");
        assertThat(changed.get("ratio").asDouble()).isEqualTo(100.0);
    }

    private static final String VALUES_YAML = """
            # Pods
            replicaCount: 3
            ratio: 0.25
            debug: false
            port: 443
            image:
              tag: "1.27"
              pullPolicy: null
            args: [--verbose, "--port=8080"]
            notInTheSchema: {a: 1}
            """;

    @Test
    void theFormStartsWithTheChartsValuesYamlThenTheSchemasDefault() throws Exception {
        List<Field> filled = ValuesForm.fields(Json.mapper().readTree(SCHEMA), ValuesForm.defaults(VALUES_YAML));
        Map<String, String> initial = new java.util.LinkedHashMap<>();
        filled.forEach(f -> initial.put(f.label(), f.initial()));
        assertThat(initial)
                .containsExactly(
                        Map.entry("replicaCount", "3"), // values.yaml over the schema's default 2
                        Map.entry("ratio", "0.25"),
                        Map.entry("debug", "false"),
                        Map.entry("mode", ""),
                        Map.entry("port", "443"),
                        Map.entry("image.tag", "1.27"),
                        Map.entry("image.pullPolicy", ""), // null: no default
                        Map.entry("extra.x", ""),
                        Map.entry("args", "[\"--verbose\",\"--port=8080\"]"));
        assertThat(ValuesForm.fields(Json.mapper().readTree(SCHEMA), ValuesForm.defaults(null)))
                .extracting(Field::initial)
                .startsWith("2");
    }

    @Test
    void anUntouchedFormSendsNothingSoTheChartsDefaultsApplyUnchanged() throws Exception {
        List<Field> filled = ValuesForm.fields(Json.mapper().readTree(SCHEMA), ValuesForm.defaults(VALUES_YAML));
        Map<String, String> texts = new HashMap<>();
        filled.forEach(f -> texts.put(f.pointer(), f.initial()));
        assertThat(ValuesForm.problems(filled, texts)).isEmpty();
        assertThat(ValuesForm.values(filled, texts)).isEqualTo(Json.mapper().createObjectNode());
        // each default typed back as the field types it is the value of values.yaml, so that a
        // field changed later never changes its neighbours
        JsonNode defaults = ValuesForm.defaults(VALUES_YAML);
        for (Field f : filled) {
            if (!f.initial().isEmpty()) {
                Field unset = ValuesForm.withInitial(f, "");
                assertThat(ValuesForm.values(List.of(unset), Map.of(f.pointer(), f.initial()))
                                .at(f.pointer()))
                        .as(f.label())
                        .isEqualTo(defaults.at(f.pointer()));
            }
        }
        texts.put("/image/tag", "1.28");
        assertThat(ValuesForm.values(filled, texts).toString()).isEqualTo("{\"image\":{\"tag\":\"1.28\"}}");
    }

    @Test
    void valuesYamlThatIsNotAMappingGivesNoDefaults() {
        for (String yaml : List.of("", "- a\n- b\n", "a: [1\n", "just text", "a: &x [*x]\n")) {
            assertThat(ValuesForm.defaults(yaml).isObject()).as(yaml).isTrue();
        }
        assertThat(ValuesForm.defaults("a: [1\n").size()).isZero();
    }

    @Test
    void theServersRefusalGoesToItsFieldOrToTheList() throws Exception {
        JsonNode details = Json.mapper().readTree("""
                [{"path":"/image/tag","message":"/image/tag: does not match the regex pattern ^[0-9]+$"},
                 {"path":"/args/1","message":"/args/1: integer found, string expected"},
                 {"path":"/extra","message":"/extra: required property 'x' not found"},
                 {"path":"","message":": required property 'license' not found"},
                 {"path":"/service","message":"property 'legacy' is not defined in the schema"},
                 {"path":"/image/tag","message":"must be short"}]
                """);
        ValuesForm.Refusals placed = ValuesForm.placeRefusals(fields(), details);
        assertThat(placed.atFields())
                .containsExactly(
                        Map.entry("/image/tag", "does not match the regex pattern ^[0-9]+$; must be short"),
                        Map.entry("/args", "/args/1: integer found, string expected"),
                        Map.entry("/extra/x", "required property 'x' not found"));
        assertThat(placed.others())
                .containsExactly(
                        "/: required property 'license' not found",
                        "/service: property 'legacy' is not defined in the schema");
        assertThat(ValuesForm.placeRefusals(fields(), null).others()).isEmpty();
    }

    @Test
    void theDryRunDifferenceReadsOneLinePerChange() {
        assertThat(ValuesForm.renderChanges(List.of())).isEqualTo("No values change.");
        assertThat(ValuesForm.renderChanges(List.of(
                        new ValueChange("/replicaCount", "replace", 2, 3),
                        new ValueChange("/image/tag", "add", null, "1.28"),
                        new ValueChange("/debug", "remove", true, null))))
                .isEqualTo("~ /replicaCount: 2 → 3\n+ /image/tag: \"1.28\"\n- /debug: true\n");
    }
}
