package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.http.ApiException;
import io.keyport.model.common.Json;

/**
 * Values and values schemas from charts and callers on any text: the check answers a list of errors
 * or a 4xx of the App Store family for a schema it cannot use; never another exception.
 */
class ValuesSchemaFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anySchemaAndValuesGiveErrorsOrA4xx(FuzzedDataProvider data) {
        String defaults = data.consumeString(200);
        String schema = data.consumeString(400);
        String values = data.consumeRemainingAsString();
        JsonNode node;
        try {
            node = Json.mapper().readTree(values);
        } catch (Exception e) {
            return; // the HTTP layer refuses JSON that does not parse
        }
        if (node == null || !node.isObject()) {
            return;
        }
        try {
            assertThat(ValuesSchema.errors(defaults, schema, node)).isNotNull();
        } catch (ApiException e) {
            assertThat(e.status().code()).isBetween(400, 499);
        }
    }
}
