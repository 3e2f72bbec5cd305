package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.http.ApiException;
import io.keyport.model.common.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesSchemaTest {

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"replicaCount\"],\"properties\":{"
            + "\"replicaCount\":{\"type\":\"integer\",\"minimum\":1},"
            + "\"image\":{\"type\":\"object\",\"properties\":{\"tag\":{\"type\":\"string\"}}}}}";

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void givenValuesAreMergedOverTheChartDefaultsBeforeTheyAreChecked() throws Exception {
        assertThat(ValuesSchema.errors("replicaCount: 1\n", SCHEMA, json("{}"))).isEmpty();
        assertThat(ValuesSchema.errors("image:\n  tag: x\n", SCHEMA, json("{}")))
                .as("required replicaCount is in neither")
                .hasSize(1);
        assertThat(ValuesSchema.errors("replicaCount: 1\n", SCHEMA, json("{\"replicaCount\":null}")))
                .as("null removes a default")
                .hasSize(1);
    }

    @Test
    void eachMismatchIsListedWithItsPath() throws Exception {
        List<Map<String, String>> errors =
                ValuesSchema.errors(null, SCHEMA, json("{\"replicaCount\":0,\"image\":{\"tag\":5}}"));
        assertThat(errors).hasSize(2);
        assertThat(errors.toString()).contains("/replicaCount").contains("/image/tag");
    }

    @Test
    void noSchemaMeansNoErrors() throws Exception {
        assertThat(ValuesSchema.errors("a: 1", null, json("{\"anything\":[1]}")))
                .isEmpty();
    }

    @Test
    void aSchemaThatCannotBeUsedIsA400NotA500() throws Exception {
        assertThatThrownBy(() -> ValuesSchema.errors(null, "{\"type\":", json("{}")))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400));
    }

    @Test
    void theDifferenceListsChangedLeavesByPointer() throws Exception {
        assertThat(ValuesSchema.diff(
                                json("{\"replicaCount\":2,\"old\":true,\"image\":{\"tag\":\"1\"}}"),
                                json("{\"replicaCount\":3,\"image\":{\"tag\":\"1\",\"pull\":\"x\"},\"a/b\":1}"))
                        .stream()
                        .map(c -> c.op() + " " + c.path())
                        .toList())
                .containsExactly("add /a~1b", "add /image/pull", "remove /old", "replace /replicaCount");
    }

    @Test
    void releaseNamesAreDns1123LabelsOfThreeWords() {
        ReleaseNames names = new ReleaseNames(new java.util.Random(7));
        for (int i = 0; i < 200; i++) {
            assertThat(names.next()).matches("[a-z]+-[a-z]+-[a-z]+").hasSizeLessThanOrEqualTo(53);
        }
    }
}
