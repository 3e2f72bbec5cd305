package io.keyport.backend.registry.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.model.registry.ImageTag;
import io.keyport.model.registry.PierOneTag;
import io.keyport.model.registry.RegistryStats;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.ScmSource;
import io.keyport.model.registry.Tag;
import io.keyport.model.registry.TeamStats;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The Pier One REST API's reads over the registry's tables (migration V14 adds the image ids and
 * the layer scans): each list is one query, and every read starts from {@code registry_tags}, so
 * only tagged images are reported (a team, an artifact or an image without a tag does not exist for
 * Pier One).
 */
public final class PierOneStore {

    /** A tag's own scm source ({@code X-SCM-Source} JSON as pushed) and when the tag was set. */
    public record TagScm(String scmSource, Instant created) {}

    /** Teams with at least one tag, by name. */
    public List<String> teams(Connection c) throws SQLException {
        return Sql.list(
                c,
                "SELECT DISTINCT r.team FROM registry_repositories r"
                        + " WHERE EXISTS (SELECT 1 FROM registry_tags t WHERE t.repository = r.name) ORDER BY r.team",
                RowMapper.FIRST_STRING);
    }

    /** The repositories of {@code team} with at least one tag, by name. */
    public List<String> repositories(Connection c, String team) throws SQLException {
        return Sql.list(
                c,
                "SELECT r.name FROM registry_repositories r WHERE r.team = ?"
                        + " AND EXISTS (SELECT 1 FROM registry_tags t WHERE t.repository = r.name) ORDER BY r.name",
                RowMapper.FIRST_STRING,
                team);
    }

    private static final String TAG_SELECT = "SELECT t.name, t.created, t.pusher,"
            + " COALESCE(i.image_id, t.manifest_digest), t.manifest_digest, m.media_type,"
            + " m.size + COALESCE((SELECT SUM(b.size) FROM registry_manifest_references mr"
            + " JOIN registry_blobs b ON b.digest = mr.digest"
            + " WHERE mr.repository = t.repository AND mr.manifest_digest = t.manifest_digest"
            + " AND mr.kind = 'blob'), 0)"
            + " FROM registry_tags t"
            + " JOIN registry_manifests m ON m.repository = t.repository AND m.digest = t.manifest_digest"
            + " LEFT JOIN registry_images i ON i.repository = t.repository AND i.manifest_digest = t.manifest_digest"
            + " WHERE t.repository = ?";

    private static final RowMapper<PierOneTag> TAG = rs -> new PierOneTag(
            rs.getString(1),
            Jdbc.getInstant(rs, 2),
            rs.getString(3),
            rs.getString(4),
            null,
            null,
            null,
            null,
            rs.getString(5),
            rs.getString(6),
            rs.getLong(7),
            Tag.isValid(rs.getString(1)) && Tag.parse(rs.getString(1)).mutable());

    /** The tags of a repository, oldest first (Pier One's order: clients take the last as newest). */
    public List<PierOneTag> tags(Connection c, RepositoryName repository) throws SQLException {
        return Sql.list(c, TAG_SELECT + " ORDER BY t.created, t.name", TAG, repository.value());
    }

    /** One tag. */
    public Optional<PierOneTag> tag(Connection c, RepositoryName repository, String tag) throws SQLException {
        return Sql.one(c, TAG_SELECT + " AND t.name = ?", TAG, repository.value(), tag);
    }

    /** The newest tag (Pier One's {@code latest}): by created, then by name. */
    public Optional<String> newestTag(Connection c, RepositoryName repository) throws SQLException {
        return Sql.one(
                c,
                "SELECT name FROM registry_tags WHERE repository = ? ORDER BY created DESC, name DESC LIMIT 1",
                RowMapper.FIRST_STRING,
                repository.value());
    }

    /** A tag's own scm source and its time, if the tag exists. */
    public Optional<TagScm> tagScm(Connection c, RepositoryName repository, String tag) throws SQLException {
        return Sql.one(
                c,
                "SELECT scm_source, created FROM registry_tags WHERE repository = ? AND name = ?",
                rs -> new TagScm(rs.getString(1), Jdbc.getInstant(rs, 2)),
                repository.value(),
                tag);
    }

    /**
     * The newest scm-source.json found in the layers of the tag's manifest, or of the manifests an
     * index tag lists.
     */
    public Optional<ScmSource> layerScm(Connection c, RepositoryName repository, String tag) throws SQLException {
        String columns = "SELECT s.url, s.revision, s.author, s.status, s.created";
        return Sql.one(
                c,
                "SELECT url, revision, author, status, created FROM ("
                        + columns
                        + " FROM registry_tags t"
                        + " JOIN registry_manifest_references r ON r.repository = t.repository"
                        + " AND r.manifest_digest = t.manifest_digest AND r.kind = 'blob'"
                        + " JOIN registry_layer_scm_sources s ON s.digest = r.digest AND s.found"
                        + " WHERE t.repository = ? AND t.name = ?"
                        + " UNION ALL "
                        + columns
                        + " FROM registry_tags t"
                        + " JOIN registry_manifest_references ri ON ri.repository = t.repository"
                        + " AND ri.manifest_digest = t.manifest_digest AND ri.kind = 'manifest'"
                        + " JOIN registry_manifest_references r ON r.repository = ri.repository"
                        + " AND r.manifest_digest = ri.digest AND r.kind = 'blob'"
                        + " JOIN registry_layer_scm_sources s ON s.digest = r.digest AND s.found"
                        + " WHERE t.repository = ? AND t.name = ?"
                        + ") found ORDER BY created DESC, url LIMIT 1",
                rs -> new ScmSource(
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Jdbc.getInstant(rs, 5)),
                repository.value(),
                tag,
                repository.value(),
                tag);
    }

