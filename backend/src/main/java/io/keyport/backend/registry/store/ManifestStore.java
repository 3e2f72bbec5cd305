package io.keyport.backend.registry.store;

import io.keyport.backend.db.Jdbc;
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
 * Repositories, manifests (bytes as pushed) with their references, and tags. The tag table's
 * primary key is the immutability guarantee across replicas ({@link #insertTag}).
 */
public final class ManifestStore {

    /** A stored manifest. */
    public record Manifest(
            String repository,
            String digest,
            String mediaType,
            String artifactType,
            String subjectDigest,
            String annotations,
            long size,
            byte[] content,
            String pusher,
            Instant created) {}

    /** A tag and what it points at. */
    public record TagRow(
            String repository,
            String name,
            String manifestDigest,
            String pusher,
            String pusherRealm,
            String scmSource,
            Instant created) {}

    /** A manifest's entry in a referrers list. */
    public record Referrer(String digest, String mediaType, String artifactType, long size, String annotations) {}

    // ---- repositories

    public boolean repositoryExists(Connection c, RepositoryName name) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM registry_repositories WHERE name = ?", name.value());
    }

    /** Creates the repository row if absent. */
    public void ensureRepository(Connection c, RepositoryName name, Instant now) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_repositories (name, team, created) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM registry_repositories WHERE name = ?)",
                name.value(),
                name.team(),
                now,
                name.value());
    }

    /** Repository names after {@code last} (exclusive), ascending, at most {@code limit}. */
    public List<String> repositories(Connection c, String last, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT name FROM registry_repositories WHERE name > ? ORDER BY name LIMIT ?",
                RowMapper.FIRST_STRING,
                last == null ? "" : last,
                limit);
    }

    // ---- manifests

    private static final String MANIFEST_COLUMNS = "repository, digest, media_type, artifact_type, subject_digest,"
            + " annotations, size, content, pusher, created";

    private static final RowMapper<Manifest> MANIFEST = rs -> new Manifest(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getLong(7),
            rs.getBytes(8),
            rs.getString(9),
            Jdbc.getInstant(rs, 10));

    public Optional<Manifest> manifest(Connection c, RepositoryName repository, Digest digest) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + MANIFEST_COLUMNS + " FROM registry_manifests WHERE repository = ? AND digest = ?",
                MANIFEST,
                repository.value(),
                digest.toString());
    }

    /** The manifest a tag points at, in one query (a manifest GET by tag is the registry's most frequent read). */
    public Optional<Manifest> manifestByTag(Connection c, RepositoryName repository, String tag) throws SQLException {
        return Sql.one(
                c,
                "SELECT m." + MANIFEST_COLUMNS.replace(", ", ", m.") + " FROM registry_tags t"
                        + " JOIN registry_manifests m ON m.repository = t.repository AND m.digest = t.manifest_digest"
                        + " WHERE t.repository = ? AND t.name = ?",
                MANIFEST,
                repository.value(),
                tag);
    }

    public boolean manifestExists(Connection c, RepositoryName repository, String digest) throws SQLException {
        return Sql.exists(
                c, "SELECT 1 FROM registry_manifests WHERE repository = ? AND digest = ?", repository.value(), digest);
    }

    /** Inserts a manifest with its references; false (nothing written) when it is stored already. */
    public boolean insertManifest(Connection c, Manifest m, List<String> blobs, List<String> children)
            throws SQLException {
        int inserted = Sql.update(
                c,
                "INSERT INTO registry_manifests (" + MANIFEST_COLUMNS + ")"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM registry_manifests WHERE repository = ? AND digest = ?)",
                m.repository(),
                m.digest(),
                m.mediaType(),
                m.artifactType(),
                m.subjectDigest(),
                m.annotations(),
                m.size(),
                m.content(),
                m.pusher(),
                m.created(),
                m.repository(),
                m.digest());
        if (inserted == 0) {
            return false;
        }
        String sql = "INSERT INTO registry_manifest_references (repository, manifest_digest, kind, digest)"
                + " VALUES (?, ?, ?, ?)";
        Sql.batch(c, sql, blobs, d -> List.of(m.repository(), m.digest(), "blob", d));
        Sql.batch(c, sql, children, d -> List.of(m.repository(), m.digest(), "manifest", d));
        return true;
    }

    /** Manifests of {@code repository} whose subject is {@code subject}, by digest. */
    public List<Referrer> referrers(Connection c, RepositoryName repository, Digest subject) throws SQLException {
        return Sql.list(
                c,
                "SELECT digest, media_type, artifact_type, size, annotations FROM registry_manifests"
                        + " WHERE repository = ? AND subject_digest = ? ORDER BY digest",
                rs -> new Referrer(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)),
                repository.value(),
                subject.toString());
    }

    // ---- tags

    private static final RowMapper<TagRow> TAG = rs -> new TagRow(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            Jdbc.getInstant(rs, 7));

    private static final String TAG_COLUMNS =
            "repository, name, manifest_digest, pusher, pusher_realm, scm_source, created";

    public Optional<TagRow> tag(Connection c, RepositoryName repository, String name) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + TAG_COLUMNS + " FROM registry_tags WHERE repository = ? AND name = ?",
                TAG,
                repository.value(),
                name);
    }

    /** The newest tag of a repository (Pier One's {@code latest}): by created, then by name. */
    public Optional<TagRow> newestTag(Connection c, RepositoryName repository) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + TAG_COLUMNS + " FROM registry_tags WHERE repository = ?"
                        + " ORDER BY created DESC, name DESC LIMIT 1",
                TAG,
                repository.value());
    }

    /**
     * Inserts a tag. Of two transactions inserting the same tag, on any replica, the second fails
     * with a unique violation of the primary key when the first commits.
     */
    public void insertTag(Connection c, TagRow t) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_tags (" + TAG_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                t.repository(),
                t.name(),
                t.manifestDigest(),
                t.pusher(),
                t.pusherRealm(),
                t.scmSource(),
                t.created());
    }

    /** Moves a (mutable) tag to another manifest, as a new push. */
    public void moveTag(Connection c, TagRow t) throws SQLException {
        Sql.update(
                c,
                "UPDATE registry_tags SET manifest_digest = ?, pusher = ?, pusher_realm = ?, scm_source = ?, created = ?"
                        + " WHERE repository = ? AND name = ?",
                t.manifestDigest(),
                t.pusher(),
                t.pusherRealm(),
                t.scmSource(),
                t.created(),
                t.repository(),
                t.name());
    }

    /** The names of the tags of {@code repository} that point at {@code digest}, ascending. */
    public List<String> tagsOf(Connection c, RepositoryName repository, Digest digest) throws SQLException {
        return Sql.list(
                c,
                "SELECT name FROM registry_tags WHERE repository = ? AND manifest_digest = ? ORDER BY name",
                RowMapper.FIRST_STRING,
                repository.value(),
                digest.toString());
    }

    /** The manifests (indexes) of {@code repository} that name {@code digest} as a child. */
    public List<String> parents(Connection c, RepositoryName repository, Digest digest) throws SQLException {
        return Sql.list(
                c,
                "SELECT manifest_digest FROM registry_manifest_references"
                        + " WHERE repository = ? AND kind = 'manifest' AND digest = ? ORDER BY manifest_digest",
                RowMapper.FIRST_STRING,
                repository.value(),
                digest.toString());
    }

    /**
     * Deletes a manifest with its tags and references (a takedown); the blobs it referenced stay
     * until garbage collection finds them unreferenced.
     */
    public void deleteManifest(Connection c, RepositoryName repository, Digest digest) throws SQLException {
        Sql.update(
                c,
                "DELETE FROM registry_tags WHERE repository = ? AND manifest_digest = ?",
                repository.value(),
                digest.toString());
        Sql.update(
                c,
                "DELETE FROM registry_manifest_references WHERE repository = ? AND manifest_digest = ?",
                repository.value(),
                digest.toString());
        Sql.update(
                c,
                "DELETE FROM registry_manifests WHERE repository = ? AND digest = ?",
                repository.value(),
                digest.toString());
    }

    /** Tag names after {@code last} (exclusive), ascending, at most {@code limit}. */
    public List<String> tagNames(Connection c, RepositoryName repository, String last, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT name FROM registry_tags WHERE repository = ? AND name > ? ORDER BY name LIMIT ?",
                RowMapper.FIRST_STRING,
                repository.value(),
                last == null ? "" : last,
                limit);
    }
}
