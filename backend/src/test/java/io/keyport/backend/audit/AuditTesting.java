package io.keyport.backend.audit;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Reads the audit log over HTTP and checks its chain independently of the server's own verification. */
final class AuditTesting {

    static final String GENESIS = "0".repeat(64);

    private AuditTesting() {}

    /** Every entry, through the export. */
    static List<JsonNode> export(ApiClient api, String admin) {
        var r = expect(api.get("/api/audit/export", admin), 200);
        List<JsonNode> entries = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isEmpty()) {
                try {
                    entries.add(Json.mapper().readTree(line));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new AssertionError("export line is not JSON: " + line, e);
                }
            }
        }
        return entries;
    }

    static JsonNode verify(ApiClient api, String admin) {
        return expect(api.get("/api/audit/verify", admin), 200).json();
    }

    static long count(ApiClient api, String admin) {
        JsonNode v = verify(api, admin);
        assertThat(v.get("intact").asBoolean()).as("chain intact: %s", v).isTrue();
        return v.get("entries").asLong();
    }

    /** The newest entry. */
    static JsonNode last(ApiClient api, String admin) {
        JsonNode page =
                expect(api.get("/api/audit?order=desc&limit=1", admin), 200).json();
        return page.get("entries").get(0);
    }

    /** Recomputes every link and hash: SHA-256 over the canonical JSON of the entry without {@code hash}, by its rule. */
    static void assertChain(List<JsonNode> entries) {
        String prev = GENESIS;
        long seq = 1;
        for (JsonNode e : entries) {
            assertThat(e.get("seq").asLong()).as("gap-free sequence").isEqualTo(seq);
            assertThat(e.get("prev_hash").asText()).as("prev_hash of %s", seq).isEqualTo(prev);
            assertThat(e.get("hash").asText()).as("hash of %s", seq).isEqualTo(hash(e));
            prev = e.get("hash").asText();
            seq++;
        }
    }

    /**
     * The hash of an exported entry under its {@code hash_rule} (docs/audit.md): rule 1 hashes the
     * OLPC canonical JSON without {@code hash_rule}, rule 2 the fully escaped one with it.
     */
    static String hash(JsonNode entry) {
        ObjectNode content = ((ObjectNode) entry).deepCopy();
        content.remove("hash");
        CanonicalJson.Escaping escaping = CanonicalJson.Escaping.JSON;
        if (content.path("hash_rule").asInt() == 1) {
            content.remove("hash_rule");
            escaping = CanonicalJson.Escaping.OLPC;
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(content, escaping)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
