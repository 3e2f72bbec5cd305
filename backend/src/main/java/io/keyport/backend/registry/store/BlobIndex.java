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

    /** The size of a stored blob, in any repository. */
    public Optional<Long> size(Connection c, Digest digest) throws SQLException {
        return Sql.one(c, "SELECT size FROM registry_blobs WHERE digest = ?", RowMapper.FIRST_LONG, digest.toString());
    }

    /** Records a committed blob; nothing when it is known already. */
    public void addBlob(Connection c, Digest digest, long size, Instant now) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_blobs (digest, size, created) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM registry_blobs WHERE digest = ?)",
                digest.toString(),
                size,
                now,
                digest.toString());
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

    /** Those of {@code digests} that are not linked to {@code repository}. */
    public List<String> missing(Connection c, RepositoryName repository, List<Digest> digests) throws SQLException {
        List<String> missing = new java.util.ArrayList<>();
        for (Digest d : digests) {
            if (!Sql.exists(
                    c,
                    "SELECT 1 FROM registry_repository_blobs WHERE repository = ? AND digest = ?",
                    repository.value(),
                    d.toString())) {
                missing.add(d.toString());
            }
        }
        return missing;
    }
}
