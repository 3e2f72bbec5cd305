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
