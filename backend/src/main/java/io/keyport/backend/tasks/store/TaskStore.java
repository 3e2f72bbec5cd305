package io.keyport.backend.tasks.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.TaskState;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rows of {@code tasks}. Every method runs on the caller's connection; the claim methods lock rows
 * and so need a transaction. Times are passed in (from the platform clock), never taken from the
 * database, so that tests move time and replicas agree on what "due" means up to their clock skew.
 */
public final class TaskStore {

    private static final String COLUMNS = "id, kind, payload, state, attempts, max_attempts, next_run_at, lease_owner,"
            + " lease_expires_at, created, updated, last_error";

    /** A row selected with {@link #COLUMNS}, by position. */
    private static final RowMapper<Task> TASK = rs -> new Task(
            rs.getLong(1),
            rs.getString(2),
            rs.getString(3),
            TaskState.parse(rs.getString(4)).orElseThrow(),
            rs.getInt(5),
            rs.getInt(6),
            Jdbc.getInstant(rs, 7),
            rs.getString(8),
            Jdbc.getInstant(rs, 9),
            Jdbc.getInstant(rs, 10),
            Jdbc.getInstant(rs, 11),
            rs.getString(12));

    /** Due work: a pending or retrying row whose time has come, or a running row whose lease expired. */
    private static final String CLAIMABLE = "((state IN ('pending', 'retrying') AND next_run_at <= ?)"
            + " OR (state = 'running' AND lease_expires_at <= ?))";

    /** Inserts a pending task due at {@code runAt}; returns its id. */
    public long insert(Connection c, String kind, String payload, int maxAttempts, Instant runAt, Instant now)
            throws SQLException {
        return Sql.insertReturningKey(
                c,
                "INSERT INTO tasks (kind, payload, state, attempts, max_attempts, next_run_at,"
                        + " created, updated) VALUES (?, ?, 'pending', 0, ?, ?, ?, ?)",
                kind,
                payload,
                maxAttempts,
                runAt,
                now,
                now);
    }

    /**
     * Locks and returns one due task that no other transaction holds, or empty. Rows locked by
     * another claimer are skipped, not waited for.
     *
     * <p>PostgreSQL: one {@code SELECT ... ORDER BY ... LIMIT 1 FOR UPDATE SKIP LOCKED}. H2 2.5
     * accepts the same clause but applies {@code LIMIT} before it skips locked rows, so a claimer
     * behind a locked first row would see nothing; on H2 this reads a page of candidates without
     * locks and then locks them one at a time with {@code SKIP LOCKED}, re-checking that each is
     * still due.
     */
    public Optional<Task> claimOne(Connection c, Instant now, boolean postgres) throws SQLException {
        if (postgres) {
            return task(
                    c,
                    "SELECT " + COLUMNS + " FROM tasks WHERE " + CLAIMABLE
                            + " ORDER BY next_run_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
                    now,
                    now);
        }
        List<Long> candidates = Sql.list(
                c,
                "SELECT id FROM tasks WHERE " + CLAIMABLE + " ORDER BY next_run_at, id LIMIT 64",
                RowMapper.FIRST_LONG,
                now,
                now);
        for (long id : candidates) {
            Optional<Task> locked = task(
                    c,
                    "SELECT " + COLUMNS + " FROM tasks WHERE id = ? AND " + CLAIMABLE + " FOR UPDATE SKIP LOCKED",
                    id,
                    now,
                    now);
            if (locked.isPresent()) {
                return locked;
            }
        }
        return Optional.empty();
    }

    /** Reads a task without locking it. */
    public Optional<Task> find(Connection c, long id) throws SQLException {
        return task(c, "SELECT " + COLUMNS + " FROM tasks WHERE id = ?", id);
    }

    /** Locks a task, waiting for a transaction that holds it. */
    public Optional<Task> lock(Connection c, long id) throws SQLException {
        return task(c, "SELECT " + COLUMNS + " FROM tasks WHERE id = ? FOR UPDATE", id);
    }

