package io.keyport.backend.registry.store;

import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The stored blobs ({@code registry_blobs}, one row per digest) and which repository holds which
 * ({@code registry_repository_blobs}). A blob is visible in a repository only through its link.
 */
public final class BlobIndex {

    /** The size of a blob linked to {@code repository}; empty when it is not linked there. */
    public Optional<Long> linkedSize(Connection c, RepositoryName repository, Digest digest) throws SQLException {
        return Sql.one(
                c,
                "SELECT b.size FROM registry_repository_blobs l JOIN registry_blobs b ON b.digest = l.digest"
                        + " WHERE l.repository = ? AND l.digest = ?",
                RowMapper.FIRST_LONG,
                repository.value(),
                digest.toString());
    }

    /** A blob linked to a repository: its size and when it was last touched. */
    public record Linked(long size, Instant touched) {}

    /** The size and last touch of a blob linked to {@code repository}; empty when it is not linked there. */
    public Optional<Linked> linked(Connection c, RepositoryName repository, Digest digest) throws SQLException {
        return Sql.one(
                c,
                "SELECT b.size, b.touched FROM registry_repository_blobs l JOIN registry_blobs b ON b.digest = l.digest"
                        + " WHERE l.repository = ? AND l.digest = ?",
                rs -> new Linked(rs.getLong(1), io.keyport.backend.db.Jdbc.getInstant(rs, 2)),
                repository.value(),
                digest.toString());
    }

    /** The size of a stored blob, in any repository. */
    public Optional<Long> size(Connection c, Digest digest) throws SQLException {
        return Sql.one(c, "SELECT size FROM registry_blobs WHERE digest = ?", RowMapper.FIRST_LONG, digest.toString());
    }

    /** Records a committed blob; nothing (false) when it is known already. */
    public boolean addBlob(Connection c, Digest digest, long size, Instant now) throws SQLException {
        return Sql.update(
                        c,
                        "INSERT INTO registry_blobs (digest, size, created, touched) SELECT ?, ?, ?, ?"
                                + " WHERE NOT EXISTS (SELECT 1 FROM registry_blobs WHERE digest = ?)",
                        digest.toString(),
                        size,
                        now,
                        now,
                        digest.toString())
                == 1;
    }

    /**
     * Marks a stored blob as used now (an upload of bytes it has already), locking its row until
     * the transaction ends; false when no such blob is stored (or garbage collection, holding the
     * row, removed it meanwhile).
     */
    public boolean touch(Connection c, Digest digest, Instant now) throws SQLException {
        return Sql.update(c, "UPDATE registry_blobs SET touched = ? WHERE digest = ?", now, digest.toString()) == 1;
    }

    /**
     * Marks blobs as used now where their last touch is older than {@code staleBefore}, locking
     * those rows until the transaction ends (a blob touched later is out of garbage collection's
     * reach for long enough already). A row garbage collection holds is waited for; if it is
     * removed, nothing is touched and the caller's next query no longer finds its link.
     */
    public void touchStale(Connection c, List<Digest> digests, Instant now, Instant staleBefore) throws SQLException {
        List<String> sorted =
                digests.stream().map(Digest::toString).distinct().sorted().toList();
        if (sorted.isEmpty()) {
            return;
        }
        Object[] args = new Object[sorted.size() + 2];
        args[0] = now;
        args[1] = staleBefore;
        for (int i = 0; i < sorted.size(); i++) {
            args[i + 2] = sorted.get(i);
        }
        Sql.update(
                c,
                "UPDATE registry_blobs SET touched = ? WHERE touched < ? AND digest IN ("
                        + String.join(", ", java.util.Collections.nCopies(sorted.size(), "?")) + ")",
                args);
    }

    /**
     * Blobs no manifest references whose last touch is before {@code cutoff}: candidates of garbage
     * collection, which checks each again under its row lock ({@link #lockCollectable}).
     */
    public List<String> collectable(Connection c, Instant cutoff, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT b.digest FROM registry_blobs b WHERE b.touched < ? AND NOT EXISTS"
                        + " (SELECT 1 FROM registry_manifest_references r WHERE r.kind = 'blob' AND r.digest = b.digest)"
                        + " ORDER BY b.touched LIMIT ?",
                RowMapper.FIRST_STRING,
                cutoff,
                limit);
    }

    /**
     * Inside garbage collection's transaction: locks the row of blob {@code digest} if it is still
     * untouched since {@code cutoff} and no manifest references it; true when it may be removed.
     * A manifest PUT that names the blob either touched it before (this answers false) or waits
     * for this transaction and then finds the blob gone.
     */
    public boolean lockCollectable(Connection c, String digest, Instant cutoff) throws SQLException {
        if (!Sql.exists(
                c, "SELECT 1 FROM registry_blobs WHERE digest = ? AND touched < ? FOR UPDATE", digest, cutoff)) {
            return false;
        }
        return !Sql.exists(c, "SELECT 1 FROM registry_manifest_references WHERE kind = 'blob' AND digest = ?", digest);
    }

    /** Removes a blob's row and its links to repositories. */
    public void remove(Connection c, String digest) throws SQLException {
        Sql.update(c, "DELETE FROM registry_repository_blobs WHERE digest = ?", digest);
        Sql.update(c, "DELETE FROM registry_blobs WHERE digest = ?", digest);
    }

    /** Links a blob to a repository; nothing when it is linked already. */
    public void link(Connection c, RepositoryName repository, Digest digest, Instant now) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_repository_blobs (repository, digest, created) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM registry_repository_blobs WHERE repository = ? AND digest = ?)",
                repository.value(),
                digest.toString(),
                now,
                repository.value(),
                digest.toString());
    }

    /** Those of {@code digests} that are not linked to {@code repository}, in their order; one query. */
    public List<String> missing(Connection c, RepositoryName repository, List<Digest> digests) throws SQLException {
        List<String> wanted = digests.stream().map(Digest::toString).distinct().toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        Object[] args = new Object[wanted.size() + 1];
        args[0] = repository.value();
        for (int i = 0; i < wanted.size(); i++) {
            args[i + 1] = wanted.get(i);
        }
        java.util.Set<String> linked = new java.util.HashSet<>(Sql.list(
                c,
                "SELECT digest FROM registry_repository_blobs WHERE repository = ? AND digest IN ("
                        + String.join(", ", java.util.Collections.nCopies(wanted.size(), "?")) + ")",
                RowMapper.FIRST_STRING,
                args));
        List<String> missing = new java.util.ArrayList<>();
        for (Digest d : digests) {
            if (!linked.contains(d.toString())) {
                missing.add(d.toString());
            }
        }
        return missing;
    }
}
