package io.keyport.backend.kio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Helpers shared by the Kio black-box tests. */
final class KioTesting {

    /** What kio-cli's {@code strptime(s, '%Y-%m-%dT%H:%M:%S.%fZ')} accepts from us: UTC with milliseconds. */
    static final Pattern CLI_TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

    /** The JSON fields that carry timestamps in Kio documents. */
    static final List<String> TIMESTAMP_FIELDS = List.of("created", "last_modified", "approved_at");

    private KioTesting() {}

    /**
     * A client-credentials token for application {@code appId} (which must exist), after an admin
     * granted it {@code scopes}.
     */
    static String serviceToken(ApiClient api, String admin, String appId, String... scopes) {
        String list = String.join(
                ",", java.util.Arrays.stream(scopes).map(s -> "\"" + s + "\"").toList());
        ApiClient.expect(api.putJson("/apps/" + appId + "/scopes", admin, "{\"scopes\":[" + list + "]}"), 200);
        JsonNode credential = ApiClient.expect(
                        api.send("POST", "/apps/" + appId + "/credentials", null, "Authorization", "Bearer " + admin),
                        201)
                .json();
        var r = api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                credential.get("client_id").asText(),
                credential.get("client_secret").asText());
        ApiClient.expect(r, 200);
        return r.json().get("access_token").asText();
    }

    /** Every non-null timestamp field anywhere in {@code node}, as "path=value". */
    static List<String> timestamps(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, "$", out);
        return out;
    }

    private static void collect(JsonNode node, String path, List<String> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", out);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var field = it.next();
                if (TIMESTAMP_FIELDS.contains(field.getKey())
                        && !field.getValue().isNull()) {
                    out.add(path + "." + field.getKey() + "=" + field.getValue().asText());
                }
                collect(field.getValue(), path + "." + field.getKey(), out);
            }
        }
    }

    /** Asserts that every timestamp in {@code node} has the one format kio-cli parses. */
    static void assertCliTimestamps(JsonNode node) {
        for (String entry : timestamps(node)) {
            String value = entry.substring(entry.indexOf('=') + 1);
            assertThat(value).as(entry).matches(CLI_TIMESTAMP);
        }
    }

    static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.get("id").asText()));
        return ids;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
