package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.http.ApiException;

/**
 * Values schemas and defaults from charts on any text, against values a caller could send: the
 * check answers a list of errors, or a 4xx of the App Store family for a schema it cannot use;
 * never another exception. Half of the schemas start as a valid schema so the fuzzer reaches the
 * validator's keywords, not only the JSON parser.
 */
class ValuesSchemaFuzzTest {

    private static final String[] PREFIXES = {
        "",
        "{\"type\":\"object\",\"properties\":{\"a\":",
        "{\"$ref\":",
        "{\"properties\":{\"a\":{\"pattern\":",
        "{\"$ref\":\"classpath:",
        "{\"$ref\":\"file:",
        "{\"$ref\":\"http://127.0.0.1:9/",
        "{\"$schema\":\"",
        "{\"properties\":{\"a\":{\"$ref\":\"#"
    };

    @FuzzTest(maxDuration = "10s")
    void anySchemaAndValuesGiveErrorsOrA4xx(FuzzedDataProvider data) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        values.put("a", data.consumeString(40));
        values.put("n", data.consumeInt());
        values.putObject("o").put("b", data.consumeBoolean());
        String defaults = data.consumeString(200);
        String schema = PREFIXES[data.consumeInt(0, PREFIXES.length - 1)] + data.consumeRemainingAsString();
        try {
            assertThat(ValuesSchema.errors(defaults, schema, values)).isNotNull();
        } catch (ApiException e) {
            assertThat(e.status().code()).isBetween(400, 499);
        }
    }
}
