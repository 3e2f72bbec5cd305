package io.keyport.backend.audit;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.model.common.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Audited text holding every control character U+0001–U+001F and other awkward characters
 * (quotes, backslashes, U+2028, U+2029, DEL, a non-BMP emoji) goes through applications, versions
 * and teams; the chain still verifies, and the log and the export give the text back exactly.
 */
@KeyportTest
class AuditControlCharactersIT {

    /** U+0001–U+001F, then the other awkward ones. */
    static final String AWKWARD;
    /** What a version artifact may hold: no whitespace ({@code \S}), so without U+0009–U+000D. */
    static final String ARTIFACT_AWKWARD;

    static {
        StringBuilder all = new StringBuilder();
        StringBuilder noSpace = new StringBuilder();
        for (char c = 0x01; c <= 0x1f; c++) {
            all.append(c);
            if (c < 0x09 || c > 0x0d) {
                noSpace.append(c);
            }
        }
        String others = "\"q\\b\\\\\u2028\u2029\u007f\uD83D\uDE00é\\u0041</x>";
        AWKWARD = all + others;
        ARTIFACT_AWKWARD = noSpace + others;
    }

    static ApiClient api;
    static String admin;
    static String carla;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
        admin = api.adminToken();
        api.team(admin, "ctl");
        carla = api.user(admin, "carla", "carla-password-1", "ctl");
    }

    private static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyControlCharacterRoundTripsThroughTheLogAndTheChainVerifies() {
        long before = AuditTesting.count(api, admin);

        Map<String, Object> app = new LinkedHashMap<>();
        app.put("team_id", "ctl");
        app.put("active", true);
        app.put("name", "name" + AWKWARD);
        app.put("description", "line one\nline two" + AWKWARD);
        expect(api.putJson("/apps/ctl-app", admin, json(app)), 200);
        expect(api.putJson("/apps/ctl-app", carla, json(Map.of("subtitle", AWKWARD))), 200);
        String artifact = "docker://registry/ctl/app:1" + ARTIFACT_AWKWARD;
        expect(
                api.putJson("/apps/ctl-app/versions/1.0", carla, json(Map.of("artifact", artifact, "notes", AWKWARD))),
                200);
        expect(api.putJson("/api/teams/ctl-two", admin, json(Map.of("name", "team" + AWKWARD + "end"))), 201);

        // The stored values themselves.
        JsonNode stored = expect(api.get("/apps/ctl-app", admin), 200).json();
        assertThat(stored.get("description").textValue()).isEqualTo("line one\nline two" + AWKWARD);
        assertThat(stored.get("subtitle").textValue()).isEqualTo(AWKWARD);
        JsonNode version =
                expect(api.get("/apps/ctl-app/versions/1.0", admin), 200).json();
        assertThat(version.get("artifact").textValue()).isEqualTo(artifact);
        assertThat(version.get("notes").textValue()).isEqualTo(AWKWARD);

        // The chain verifies, on the server and independently from the export.
        JsonNode verify = AuditTesting.verify(api, admin);
        assertThat(verify.get("intact").asBoolean()).as("%s", verify).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(before + 4);
        List<JsonNode> exported = AuditTesting.export(api, admin);
        assertThat(exported).hasSize((int) before + 4);
        AuditTesting.assertChain(exported);

        // The log page and the export give every string back exactly.
        JsonNode page =
                expect(api.get("/api/audit?after=" + before, admin), 200).json();
        List<JsonNode> listed = new java.util.ArrayList<>();
        page.get("entries").forEach(listed::add);
        assertThat(listed).hasSize(4);
        for (List<JsonNode> entries : List.of(listed, exported.subList((int) before, exported.size()))) {
            JsonNode create = entries.get(0);
            assertThat(create.get("action").asText()).isEqualTo("application.create");
            assertThat(create.get("details").get("name").textValue()).isEqualTo("name" + AWKWARD);
            assertThat(create.get("details").get("description").textValue()).isEqualTo("line one\nline two" + AWKWARD);
            assertThat(entries.get(1).get("details").get("subtitle").textValue())
                    .isEqualTo(AWKWARD);
            assertThat(entries.get(2).get("action").asText()).isEqualTo("version.create");
            assertThat(entries.get(2).get("details").get("artifact").textValue())
                    .isEqualTo(artifact);
            assertThat(entries.get(3).get("action").asText()).isEqualTo("team.create");
            assertThat(entries.get(3).get("details").get("name").textValue()).isEqualTo("team" + AWKWARD + "end");
            for (JsonNode e : entries) {
                assertThat(e.get("hash_rule").asInt())
                        .as("new entries use the current rule")
                        .isEqualTo(2);
            }
        }
        // Filtering by a target still works next to such entries.
        JsonNode byTarget =
                expect(api.get("/api/audit?target=team:ctl-two", admin), 200).json();
        assertThat(byTarget.get("entries").get(0).get("details").get("name").textValue())
                .isEqualTo("team" + AWKWARD + "end");
    }
}
