package io.keyport.backend.kio;

import static io.keyport.backend.kio.KioTesting.ids;
import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.KeyportConfig;
import io.keyport.backend.kio.store.SearchIndex;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.backend.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trigram index behind {@code GET /apps?search=} (decision 0009): search finds exactly what a
 * scan of every application finds, the index follows every write in its transaction, search
 * really reads it, and the migration indexes applications written before it.
 */
class KioSearchIndexIT {

    private TestServer server;
    private String admin;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String q(String query) {
        return URLEncoder.encode(query, StandardCharsets.UTF_8);
    }

    private static String json(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Applications whose texts exercise short words, substrings, punctuation, case and Unicode. */
    private static final Map<String, String[]> APPS = new LinkedHashMap<>();

    static {
        APPS.put("kio-cli", new String[] {"Kio CLI", "command line", "Talks to kio over HTTP/2."});
        APPS.put("deployer", new String[] {"Deployer", null, "Deploys services."});
        APPS.put("redeploy-bot", new String[] {"Redeploy Bot", "redeployment", null});
        APPS.put("ab-tester", new String[] {"AB tester", "a/b", "Runs A/B tests on 2 % of traffic."});
        APPS.put("aerger", new String[] {"Ärger-Melder", "Zahlungs-Dienst", "Meldet ÄRGER über Straßen."});
        APPS.put(
                "rocket",
                new String[] {"Rocket \uD83D\uDE80 launcher", null, "Launches \uD83D\uDE80\uD83D\uDE80 rockets"});
        APPS.put("greek", new String[] {"ΟΔΟΣ", "οδός", "Σίσυφος"});
        APPS.put("plain", new String[] {"Plain", "nothing", "Nothing to see."});
    }

    private static final List<String> QUERIES = List.of(
            "kio",
            "KIO cli",
            "deploy",
            "redeploy",
            "ploy",
            "de",
            "a",
            "ab",
            "a/b",
            "2",
            "tester traffic",
            "ärger",
            "ÄRGER",
            "straßen",
            "meld",
            "rocket",
            "\uD83D\uDE80",
            "οδο",
            "σίσυφος",
            "nothing",
            "nothing kio",
            "zzz",
            "http",
            "services deploy");

    /** What a scan of every application finds for a query: those containing every word. */
    private static Set<String> scan(Map<String, String[]> apps, String query) {
        List<String> terms = SearchIndex.words(query.toLowerCase(Locale.ROOT));
        Set<String> hits = new TreeSet<>();
        if (terms.isEmpty()) {
            return hits;
        }
        apps.forEach((id, f) -> {
            String text = searchText(id, f);
            if (terms.stream().allMatch(text::contains)) {
                hits.add(id);
            }
        });
        return hits;
    }

    private void putAll(ApiClient api, String admin, Map<String, String[]> apps) {
        apps.forEach((id, f) -> expect(
                api.putJson(
                        "/apps/" + id,
                        admin,
                        "{\"team_id\":\"idx\",\"active\":true,\"name\":" + json(f[0]) + ",\"subtitle\":" + json(f[1])
                                + ",\"description\":" + json(f[2]) + "}"),
                200));
    }

    private List<String> search(ApiClient api, String token, String query) {
        JsonNode hits = expect(api.get("/apps?search=" + q(query), token), 200).json();
        return ids(hits);
    }

    /** A fresh server with {@link #APPS} in team idx, written through the API; sets {@link #admin}. */
    private ApiClient startWithApplications() {
        server = TestServer.start();
        ApiClient api = server.client();
        admin = api.adminToken();
        api.team(admin, "idx");
        putAll(api, admin, APPS);
        return api;
    }

    private void assertEverySearchAsAScan(ApiClient api, Map<String, String[]> apps, String when) {
        for (String query : QUERIES) {
            assertThat(search(api, admin, query))
                    .as("search %s %s", query, when)
                    .containsExactlyInAnyOrderElementsOf(scan(apps, query));
        }
    }

    @Test
    void searchFindsExactlyWhatAScanOfEveryApplicationFinds() {
        ApiClient api = startWithApplications();
        assertEverySearchAsAScan(api, APPS, "as written");

        // Rewritten texts: old words stop matching, new ones start.
        Map<String, String[]> changed = new LinkedHashMap<>(APPS);
        changed.put("deployer", new String[] {"Shipper", "ships", "Ships kio artefacts."});
        changed.put("plain", new String[] {"Plain", "updated", "Now with rockets and a/b tests."});
        putAll(api, admin, Map.of("deployer", changed.get("deployer"), "plain", changed.get("plain")));
        assertEverySearchAsAScan(api, changed, "after the update");
        assertIndexMatchesEveryApplication();
    }

    @Test
    void theIndexFollowsEveryWriteAndAFailedWriteLeavesItAlone() {
        ApiClient api = startWithApplications();
        assertIndexMatchesEveryApplication();

        expect(api.putJson("/apps/kio-cli", admin, "{\"description\":\"Entirely new words: quokka wombat.\"}"), 200);
        expect(api.putJson("/apps/kio-cli", admin, "{\"criticality_level\":1}"), 200);
        expect(api.putJson("/apps/kio-cli", admin, "{\"team_id\":\"no-such-team\",\"description\":\"numbat\"}"), 400);
        assertIndexMatchesEveryApplication();
        assertThat(search(api, admin, "numbat")).isEmpty();
        assertThat(search(api, admin, "quokka")).containsExactly("kio-cli");
    }

    /** White-box: search takes its candidates from the index; an application missing there is not found. */
    @Test
    void searchReadsItsCandidatesFromTheIndex() {
        ApiClient api = startWithApplications();
        assertThat(search(api, admin, "deploy")).containsExactlyInAnyOrder("deployer", "redeploy-bot");

        sql(
                "DELETE FROM application_search_grams WHERE app_key = (SELECT app_key FROM applications WHERE id = ?)",
                "redeploy-bot");

        assertThat(search(api, admin, "deploy")).containsExactly("deployer");
        // Words shorter than three characters are not narrowed by the index.
        assertThat(search(api, admin, "de")).contains("redeploy-bot");
    }

    /** Applications written before the index existed are indexed by the migration. */
    @Test
    void theMigrationIndexesApplicationsWrittenBeforeIt() throws Exception {
        Map<String, String> settings = schemaBefore("5");
        try (Connection c = connect(settings)) {
            insertApplications(c);
        }

        server = TestServer.start(settings);
        ApiClient api = server.client();
        admin = api.adminToken();
        assertEverySearchAsAScan(api, APPS, "after the migration");
        // The backfill writes a superset of the server's trigrams (windows with punctuation too).
        assertIndexCoversEveryApplication(false);
    }

    /**
     * Decision 0041: the migration that gives applications their numeric key keeps every
     * application, its index rows, versions, approvals and service credentials, and the foreign
     * keys that guard them.
     */
    @Test
    void theNumericKeyMigrationKeepsApplicationsTheirIndexAndWhatRefersToThem() throws Exception {
        Map<String, String> settings = schemaBefore("19");
        try (Connection c = connect(settings)) {
            insertApplications(c);
            for (String id : APPS.keySet()) {
                String text = searchText(id, APPS.get(id));
                for (String gram : SearchIndex.grams(text)) {
                    update(c, "INSERT INTO application_search_grams (gram, application_id) VALUES (?, ?)", gram, id);
                }
            }
            Timestamp now = Timestamp.from(Instant.now());
            update(
                    c,
                    "INSERT INTO versions (application_id, id, artifact, created, created_by, last_modified, "
                            + "last_modified_by, required_approvers) VALUES ('kio-cli', '1.0', 'docker://r/idx/kio:1', "
                            + "?, 'test', ?, 'test', 1)",
                    now,
                    now);
            update(
                    c,
                    "INSERT INTO approvals (application_id, version_id, user_id, approval_type, approved_at) "
                            + "VALUES ('kio-cli', '1.0', 'test', 'TEST', ?)",
                    now);
            update(
                    c,
                    "INSERT INTO service_credentials (client_id, application_id, secret_hash, created, created_by) "
                            + "VALUES ('stups_kio-cli_1', 'kio-cli', 'x', ?, 'test')",
                    now);
            update(c, "INSERT INTO service_scopes (application_id, scope) VALUES ('kio-cli', 'uid')");
        }

        server = TestServer.start(settings);
        ApiClient api = server.client();
        admin = api.adminToken();
        assertEverySearchAsAScan(api, APPS, "after the key migration");
        assertIndexMatchesEveryApplication();
        assertThat(expect(api.get("/apps/kio-cli/versions/1.0/approvals", admin), 200)
                        .json()
                        .size())
                .isEqualTo(1);
        List<Long> keys = new java.util.ArrayList<>();
        query("SELECT app_key FROM applications ORDER BY id", rs -> keys.add(rs.getLong(1)));
        assertThat(keys).hasSize(APPS.size()).doesNotHaveDuplicates().isSorted();
        long credentials = count("SELECT COUNT(*) FROM service_credentials WHERE application_id = 'kio-cli'");
        long scopes = count("SELECT COUNT(*) FROM service_scopes WHERE application_id = 'kio-cli'");
        assertThat(List.of(credentials, scopes)).containsExactly(1L, 1L);

        // The foreign keys were made again: nothing may name an application that does not exist.
        for (String orphan : List.of(
                "INSERT INTO service_scopes (application_id, scope) VALUES ('no-such-app', 'uid')",
                "INSERT INTO application_search_grams (gram, app_key) VALUES ('abc', -1)")) {
            assertThatThrownBy(() -> {
                        try (Connection c = dataSource().getConnection()) {
                            update(c, orphan);
                        }
                    })
                    .as(orphan)
                    .isInstanceOf(SQLException.class);
        }
        // A new application gets a key after the copied ones, and is found.
        api.team(admin, "idx2");
        expect(api.putJson("/apps/numbat", admin, "{\"team_id\":\"idx2\",\"active\":true,\"name\":\"Numbat\"}"), 200);
        assertThat(search(api, admin, "numbat")).containsExactly("numbat");
        assertIndexMatchesEveryApplication();
    }

    /** Settings of a fresh database migrated to the schema just before migration {@code version}. */
    private static Map<String, String> schemaBefore(String version) throws Exception {
        Path dataDir = Files.createTempDirectory("keyport-migration");
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_DATA_DIR", dataDir.toString());
        settings.put("KEYPORT_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        KeyportConfig config = KeyportConfig.of(settings);
        String user = settings.get("KEYPORT_DB_USER");
        String password = settings.get("KEYPORT_DB_PASSWORD");
        // Whichever migrations came before it.
        MigrationVersion before = Arrays.stream(Flyway.configure()
                        .dataSource(config.database().url(), user, password)
                        .locations("classpath:db/migration")
                        .load()
                        .info()
                        .all())
                .map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(MigrationVersion.fromVersion(version)) < 0)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Flyway.configure()
                .dataSource(config.database().url(), user, password)
                .locations("classpath:db/migration")
                .target(before)
                .load()
                .migrate();
        return settings;
    }

    private static Connection connect(Map<String, String> settings) throws SQLException {
        return DriverManager.getConnection(
                KeyportConfig.of(settings).database().url(),
                settings.get("KEYPORT_DB_USER"),
                settings.get("KEYPORT_DB_PASSWORD"));
    }

    /** Team idx and {@link #APPS} in it, written in SQL as the schema of the time holds them. */
    private static void insertApplications(Connection c) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        update(
                c,
                "INSERT INTO teams (id, name, created, created_by, last_modified, last_modified_by) "
                        + "VALUES ('idx', 'idx', ?, 'test', ?, 'test')",
                now,
                now);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO applications (id, team_id, active, name, "
                + "subtitle, description, created, created_by, last_modified, last_modified_by, search_text) "
                + "VALUES (?, 'idx', TRUE, ?, ?, ?, ?, 'test', ?, 'test', ?)")) {
            for (Map.Entry<String, String[]> e : APPS.entrySet()) {
                String[] f = e.getValue();
                ps.setString(1, e.getKey());
                ps.setString(2, f[0]);
                ps.setString(3, f[1]);
                ps.setString(4, f[2]);
                ps.setTimestamp(5, now);
                ps.setTimestamp(6, now);
                ps.setString(7, searchText(e.getKey(), f));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String searchText(String id, String[] f) {
        return (id + " " + f[0] + (f[1] == null ? "" : " " + f[1]) + (f[2] == null ? "" : " " + f[2]))
                .toLowerCase(Locale.ROOT);
    }

    private static void update(Connection c, String statement, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }

    private long count(String statement) {
        long[] n = {0};
        query(statement, rs -> n[0] = rs.getLong(1));
        return n[0];
    }

    /** Every application's index rows are exactly the trigrams of its search_text, as the server writes them. */
    private void assertIndexMatchesEveryApplication() {
        assertIndexCoversEveryApplication(true);
    }

    /** Every application's index rows hold the trigrams of its search_text: exactly, or at least. */
    private void assertIndexCoversEveryApplication(boolean exactly) {
        Map<String, String> texts = new HashMap<>();
        Map<String, Set<String>> grams = new HashMap<>();
        query("SELECT id, search_text FROM applications", rs -> texts.put(rs.getString(1), rs.getString(2)));
        query(
                "SELECT a.id, g.gram FROM application_search_grams g JOIN applications a ON a.app_key = g.app_key",
                rs -> grams.computeIfAbsent(rs.getString(1), k -> new TreeSet<>())
                        .add(rs.getString(2)));
        assertThat(texts).isNotEmpty();
        texts.forEach((id, text) -> {
            var indexed = assertThat(grams.getOrDefault(id, Set.of())).as("trigrams of %s", id);
            if (exactly) {
                indexed.containsExactlyInAnyOrderElementsOf(SearchIndex.grams(text));
            } else {
                indexed.containsAll(SearchIndex.grams(text));
            }
        });
        assertThat(texts.keySet()).containsAll(grams.keySet());
    }

    private DataSource dataSource() {
        return server.server().database().dataSource();
    }

    private void sql(String statement, Object... args) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            assertThat(ps.executeUpdate()).isPositive();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String statement, RowReader reader) {
        try (Connection c = dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(statement);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
