package io.keyport.backend.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.tasks.service.TestTaskKinds;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes ({@code java -jar keyport-server.jar}) on one PostgreSQL database share the
 * task queue: 1,000 tasks each take effect exactly once, and a process killed with SIGKILL in the
 * middle of a task leaves it to the other, which takes it over once the 2-second lease expires.
 *
 * <p>The tasks are of the test-only kinds ({@code KEYPORT_TASKS_TEST_KINDS=true}): {@code test.record}
 * inserts a row into {@code task_test_runs} in its completing transaction, {@code test.block} waits
 * for a file first. The table has no unique key on purpose: a second effect of a task would show as
 * a second row. Runs in the PostgreSQL Failsafe execution only, as several processes on one
 * database is what PostgreSQL is for (the embedded H2 database is one process's file).
 */
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "postgres")
class TaskQueueProcessIT {

    private static final int TASKS = 1000;

    @TempDir
    Path tmp;

    ServerProcess a;
    ServerProcess b;
    Map<String, String> database;

    @AfterEach
    void stop() throws InterruptedException {
        for (ServerProcess server : new ServerProcess[] {a, b}) {
            if (server != null && server.process().isAlive()) {
                server.process().destroy();
                server.process().waitFor(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void twoProcessesRunEachTaskExactlyOnceAndTakeOverTheTaskOfAKilledOne() throws Exception {
        database = TestDatabases.freshDatabase();
        a = start("a");
        String ownerA = a.process().pid() + "@";
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE task_test_runs (task_id BIGINT NOT NULL, owner VARCHAR(255) NOT NULL,"
                    + " attempt INTEGER NOT NULL)");
        }

        // A starts a task that blocks until the release file exists.
        Path release = tmp.resolve("release");
        long blocked = insert(TestTaskKinds.BLOCK, "{\"until_file\":\"" + release + "\"}", 1)
                .getFirst();
        Eventually.until(Duration.ofSeconds(30), "A runs the blocking task", () -> {
            String owner = column(blocked, "lease_owner");
            return "running".equals(column(blocked, "state")) && owner != null && owner.startsWith(ownerA);
        });

        b = start("b");
        String ownerB = b.process().pid() + "@";
        var records = insert(TestTaskKinds.RECORD, "{}", TASKS);
        Eventually.until(
                Duration.ofSeconds(30),
                "both processes ran some tasks",
                () -> runsBy(ownerA) >= 50 && runsBy(ownerB) >= 50);

        a.process().destroyForcibly(); // SIGKILL: no shutdown hook, no hand-back, leases left to expire
        assertThat(a.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(a.process().exitValue()).as("killed by SIGKILL").isEqualTo(137);
        Files.createFile(release);

        Eventually.until(
                Duration.ofSeconds(45),
                "every task succeeded",
                () -> count("SELECT COUNT(*) FROM tasks WHERE state = 'succeeded'") == TASKS + 1);

        assertThat(count("SELECT COUNT(*) FROM task_test_runs"))
                .as("one effect per task")
                .isEqualTo(TASKS + 1);
        assertThat(count("SELECT COUNT(DISTINCT task_id) FROM task_test_runs")).isEqualTo(TASKS + 1);
        assertThat(count("SELECT COUNT(*) FROM task_test_runs WHERE task_id BETWEEN " + records.getFirst() + " AND "
                        + records.getLast()))
                .isEqualTo(TASKS);
        assertThat(runOwner(blocked))
                .as("the killed process's task completed on the other")
                .startsWith(ownerB);
        assertThat(column(blocked, "attempts")).isEqualTo("2");
        assertThat(column(blocked, "last_error"))
                .contains("expired during attempt 1")
                .contains("taken over by " + ownerB);
        assertThat(runsBy(ownerA)).isGreaterThanOrEqualTo(50);
        assertThat(runsBy(ownerA) + runsBy(ownerB)).isEqualTo(TASKS + 1);
    }

    private ServerProcess start(String name) throws Exception {
        Map<String, String> settings = new HashMap<>(database);
        settings.put("KEYPORT_ADMIN_PASSWORD", "admin-password-1");
        settings.put("KEYPORT_TASKS_TEST_KINDS", "true");
        settings.put("KEYPORT_TASKS_LEASE", "PT2S");
        settings.put("KEYPORT_TASKS_POLL", "PT0.1S");
        settings.put("KEYPORT_TASKS_WORKERS", "4");
        return ServerProcess.start(tmp.resolve(name), settings);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                database.get("KEYPORT_DB_URL"), database.get("KEYPORT_DB_USER"), database.get("KEYPORT_DB_PASSWORD"));
    }

    /** Enqueues {@code n} tasks in one transaction, as a server's outbox would; returns their ids in order. */
    private java.util.List<Long> insert(String kind, String payload, int n) throws SQLException {
        java.util.List<Long> ids = new java.util.ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tasks (kind, payload, state, attempts,"
                            + " max_attempts, next_run_at, created, updated) VALUES (?, ?, 'pending', 0, 5, ?, ?, ?) RETURNING id")) {
                for (int i = 0; i < n; i++) {
                    ps.setString(1, kind);
                    ps.setString(2, payload);
                    ps.setObject(3, now);
                    ps.setObject(4, now);
                    ps.setObject(5, now);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                    }
                }
            }
            c.commit();
        }
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private long runsBy(String ownerPrefix) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM task_test_runs WHERE owner LIKE ?")) {
            ps.setString(1, ownerPrefix + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private String column(long id, String column) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM tasks WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String runOwner(long id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT owner FROM task_test_runs WHERE task_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
