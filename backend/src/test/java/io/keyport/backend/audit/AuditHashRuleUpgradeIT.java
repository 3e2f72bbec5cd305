package io.keyport.backend.audit;

import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.CanonicalJson;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A chain written before the versioned hash rule: a database migrated to V1 only, holding entries
 * hashed the old way (OLPC canonical JSON, control characters raw in the stored details), is
 * upgraded by starting the server on it. The old entries verify under rule 1, the new ones under
 * rule 2, the log and the export render both, and tampering is found under either rule.
 */
class AuditHashRuleUpgradeIT {

    /** Details the old code hashed and stored: control characters, quotes, backslashes and more. */
    static final List<String> OLD_TEXTS;

    static {
        StringBuilder controls = new StringBuilder();
        for (char c = 0x01; c <= 0x1f; c++) {
            controls.append(c);
        }
        OLD_TEXTS = List.of(
                "plain",
                "line one\nline two\ttab",
                controls.toString(),
                "\"quoted\" and \\back\\slashed\\",
                "\u2028\u2029\u007f\uD83D\uDE00é",
                "?lone surrogate became this");
    }

    Path dir;
    Map<String, String> settings;
    TestServer server;
    ApiClient api;
    String admin;

    @BeforeEach
    void oldChainThenUpgrade() throws Exception {
        dir = Files.createTempDirectory("keyport-upgrade");
        settings = new HashMap<>(TestDatabases.freshDatabase());
        if (settings.isEmpty()) {
            settings.put(
                    "KEYPORT_DB_URL",
                    "jdbc:h2:file:" + dir.resolve("keyport").toAbsolutePath()
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
        }
        TestDatabases.migrateTo(settings, "1");
        writeOldChain();
        server = TestServer.start(settings);
        api = server.client();
        admin = api.adminToken();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /**
     * The server's own pool while it runs: an embedded H2 file is locked by the process that opened
     * it, under the durable URL the server uses; before the start, a plain connection.
     */
    private Connection connect() throws SQLException {
        if (server != null) {
            return server.server().database().dataSource().getConnection();
        }
        return DriverManager.getConnection(
                settings.get("KEYPORT_DB_URL"), settings.get("KEYPORT_DB_USER"), settings.get("KEYPORT_DB_PASSWORD"));
    }

    /** What AuditService.append did before rule 2, row by row, straight into the V1 schema. */
    private void writeOldChain() throws SQLException {
        String prev = AuditTesting.GENESIS;
        Instant time = Timestamps.now().minusSeconds(3600);
        try (Connection c = connect()) {
            long seq = 0;
            for (String text : OLD_TEXTS) {
                seq++;
                ObjectNode details = Json.mapper().createObjectNode();
                details.put("name", text);
                details.putArray("teams").add(text).add("x");
                String canonicalDetails = new String(CanonicalJson.encode(details), StandardCharsets.UTF_8);
                ObjectNode content = Json.mapper().createObjectNode();
                content.put("seq", seq);
                content.put("time", Timestamps.format(time));
                content.put("actor", "olduser");
                content.put("realm", "employees");
                content.put("action", "team.update");
                content.put("target", "team:old-" + seq);
                content.set("details", details);
                content.put("prev_hash", prev);
                String hash = sha256(CanonicalJson.encode(content));
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO audit_log "
                                + "(seq, occurred_at, actor, realm, action, target, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    ps.setLong(1, seq);
                    ps.setObject(2, time.atOffset(ZoneOffset.UTC));
                    ps.setString(3, "olduser");
                    ps.setString(4, "employees");
                    ps.setString(5, "team.update");
                    ps.setString(6, "team:old-" + seq);
                    ps.setString(7, canonicalDetails);
                    ps.setString(8, prev);
                    ps.setString(9, hash);
                    ps.executeUpdate();
                }
                prev = hash;
                time = time.plusMillis(1);
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
                ps.setLong(1, seq);
                ps.setString(2, prev);
                ps.executeUpdate();
            }
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private int sql(String statement, Object... args) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private String column(String column, long seq) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }

    private void assertIntact(long entries) {
        JsonNode v = AuditTesting.verify(api, admin);
        assertThat(v.get("intact").asBoolean()).as("%s", v).isTrue();
        assertThat(v.get("entries").asLong()).isEqualTo(entries);
    }

    private void assertBrokenAt(long seq) {
        JsonNode v = AuditTesting.verify(api, admin);
        assertThat(v.get("intact").asBoolean()).as("%s", v).isFalse();
        assertThat(v.get("first_broken_seq").asLong()).as("%s", v).isEqualTo(seq);
    }

    @Test
    void oldEntriesVerifyAfterTheUpgradeAndRenderExactly() {
        int old = OLD_TEXTS.size();
        api.team(admin, "after-upgrade");
        expect(api.putJson("/api/teams/after-upgrade", admin, "{\"name\":\"new\\u0001rule\\nx\"}"), 200);

        // bootstrap admin, team create, team update under rule 2
        assertIntact(old + 3);
        List<JsonNode> exported = AuditTesting.export(api, admin);
        AuditTesting.assertChain(exported);
        JsonNode page = expect(api.get("/api/audit?limit=1000", admin), 200).json();
        List<JsonNode> listed = new ArrayList<>();
        page.get("entries").forEach(listed::add);
        for (List<JsonNode> entries : List.of(exported, listed)) {
            assertThat(entries).hasSize(old + 3);
            for (int i = 0; i < old; i++) {
                JsonNode e = entries.get(i);
                assertThat(e.get("hash_rule").asInt()).isEqualTo(1);
                assertThat(e.get("details").get("name").textValue()).isEqualTo(OLD_TEXTS.get(i));
                assertThat(e.get("details").get("teams").get(0).textValue()).isEqualTo(OLD_TEXTS.get(i));
            }
            for (int i = old; i < old + 3; i++) {
                assertThat(entries.get(i).get("hash_rule").asInt()).isEqualTo(2);
            }
            assertThat(entries.get(old + 2).get("details").get("name").textValue())
                    .isEqualTo("new\u0001rule\nx");
        }
        // New rows store valid JSON text, escaped.
        assertThat(column("details", old + 3))
                .contains("\\u0001")
                .contains("\\n")
                .doesNotContain("\u0001");
    }

    @Test
    void tamperingIsFoundUnderRuleOne() {
        int old = OLD_TEXTS.size();
        assertIntact(old + 1);
        String original = column("details", 3);
        assertThat(original).as("the old rule stored raw control characters").contains("\u0001");

        sql("UPDATE audit_log SET details = ? WHERE seq = ?", original.replace('\u0007', '\u0008'), 3L);
        assertBrokenAt(3);

        sql("UPDATE audit_log SET details = ? WHERE seq = ?", original, 3L);
        assertIntact(old + 1);

        // Rule 1 hashes the content, not its spelling: the same details rewritten as valid JSON
        // still verify, different details written that way do not.
        ObjectNode details = (ObjectNode) AuditTesting.export(api, admin).get(2).get("details");
        sql(
                "UPDATE audit_log SET details = ? WHERE seq = ?",
                new String(CanonicalJson.encode(details, CanonicalJson.Escaping.JSON), StandardCharsets.UTF_8),
                3L);
        assertIntact(old + 1);
        details.put("name", "forged\u0001");
        sql(
                "UPDATE audit_log SET details = ? WHERE seq = ?",
                new String(CanonicalJson.encode(details, CanonicalJson.Escaping.JSON), StandardCharsets.UTF_8),
                3L);
        assertBrokenAt(3);
    }

    @Test
    void tamperingIsFoundUnderRuleTwo() {
        int old = OLD_TEXTS.size();
        api.team(admin, "rule-two");
        expect(api.putJson("/api/teams/rule-two", admin, "{\"name\":\"tab\\there\"}"), 200);
        long victim = old + 3;
        assertIntact(victim);
        String original = column("details", victim);

        sql("UPDATE audit_log SET details = ? WHERE seq = ?", original.replace("\\t", "\\n"), victim);
        assertBrokenAt(victim);
        sql("UPDATE audit_log SET details = ? WHERE seq = ?", original, victim);
        assertIntact(victim);

        // Relabelling a new entry as rule 1 does not make it verify, nor does it hide the order.
        sql("UPDATE audit_log SET hash_rule = 1 WHERE seq = ?", victim);
        assertBrokenAt(victim);
        sql("UPDATE audit_log SET hash_rule = 2 WHERE seq = ?", victim);
        assertIntact(victim);

        // Invalid JSON text in a rule 2 row is a broken entry, not an error of the reader.
        sql("UPDATE audit_log SET details = ? WHERE seq = ?", "{\"name\":\"raw\u0001\"}", victim);
        assertBrokenAt(victim);
        expect(api.get("/api/audit", admin), 200);
        expect(api.get("/api/audit/export", admin), 200);
    }
}
