package io.keyport.backend.registry.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.Sql;
import io.keyport.model.registry.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Upload sessions ({@code registry_uploads}): one row per session, its id also the id of the
 * staged storage write, the bytes received so far and the running hash. A request that appended
 * bytes moves the row forward only from the size it started at ({@link #advance}), so two
 * requests racing on one session cannot both succeed, on any replica.
 */
public final class UploadStore {

    /** One session. */
    public record Upload(
            String id,
            String repository,
            long size,
            byte[] digestState,
            String uploader,
            String uploaderRealm,
            Instant created) {}

    public void insert(Connection c, Upload u, Instant now) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_uploads (id, repository, size, digest_state, uploader, uploader_realm, created,"
                        + " updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                u.id(),
                u.repository(),
                u.size(),
                u.digestState(),
                u.uploader(),
                u.uploaderRealm(),
                now,
                now);
    }

    /** The session {@code id} of {@code repository}; empty when unknown there. */
    public Optional<Upload> find(Connection c, RepositoryName repository, String id) throws SQLException {
        return Sql.one(
                c,
                "SELECT id, repository, size, digest_state, uploader, uploader_realm, created FROM registry_uploads"
                        + " WHERE id = ? AND repository = ?",
                rs -> new Upload(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getBytes(4),
                        rs.getString(5),
                        rs.getString(6),
                        Jdbc.getInstant(rs, 7)),
                id,
                repository.value());
    }

    /** Moves a session from {@code fromSize} to {@code size}; false when another request moved it first. */
    public boolean advance(Connection c, String id, long fromSize, long size, byte[] digestState, Instant now)
            throws SQLException {
        return Sql.update(
                        c,
                        "UPDATE registry_uploads SET size = ?, digest_state = ?, updated = ? WHERE id = ? AND size = ?",
                        size,
                        digestState,
                        now,
                        id,
                        fromSize)
                == 1;
    }

    /** Sessions not moved since {@code cutoff} (abandoned), oldest first, at most {@code limit}. */
    public java.util.List<String> stale(Connection c, Instant cutoff, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT id FROM registry_uploads WHERE updated < ? ORDER BY updated LIMIT ?",
                io.keyport.backend.db.RowMapper.FIRST_STRING,
                cutoff,
                limit);
    }

    /** Ends a session if it has still not moved since {@code cutoff}; false when it moved or is gone. */
    public boolean deleteStale(Connection c, String id, Instant cutoff) throws SQLException {
        return Sql.update(c, "DELETE FROM registry_uploads WHERE id = ? AND updated < ?", id, cutoff) == 1;
    }

    /** Ends a session; false when it was gone already. */
    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM registry_uploads WHERE id = ?", id) == 1;
    }
}