    /**
     * Distinct image ids of tagged manifests from {@code from} (inclusive) to {@code to}
     * (exclusive), at most {@code limit}.
     */
    public List<String> imageIds(Connection c, String from, String to, int limit) throws SQLException {
        return Sql.list(
                c,
                "SELECT DISTINCT i.image_id FROM registry_images i WHERE i.image_id >= ? AND i.image_id < ?"
                        + " AND EXISTS (SELECT 1 FROM registry_tags t WHERE t.repository = i.repository"
                        + " AND t.manifest_digest = i.manifest_digest) ORDER BY i.image_id LIMIT ?",
                RowMapper.FIRST_STRING,
                from,
                to,
                limit);
    }

    /** The tags that point at a manifest whose image id is {@code imageId}, by repository and name. */
    public List<ImageTag> tagsOfImage(Connection c, String imageId) throws SQLException {
        return Sql.list(
                c,
                "SELECT t.name, t.repository FROM registry_images i"
                        + " JOIN registry_tags t ON t.repository = i.repository AND t.manifest_digest = i.manifest_digest"
                        + " WHERE i.image_id = ? ORDER BY t.repository, t.name",
                rs -> {
                    RepositoryName name = RepositoryName.parse(rs.getString(2));
                    return new ImageTag(rs.getString(1), name.team(), name.artifact());
                },
                imageId);
    }

    /** Teams with a tag, and the bytes of all stored blobs. */
    public RegistryStats stats(Connection c) throws SQLException {
        return Sql.one(
                        c,
                        "SELECT (SELECT COUNT(DISTINCT r.team) FROM registry_repositories r"
                                + " WHERE EXISTS (SELECT 1 FROM registry_tags t WHERE t.repository = r.name)),"
                                + " (SELECT COALESCE(SUM(size), 0) FROM registry_blobs)",
                        rs -> new RegistryStats(rs.getLong(1), rs.getLong(2)))
                .orElseThrow();
    }

    private static final String TEAM_STATS = "SELECT r.team, COUNT(DISTINCT r.name), COUNT(*),"
            + " (SELECT COALESCE(SUM(b.size), 0) FROM registry_blobs b WHERE b.digest IN"
            + " (SELECT rb.digest FROM registry_repository_blobs rb"
            + " JOIN registry_repositories r2 ON r2.name = rb.repository WHERE r2.team = r.team))"
            + " FROM registry_repositories r JOIN registry_tags t ON t.repository = r.name";

    /** Per team with a tag: artifacts with a tag, tags, and the bytes its repositories hold; by team. */
    public List<TeamStats.Entry> teamStats(Connection c) throws SQLException {
        return Sql.list(
                c,
                TEAM_STATS + " GROUP BY r.team ORDER BY r.team",
                rs -> new TeamStats.Entry(rs.getString(1), new TeamStats(rs.getLong(2), rs.getLong(3), rs.getLong(4))));
    }

    /** One team's numbers; zeros for a team without tags. */
    public TeamStats teamStats(Connection c, String team) throws SQLException {
        return Sql.one(
                        c,
                        TEAM_STATS + " WHERE r.team = ? GROUP BY r.team",
                        rs -> new TeamStats(rs.getLong(2), rs.getLong(3), rs.getLong(4)),
                        team)
                .orElse(new TeamStats(0, 0, 0));
    }

    // ---- writes (image ids at manifest push, layer scans)

    /** Records a stored manifest's image id; nothing when it is recorded already. */
    public void insertImage(Connection c, String repository, String manifestDigest, String imageId)
            throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_images (repository, manifest_digest, image_id) SELECT ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM registry_images WHERE repository = ? AND manifest_digest = ?)",
                repository,
                manifestDigest,
                imageId,
                repository,
                manifestDigest);
    }

    /** Of {@code digests}, those no scan has recorded yet. */
    public List<String> unscanned(Connection c, Collection<String> digests) throws SQLException {
        if (digests.isEmpty()) {
            return List.of();
        }
        List<String> scanned = Sql.list(
                c,
                "SELECT digest FROM registry_layer_scm_sources WHERE digest IN ("
                        + String.join(", ", java.util.Collections.nCopies(digests.size(), "?")) + ")",
                RowMapper.FIRST_STRING,
                digests.toArray());
        List<String> rest = new ArrayList<>(digests);
        rest.removeAll(scanned);
        return rest;
    }

    /** The commit time of a stored blob. */
    public Optional<Instant> blobCreated(Connection c, String digest) throws SQLException {
        return Sql.one(c, "SELECT created FROM registry_blobs WHERE digest = ?", rs -> Jdbc.getInstant(rs, 1), digest);
    }

    /** Records what a layer's scan found ({@code source} null: no scm-source.json); first scan wins. */
    public void insertScan(Connection c, String digest, ScmSource source, Instant created) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO registry_layer_scm_sources (digest, found, url, revision, author, status, created)"
                        + " SELECT ?, ?, ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM registry_layer_scm_sources WHERE digest = ?)",
                digest,
                source != null,
                source == null ? null : source.url(),
                source == null ? null : source.revision(),
                source == null ? null : source.author(),
                source == null ? null : source.status(),
                created,
                digest);
    }
}
