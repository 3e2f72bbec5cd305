package io.keyport.desktop.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.common.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A chart's values.yaml (written by whoever uploaded the chart) and a server's 422 details as the
 * install form reads them: the defaults are always an object (empty when the text is not a YAML
 * mapping), the form filled with them never throws, and refusals always land at a field or in the list.
 */
class ValuesFormFuzzTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"},"
            + "\"o\":{\"type\":\"object\",\"properties\":{\"b\":{\"enum\":[1,\"x\"]}}},\"l\":{\"type\":\"array\"}}}";

    @FuzzTest
    void anyValuesYamlAndDetailsFillTheFormOrAreLeftOut(FuzzedDataProvider data) throws Exception {
        String details = data.consumeString(300);
        JsonNode defaults = ValuesForm.defaults(data.consumeRemainingAsString());
        assertThat(defaults.isObject()).isTrue();
        List<ValuesForm.Field> fields = ValuesForm.fields(Json.mapper().readTree(SCHEMA), defaults);
        Map<String, String> texts = new HashMap<>();
        fields.forEach(f -> texts.put(f.pointer(), f.initial()));
        if (ValuesForm.problems(fields, texts).isEmpty()) {
            assertThat(ValuesForm.values(fields, texts).isEmpty()).isTrue();
        }
        JsonNode parsed;
        try {
            parsed = Json.mapper().readTree(details);
        } catch (Exception e) {
            parsed = null;
        }
        ValuesForm.Refusals placed = ValuesForm.placeRefusals(fields, parsed);
        int n = parsed != null && parsed.isArray() ? parsed.size() : 0;
        assertThat(placed.others().size()).isLessThanOrEqualTo(n);
    }
}
