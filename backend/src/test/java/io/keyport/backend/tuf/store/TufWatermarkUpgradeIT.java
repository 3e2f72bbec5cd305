package io.keyport.backend.tuf.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Migration V28 on a repository with published and pending artifact changes written by the old
 * per-row marking (V27): the pending ones stay pending (change 1 above watermark 0), the published
 * ones do not come back, their tasks report RUNNING and SUCCESS as before, and the first
 * publication's marking then covers them (decision 0062). V28 may run again (a start stopped half-way
 * on H2).
 */
class TufWatermarkUpgradeIT {

    private static final String INFO = "{\"length\":1,\"hashes\":{\"sha256\":\"" + "a".repeat(64) + "\"}}";
    private final TufStore store = new TufStore();

    @Test
    void pendingRowsOfTheOldMarkingStayPendingAfterTheMigration() throws Exception {
        Path dir = Files.createTempDirectory("keyport-tuf-upgrade");
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatabase());
        if (settings.isEmpty()) {
            settings.put(
                    "KEYPORT_DB_URL",
                    "jdbc:h2:file:" + dir.resolve("keyport").toAbsolutePath()
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
        }
        try {
            upgrade(settings);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private void upgrade(Map<String, String> settings) throws SQLException, IOException {
        TestDatabases.migrateTo(settings, "27");
        try (Connection c = connect(settings)) {
            task(c, "old-published");
            task(c, "old-pending");
            row(c, "a/published", "add", true, "old-published");
            row(c, "a/pending", "add", false, "old-pending");
            row(c, "a/removed", "remove", false, "old-pending");
        }
        TestDatabases.migrateTo(settings, "28");
        // a start stopped after V28's statements ran but before Flyway recorded it (H2 commits each
        // DDL statement) runs them again: they must succeed and change nothing
        try (Connection c = connect(settings)) {
            for (String statement : v28()) {
                try (var st = c.createStatement()) {
                    st.execute(statement);
                }
            }
        }
        TestDatabases.migrateTo(settings, "latest");

        try (Connection c = connect(settings)) {
            assertThat(store.publishedUpTo(c)).isZero();
            assertThat(store.pendingChanges(c))
                    .containsExactly(
                            new TufStore.Change("a/pending", "bins-0", "add", 1, INFO),
                            new TufStore.Change("a/removed", "bins-0", "remove", 1, INFO));
            assertThat(store.unpublished(c, "old-pending")).isTrue();
            assertThat(store.unpublished(c, "old-published")).isFalse();

            // the next change is numbered after the migrated ones, and marking covers both
            long next = store.nextChange(c);
            assertThat(next).isGreaterThan(1);
            store.markPublished(c, store.pendingChanges(c));
            assertThat(store.pendingChanges(c)).isEmpty();
            assertThat(store.unpublished(c, "old-pending")).isFalse();
            assertThat(store.artifact(c, "a/removed")).isEmpty();
            assertThat(store.artifact(c, "a/pending")).isPresent();
        }
    }

    /** The statements of migration V28, without its comments. */
    private static List<String> v28() throws IOException {
        try (var in =
                TufWatermarkUpgradeIT.class.getResourceAsStream("/db/migration/V28__tuf_published_watermark.sql")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> statements = Arrays.stream(text.lines()
                            .filter(l -> !l.startsWith("--"))
                            .collect(Collectors.joining("\n"))
                            .split(";"))
                    .map(String::strip)
                    .filter(st -> !st.isEmpty())
                    .toList();
            assertThat(statements).hasSizeGreaterThan(5);
            return statements;
        }
    }

    private static Connection connect(Map<String, String> settings) throws SQLException {
        return DriverManager.getConnection(
                settings.get("KEYPORT_DB_URL"), settings.get("KEYPORT_DB_USER"), settings.get("KEYPORT_DB_PASSWORD"));
    }

    private static void task(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO tuf_tasks (task_id, name, queue_task, created, last_update, request, status)"
                        + " VALUES (?, 'add_artifacts', 1, ?, ?, '{}', TRUE)")) {
            s.setString(1, id);
            s.setObject(2, Instant.parse("2026-11-29T12:00:00Z").atOffset(ZoneOffset.UTC));
            s.setObject(3, Instant.parse("2026-11-29T12:00:00Z").atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }

    /** A row as the old code wrote it (V12's columns). */
    private static void row(Connection c, String path, String action, boolean published, String task)
            throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO tuf_artifacts (path, role, info, action, published, task_id, updated)"
                        + " VALUES (?, 'bins-0', ?, ?, ?, ?, ?)")) {
            s.setString(1, path);
            s.setString(2, INFO);
            s.setString(3, action);
            s.setBoolean(4, published);
            s.setString(5, task);
            s.setObject(6, Instant.parse("2026-11-29T12:00:00Z").atOffset(ZoneOffset.UTC));
            s.executeUpdate();
        }
    }
}
