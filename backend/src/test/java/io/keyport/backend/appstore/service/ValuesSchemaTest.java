package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.keyport.backend.http.ApiException;
import io.keyport.model.common.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void referencesOutsideTheSchemaAreRefusedAndNeverLoaded(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("s.json"), "{\"type\":\"object\"}");
        AtomicInteger calls = new AtomicInteger();
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            calls.incrementAndGet();
            byte[] body = "{\"type\":\"object\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        try {
            String local = "http://127.0.0.1:" + http.getAddress().getPort() + "/s.json";
            // each would validate {} as an object if it were loaded; refused with the keyword and where
            for (String ref : List.of(
                    file.toUri().toString(),
                    "file:" + file,
                    "classpath:/openapi/appstore.yaml",
                    "classpath:logging-test.properties",
                    local,
                    local.replace("http:", "https:"))) {
                assertThatThrownBy(() -> ValuesSchema.errors(null, "{\"$ref\":\"" + ref + "\"}", json("{}")))
                        .as(ref)
                        .isInstanceOfSatisfying(ApiException.class, e -> {
                            assertThat(e.status().code()).isEqualTo(400);
                            assertThat(e.message()).contains("$ref").contains("points outside the schema");
                        });
            }
            assertThatThrownBy(() -> ValuesSchema.errors(null, "{\"$schema\":\"" + local + "\"}", json("{}")))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.message()).contains("$schema"));
            assertThat(calls).as("requests to the schema host").hasValue(0);
        } finally {
            http.stop(0);
        }
    }

    @Test
    void referencesInsideTheSchemaStillWork() throws Exception {
        String schema = "{\"$schema\":\"https://json-schema.org/draft-07/schema#\",\"$id\":\"https://example.org/v\","
                + "\"definitions\":{\"port\":{\"type\":\"integer\",\"maximum\":65535}},"
                + "\"properties\":{\"port\":{\"$ref\":\"#/definitions/port\"}}}";
        assertThat(ValuesSchema.errors(null, schema, json("{\"port\":80}"))).isEmpty();
        assertThat(ValuesSchema.errors(null, schema, json("{\"port\":70000}")))
                .singleElement()
                .satisfies(e -> assertThat(e.get("path")).isEqualTo("/port"));
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