    /**
     * Starts a run: running, one more attempt, leased to {@code owner} until {@code leaseUntil}.
     * A {@code note} (why a running task was taken over) replaces the last error; null keeps it.
     */
    public void start(Connection c, long id, String owner, Instant leaseUntil, String note, Instant now)
            throws SQLException {
        if (note == null) {
            Sql.update(
                    c,
                    "UPDATE tasks SET state = 'running', attempts = attempts + 1, lease_owner = ?,"
                            + " lease_expires_at = ?, updated = ? WHERE id = ?",
                    owner,
                    leaseUntil,
                    now,
                    id);
        } else {
            Sql.update(
                    c,
                    "UPDATE tasks SET state = 'running', attempts = attempts + 1, lease_owner = ?,"
                            + " lease_expires_at = ?, last_error = ?, updated = ? WHERE id = ?",
                    owner,
                    leaseUntil,
                    note,
                    now,
                    id);
        }
    }

    /**
     * Extends the lease of one run if it is still this owner's; false when the run lost its lease
     * (taken over after it expired, or sent elsewhere by an admin).
     */
    public boolean renew(Connection c, long id, String owner, int attempts, Instant leaseUntil) throws SQLException {
        return Sql.update(
                        c,
                        "UPDATE tasks SET lease_expires_at = ? WHERE id = ? AND state = 'running' AND lease_owner = ?"
                                + " AND attempts = ?",
                        leaseUntil,
                        id,
                        owner,
                        attempts)
                == 1;
    }

    public void succeed(Connection c, long id, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE tasks SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, updated = ?"
                        + " WHERE id = ?",
                now,
                id);
    }

    /** A failed attempt that will run again at {@code nextRunAt}. */
    public void retryLater(Connection c, long id, Instant nextRunAt, String error, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE tasks SET state = 'retrying', next_run_at = ?, lease_owner = NULL, lease_expires_at = NULL,"
                        + " last_error = ?, updated = ? WHERE id = ?",
                nextRunAt,
                error,
                now,
                id);
    }

    /** Gives up on a task. */
    public void fail(Connection c, long id, String error, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE tasks SET state = 'failed', lease_owner = NULL, lease_expires_at = NULL, last_error = ?,"
                        + " updated = ? WHERE id = ?",
                error,
                now,
                id);
    }

    /** Sends a failed task back to pending with a fresh set of attempts; its last error stays for the record. */
    public void resetForRetry(Connection c, long id, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE tasks SET state = 'pending', attempts = 0, next_run_at = ?, lease_owner = NULL,"
                        + " lease_expires_at = NULL, updated = ? WHERE id = ?",
                now,
                now,
                id);
    }

    /** A page of tasks by ascending id after {@code afterId}, optionally of one state. */
    public List<Task> list(Connection c, Optional<TaskState> state, long afterId, int limit) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM tasks WHERE id > ?");
        args.add(afterId);
        state.ifPresent(s -> {
            sql.append(" AND state = ?");
            args.add(s.db());
        });
        sql.append(" ORDER BY id LIMIT ?");
        args.add(limit);
        return Sql.list(c, sql.toString(), TASK, args.toArray());
    }

    /** How many tasks are in each state (zero for states without any). */
    public Map<TaskState, Long> counts(Connection c) throws SQLException {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            counts.put(state, 0L);
        }
        for (StateCount row : Sql.list(
                c,
                "SELECT state, COUNT(*) FROM tasks GROUP BY state",
                rs -> new StateCount(rs.getString(1), rs.getLong(2)))) {
            TaskState.parse(row.state()).ifPresent(state -> counts.put(state, row.count()));
        }
        return counts;
    }

    /** One row of the per-state count: the stored state name and its number of tasks. */
    private record StateCount(String state, long count) {}

    /** The first task a query selecting {@link #COLUMNS} returns. */
    private static Optional<Task> task(Connection c, String sql, Object... args) throws SQLException {
        return Sql.one(c, sql, TASK, args);
    }
}
