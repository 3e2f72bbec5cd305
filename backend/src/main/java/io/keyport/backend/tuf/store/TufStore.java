package io.keyport.backend.tuf.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The TUF repository's rows (migrations V12 and V16; metadata as bytes since V27): the repository row and its lock, RSTUF tasks,
 * artifacts, role versions, published metadata and metadata waiting for signatures. Every write runs in the caller's transaction,
 * after {@link #lockRepository}, except artifact additions and removals in a repository with hash bins,
 * which run after {@link #lockArtifacts} only (migration V24, decision 0054).
 *
 * <p>Artifact changes are numbered (migration V28, decision 0062): each change takes the next
 * number with {@link #nextChange} under the artifact lock, so the numbers follow commit order, and
 * the repository's watermark ({@link #publishedUpTo}) says which changes are published.
 */
public final class TufStore {

    /** The repository row. {@code state} is null before a bootstrap. */
    public record Repository(String state, String bootstrapTask, String settings) {}

    /** An RSTUF task as stored; {@code status} is null until it ran. */
    public record TaskRow(
            String taskId,
            String name,
            long queueTask,
            String request,
            Instant created,
            Instant lastUpdate,
            Boolean status,
            String message,
            String error,
            String details) {}

    /** The current version and expiry of a role. */
    public record RoleRow(String name, long version, Instant expires) {}

    /** An artifact: path, bin or delegated role, target info (JSON), last change and its change number. */
    public record ArtifactRow(String path, String role, String info, String action, long seq) {}

    private static final RowMapper<Repository> REPOSITORY =
            rs -> new Repository(rs.getString(1), rs.getString(2), rs.getString(3));
    private static final RowMapper<RoleRow> ROLE =
            rs -> new RoleRow(rs.getString(1), rs.getLong(2), Jdbc.getInstant(rs, 3));
    private static final RowMapper<ArtifactRow> ARTIFACT =
            rs -> new ArtifactRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
    private static final RowMapper<TaskRow> TASK = rs -> {
        boolean read = rs.getBoolean(7);
        Boolean status = rs.wasNull() ? null : read; // wasNull right after column 7, before the others are read
        return new TaskRow(
                rs.getString(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                Jdbc.getInstant(rs, 5),
                Jdbc.getInstant(rs, 6),
                status,
                rs.getString(8),
                rs.getString(9),
                rs.getString(10));
    };

    // ---- the repository row

    /** Locks the repository row until the transaction ends: every change to the repository starts here. */
    public Repository lockRepository(Connection c) throws SQLException {
        return Sql.one(
                        c,
                        "SELECT bootstrap_state, bootstrap_task, settings FROM tuf_repository WHERE id = 1 FOR UPDATE",
                        REPOSITORY)
                .orElseThrow(() -> new IllegalStateException("migration V12 inserts the repository row"));
    }

    /**
     * Locks the artifact changes until the transaction ends (migration V24): additions and removals
     * take it, so they apply one at a time and in acceptance order, without waiting for a publication
     * that holds the repository lock.
     */
    public void lockArtifacts(Connection c) throws SQLException {
        Sql.one(c, "SELECT id FROM tuf_artifact_lock WHERE id = 1 FOR UPDATE", RowMapper.FIRST_LONG)
                .orElseThrow(() -> new IllegalStateException("migration V24 inserts the artifact lock row"));
    }

    /**
     * Takes the next artifact change number (migration V28): one per task that changes artifact
     * rows, written on those rows. It locks the artifact lock row until the transaction ends, so
     * numbers are taken one transaction at a time and a change committed later has a higher number.
     */
    public long nextChange(Connection c) throws SQLException {
        Sql.update(c, "UPDATE tuf_artifact_lock SET seq = seq + 1 WHERE id = 1");
        return Sql.one(c, "SELECT seq FROM tuf_artifact_lock WHERE id = 1", RowMapper.FIRST_LONG)
                .orElseThrow(() -> new IllegalStateException("migration V24 inserts the artifact lock row"));
    }

    /** The repository's watermark: every artifact change numbered up to it is published. */
    public long publishedUpTo(Connection c) throws SQLException {
        return Sql.one(c, "SELECT published_seq FROM tuf_repository WHERE id = 1", RowMapper.FIRST_LONG)
                .orElseThrow(() -> new IllegalStateException("migration V12 inserts the repository row"));
    }

    public Repository repository(Connection c) throws SQLException {
        return Sql.one(
                        c,
                        "SELECT bootstrap_state, bootstrap_task, settings FROM tuf_repository WHERE id = 1",
                        REPOSITORY)
                .orElseThrow(() -> new IllegalStateException("migration V12 inserts the repository row"));
    }

    public void updateRepository(Connection c, String state, String bootstrapTask, String settings, Instant now)
            throws SQLException {
        Sql.update(
                c,
                "UPDATE tuf_repository SET bootstrap_state = ?, bootstrap_task = ?, settings = ?, updated = ? WHERE id = 1",
                state,
                bootstrapTask,
                settings,
                now);
    }

    // ---- RSTUF tasks

    /** Stores an accepted task; {@code caller} ({@code <realm>:<uid>}) is who asked for it. */
    public void insertTask(
            Connection c, String taskId, String name, long queueTask, String request, String caller, Instant now)
            throws SQLException {
        Sql.update(
                c,
                "INSERT INTO tuf_tasks (task_id, name, queue_task, request, created, last_update, caller)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                taskId,
                name,
                queueTask,
                request,
                now,
                now,
                caller);
    }

    /** The newest {@code limit} tasks {@code caller} asked for, newest first. */
    public List<TaskRow> tasksOf(Connection c, String caller, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT task_id, name, queue_task, request, created, last_update, status, message, error, details"
                        + " FROM tuf_tasks WHERE caller = ? ORDER BY queue_task DESC LIMIT ?",
                TASK,
                caller,
                limit);
    }

    public Optional<TaskRow> task(Connection c, String taskId) throws SQLException {
        return Sql.one(
                c,
                "SELECT task_id, name, queue_task, request, created, last_update, status, message, error, details"
                        + " FROM tuf_tasks WHERE task_id = ?",
                TASK,
                taskId);
    }

    /**
     * The RSTUF tasks named {@code names} accepted before queue task {@code queueTask} that have not
     * run yet, oldest first: the artifact changes that must apply before it.
     */
    public List<TaskRow> unfinishedBefore(Connection c, List<String> names, long queueTask) throws SQLException {
        String in = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
        List<Object> args = new java.util.ArrayList<>();
        args.add(queueTask);
        args.addAll(names);
        return Sql.list(
                c,
                "SELECT task_id, name, queue_task, request, created, last_update, status, message, error, details"
                        + " FROM tuf_tasks WHERE status IS NULL AND queue_task < ? AND name IN (" + in + ")"
                        + " ORDER BY queue_task",
                TASK,
                args.toArray());
    }

    public void finishTask(
            Connection c, String taskId, boolean status, String message, String error, String details, Instant now)
            throws SQLException {
        finishTask(c, taskId, status, message, error, details, null, now);
    }

    /** Records a task's result; {@code seq} is the number of the artifact change it made, if it changed rows. */
    public void finishTask(
            Connection c,
            String taskId,
            boolean status,
            String message,
            String error,
            String details,
            Long seq,
            Instant now)
            throws SQLException {
        Sql.update(
                c,
                "UPDATE tuf_tasks SET status = ?, message = ?, error = ?, details = ?, seq = ?, last_update = ?"
                        + " WHERE task_id = ?",
                status,
                message,
                error,
                details,
                seq,
                now,
                taskId);
    }

    // ---- artifacts

    public Optional<ArtifactRow> artifact(Connection c, String path) throws SQLException {
        return Sql.one(c, "SELECT path, role, info, action, seq FROM tuf_artifacts WHERE path = ?", ARTIFACT, path);
    }

    /** Adds or replaces a target as change {@code seq} ({@link #nextChange}), unpublished. */
    public void putArtifact(Connection c, String path, String role, String info, long seq, Instant now)
            throws SQLException {
        putArtifacts(c, List.of(new NewArtifact(path, role, info)), seq, now);
    }

    /** A target to add or replace: its path, the role that holds it and its target info (JSON). */
    public record NewArtifact(String path, String role, String info) {}

    /** The most parameters one {@code IN (...)} list binds. */
    private static final int IN_LIST = 500;

    /**
     * Adds or replaces many targets as change {@code seq} ({@link #nextChange}), unpublished, in one
     * batch of upserts on the primary key: PostgreSQL's {@code INSERT ... ON CONFLICT (path) DO
     * UPDATE}, H2's {@code MERGE ... KEY (path)}. Both find the row through the key's index whatever
     * the planner thinks of the table (a generic plan made while the table was small once turned a
     * lookup of existing paths into a scan of every row, each batch). Rows are written in path
     * order, so two writers never wait for each other's rows in opposite orders.
     */
    public void putArtifacts(Connection c, List<NewArtifact> artifacts, long seq, Instant now) throws SQLException {
        List<NewArtifact> sorted = new ArrayList<>(artifacts);
        sorted.sort(Comparator.comparing(NewArtifact::path));
        Sql.batch(
                c,
                "PostgreSQL".equals(c.getMetaData().getDatabaseProductName())
                        ? "INSERT INTO tuf_artifacts (path, role, info, action, seq, updated) VALUES (?, ?, ?, 'add', ?, ?)"
                                + " ON CONFLICT (path) DO UPDATE SET role = EXCLUDED.role, info = EXCLUDED.info,"
                                + " action = 'add', seq = EXCLUDED.seq, updated = EXCLUDED.updated"
                        : "MERGE INTO tuf_artifacts (path, role, info, action, seq, updated) KEY (path)"
                                + " VALUES (?, ?, ?, 'add', ?, ?)",
                sorted,
                a -> Arrays.asList(a.path(), a.role(), a.info(), seq, now));
    }

    /** Marks a listed target for removal as change {@code seq} ({@link #nextChange}), unpublished; false if there is none. */
    public boolean removeArtifact(Connection c, String path, long seq, Instant now) throws SQLException {
        return Sql.update(
                        c,
                        "UPDATE tuf_artifacts SET action = 'remove', seq = ?, updated = ? WHERE path = ? AND action = 'add'",
                        seq,
                        now,
                        path)
                > 0;
    }

    /** An unpublished change: the path, its role, add or remove, its change number and the target info. */
    public record Change(String path, String role, String action, long seq, String info) {}

    private static final RowMapper<Change> CHANGE =
            rs -> new Change(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5));

    /** Every unpublished change (numbered above the watermark), in path order. */
    public List<Change> pendingChanges(Connection c) throws SQLException {
        List<Change> changes = new ArrayList<>(Sql.list(
                c, "SELECT path, role, action, seq, info FROM tuf_artifacts WHERE seq > ?", CHANGE, publishedUpTo(c)));
        changes.sort(Comparator.comparing(Change::path));
        return changes;
    }

    /**
     * The targets each of {@code roles} lists once its pending changes are published: every added
     * artifact, by role. Roles without artifacts are absent. No index serves this (migration V28
     * dropped it: every addition paid for it, while a publication reads rows only for roles this
     * process does not hold), so it is one scan: with {@code role IN (...)} for up to
     * {@value #IN_LIST} roles, otherwise of every added artifact, filtered here.
     */
    public Map<String, List<ArtifactRow>> targetsOf(Connection c, Collection<String> roles) throws SQLException {
        Map<String, List<ArtifactRow>> byRole = new HashMap<>();
        if (roles.isEmpty()) {
            return byRole;
        }
        Set<String> wanted = new HashSet<>(roles);
        List<ArtifactRow> rows = wanted.size() <= IN_LIST
                ? Sql.list(
                        c,
                        "SELECT path, role, info, action, seq FROM tuf_artifacts WHERE action = 'add' AND role IN ("
                                + placeholders(wanted.size()) + ")",
                        ARTIFACT,
                        wanted.toArray())
                : Sql.list(c, "SELECT path, role, info, action, seq FROM tuf_artifacts WHERE action = 'add'", ARTIFACT);
        for (ArtifactRow row : rows) {
            if (wanted.contains(row.role())) {
                byRole.computeIfAbsent(row.role(), r -> new ArrayList<>()).add(row);
            }
        }
        return byRole;
    }

    /**
     * Marks exactly these changes as published: the watermark moves to the highest change number
     * among them, and removed rows among them go. Numbers follow commit order ({@link #nextChange}),
     * so every change numbered up to that was committed before the read and is among them; a row
     * changed after the read has a higher number and stays pending for the next publication. The
     * caller holds the repository lock; rows are deleted only under the artifact lock, taken here
     * when there are any, so that a deletion never races an addition's upsert of the same path.
     */
    public void markPublished(Connection c, List<Change> changes) throws SQLException {
        long upTo = 0;
        boolean removals = false;
        for (Change ch : changes) {
            upTo = Math.max(upTo, ch.seq());
            removals |= ch.action().equals("remove");
        }
        if (upTo == 0) {
            return;
        }
        if (removals) {
            lockArtifacts(c);
            Sql.update(
                    c,
                    "DELETE FROM tuf_artifacts WHERE seq > ? AND seq <= ? AND action = 'remove'",
                    publishedUpTo(c),
                    upTo);
        }
        Sql.update(c, "UPDATE tuf_repository SET published_seq = ? WHERE id = 1 AND published_seq < ?", upTo, upTo);
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Whether a task changed artifact rows that are not published yet (its change is above the watermark). */
    public boolean unpublished(Connection c, String taskId) throws SQLException {
        return Sql.one(
                                c,
                                "SELECT COUNT(*) FROM tuf_tasks t, tuf_repository r"
                                        + " WHERE t.task_id = ? AND r.id = 1 AND t.seq > r.published_seq",
                                RowMapper.FIRST_LONG,
                                taskId)
                        .orElse(0L)
                > 0;
    }

    // ---- roles and metadata

    public List<RoleRow> roles(Connection c) throws SQLException {
        return Sql.list(c, "SELECT name, version, expires FROM tuf_roles ORDER BY name", ROLE);
    }

    public Optional<RoleRow> role(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT name, version, expires FROM tuf_roles WHERE name = ?", ROLE, name);
    }

    /**
     * A stored file: {@code body} (bytes, migration V27) or, for versions written before it,
     * {@code content} (text).
     */
    private static final RowMapper<byte[]> FILE = rs -> {
        byte[] body = rs.getBytes(1);
        return body != null ? body : rs.getString(2).getBytes(StandardCharsets.UTF_8);
    };

    /** Stores a new version of a role's metadata and makes it the role's current version. */
    public void putMetadata(Connection c, String role, long version, Instant expires, String content, Instant now)
            throws SQLException {
        putMetadata(c, role, version, expires, content.getBytes(StandardCharsets.UTF_8), now);
    }

    /** {@link #putMetadata(Connection, String, long, Instant, String, Instant)} with the file's bytes. */
    public void putMetadata(Connection c, String role, long version, Instant expires, byte[] content, Instant now)
            throws SQLException {
        Sql.update(
                c,
                "INSERT INTO tuf_metadata (role, version, body, created) VALUES (?, ?, ?, ?)",
                role,
                version,
                content,
                now);
        int updated =
                Sql.update(c, "UPDATE tuf_roles SET version = ?, expires = ? WHERE name = ?", version, expires, role);
        if (updated == 0) {
            Sql.update(c, "INSERT INTO tuf_roles (name, version, expires) VALUES (?, ?, ?)", role, version, expires);
        }
    }

    /** A new version of a role's metadata (the file's bytes), for {@link #putMetadata(Connection, List, boolean, Instant)}. */
    public record NewMetadata(String role, long version, Instant expires, byte[] content) {}

    /**
     * Stores new versions of existing roles and makes them current, as {@link #putMetadata} does for
     * each, in two batches; with {@code newRoles}, version 1 of roles that have no row yet (a
     * bootstrap's bins).
     */
    public void putMetadata(Connection c, List<NewMetadata> versions, boolean newRoles, Instant now)
            throws SQLException {
        Sql.batch(
                c,
                "INSERT INTO tuf_metadata (role, version, body, created) VALUES (?, ?, ?, ?)",
                versions,
                m -> Arrays.asList(m.role(), m.version(), m.content(), now));
        Sql.batch(
                c,
                newRoles
                        ? "INSERT INTO tuf_roles (version, expires, name) VALUES (?, ?, ?)"
                        : "UPDATE tuf_roles SET version = ?, expires = ? WHERE name = ?",
                versions,
                m -> Arrays.asList(m.version(), m.expires(), m.role()));
    }

    public Optional<String> metadata(Connection c, String role, long version) throws SQLException {
        return metadataBytes(c, role, version).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** A version of a role's metadata as stored (UTF-8). */
    public Optional<byte[]> metadataBytes(Connection c, String role, long version) throws SQLException {
        return Sql.one(c, "SELECT body, content FROM tuf_metadata WHERE role = ? AND version = ?", FILE, role, version);
    }

    /** The current version of a role's metadata. */
    public Optional<String> currentMetadata(Connection c, String role) throws SQLException {
        return currentMetadataBytes(c, role).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The current version of a role's metadata as stored (UTF-8). */
    public Optional<byte[]> currentMetadataBytes(Connection c, String role) throws SQLException {
        return Sql.one(
                c,
                "SELECT m.body, m.content FROM tuf_metadata m JOIN tuf_roles r ON r.name = m.role AND r.version = m.version"
                        + " WHERE m.role = ?",
                FILE,
                role);
    }

    /** Deletes every version of a role but root that was superseded before {@code cutoff}; returns how many. */
    public int prune(Connection c, Instant cutoff) throws SQLException {
        return Sql.update(
                c,
                "DELETE FROM tuf_metadata WHERE role <> 'root' AND version < (SELECT MAX(n.version) FROM tuf_metadata n"
                        + " WHERE n.role = tuf_metadata.role AND n.created <= ?)",
                cutoff);
    }

    // ---- signing events

    /** Metadata waiting for signatures: its role, version, content so far and the task that last changed it. */
    public record SigningRow(String role, long version, String content, String taskId) {}

    private static final RowMapper<SigningRow> SIGNING =
            rs -> new SigningRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4));

    public List<SigningRow> signing(Connection c) throws SQLException {
        return Sql.list(c, "SELECT role, version, content, task_id FROM tuf_signing ORDER BY role", SIGNING);
    }

    public Optional<SigningRow> signing(Connection c, String role) throws SQLException {
        return Sql.one(c, "SELECT role, version, content, task_id FROM tuf_signing WHERE role = ?", SIGNING, role);
    }

    /** Parks (or replaces) the metadata of a role waiting for signatures. */
    public void putSigning(Connection c, String role, long version, String content, String taskId, Instant now)
            throws SQLException {
        int updated = Sql.update(
                c,
                "UPDATE tuf_signing SET version = ?, content = ?, task_id = ?, updated = ? WHERE role = ?",
                version,
                content,
                taskId,
                now,
                role);
        if (updated == 0) {
            Sql.update(
                    c,
                    "INSERT INTO tuf_signing (role, version, content, task_id, updated) VALUES (?, ?, ?, ?, ?)",
                    role,
                    version,
                    content,
                    taskId,
                    now);
        }
    }

    public boolean deleteSigning(Connection c, String role) throws SQLException {
        return Sql.update(c, "DELETE FROM tuf_signing WHERE role = ?", role) > 0;
    }

    /** Removes a deleted custom role: its artifacts, its versions and its role row. */
    public void deleteRole(Connection c, String role) throws SQLException {
        Sql.update(c, "DELETE FROM tuf_artifacts WHERE role = ?", role);
        Sql.update(c, "DELETE FROM tuf_metadata WHERE role = ?", role);
        Sql.update(c, "DELETE FROM tuf_roles WHERE name = ?", role);
    }
}
