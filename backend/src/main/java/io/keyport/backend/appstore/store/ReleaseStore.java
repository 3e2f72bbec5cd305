package io.keyport.backend.appstore.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rows of {@code appstore_releases}, {@code appstore_release_groups}, {@code appstore_release_revisions}
 * and {@code appstore_package_gates} (migration V17): who owns and manages each release, its state,
 * and the revisions Keyport deployed.
 */
public final class ReleaseStore {

    /**
     * A release without its groups.
     *
     * @param valuesJson the values given, as JSON text
     */
    public record ReleaseRow(
            String id,
            String packageId,
            String targetId,
            String owner,
            String chartVersion,
            String valuesJson,
            String status,
            int revision,
            Long pendingTask,
            String lastError,
            Instant lastDeployed,
            Instant created) {}

    /** A release with the teams that manage it (sorted). */
    public record Full(ReleaseRow row, List<String> groups) {}

    /** One deployed revision. */
    public record RevisionRow(
            String releaseId,
            int revision,
            String chartVersion,
            String valuesJson,
            String status,
            String description,
            String manifest,
            Instant deployed,
            String deployedBy) {}

    private static final String COLUMNS = "id, package, target_id, owner, chart_version, values_json, status, revision,"
            + " pending_task, last_error, last_deployed, created";

    private static final RowMapper<ReleaseRow> RELEASE = rs -> new ReleaseRow(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getInt(8),
            rs.getObject(9) == null ? null : rs.getLong(9),
            rs.getString(10),
            Jdbc.getInstant(rs, 11),
            Jdbc.getInstant(rs, 12));

    private static final String REVISION_COLUMNS =
            "release_id, revision, chart_version, values_json, status, description, manifest, deployed, deployed_by";

    private static final RowMapper<RevisionRow> REVISION = rs -> new RevisionRow(
            rs.getString(1),
            rs.getInt(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            Jdbc.getInstant(rs, 8),
            rs.getString(9));

    public Optional<Full> find(Connection c, String id) throws SQLException {
        return withGroups(c, Sql.one(c, "SELECT " + COLUMNS + " FROM appstore_releases WHERE id = ?", RELEASE, id));
    }

    /** The release, locked until the transaction ends. */
    public Optional<Full> lock(Connection c, String id) throws SQLException {
        return withGroups(
                c, Sql.one(c, "SELECT " + COLUMNS + " FROM appstore_releases WHERE id = ? FOR UPDATE", RELEASE, id));
    }

    public boolean exists(Connection c, String id) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM appstore_releases WHERE id = ?", id);
    }

    /** Every release (admins), by id. */
    public List<Full> all(Connection c) throws SQLException {
        return withGroups(c, Sql.list(c, "SELECT " + COLUMNS + " FROM appstore_releases ORDER BY id", RELEASE));
    }

    /** The releases {@code uid} owns or one of {@code teams} manages, by id. */
    public List<Full> visibleTo(Connection c, String uid, List<String> teams) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM appstore_releases WHERE owner = ?");
        List<Object> args = new ArrayList<>();
        args.add(uid);
        if (!teams.isEmpty()) {
            sql.append(" OR id IN (SELECT release_id FROM appstore_release_groups WHERE team_id IN (")
                    .append(String.join(", ", java.util.Collections.nCopies(teams.size(), "?")))
                    .append("))");
            args.addAll(teams);
        }
        sql.append(" ORDER BY id");
        return withGroups(c, Sql.list(c, sql.toString(), RELEASE, args.toArray()));
    }

    public void insert(Connection c, ReleaseRow r, List<String> groups) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO appstore_releases (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                r.packageId(),
                r.targetId(),
                r.owner(),
                r.chartVersion(),
                r.valuesJson(),
                r.status(),
                r.revision(),
                r.pendingTask(),
                r.lastError(),
                r.lastDeployed(),
                r.created());
        Sql.batch(
                c,
                "INSERT INTO appstore_release_groups (release_id, team_id) VALUES (?, ?)",
                groups,
                team -> List.of(r.id(), team));
    }

    /** Marks an operation as pending under task {@code task}. */
    public void markPending(Connection c, String id, String status, long task) throws SQLException {
        Sql.update(
                c,
                "UPDATE appstore_releases SET status = ?, pending_task = ?, last_error = NULL WHERE id = ?",
                status,
                task,
                id);
    }

    /** Records a deployed revision as the release's current state; earlier deployed ones become superseded. */
    public void deployed(Connection c, RevisionRow rev) throws SQLException {
        Sql.update(
                c,
                "UPDATE appstore_release_revisions SET status = 'superseded' WHERE release_id = ? AND status = 'deployed'",
                rev.releaseId());
        Sql.update(
                c,
                "DELETE FROM appstore_release_revisions WHERE release_id = ? AND revision = ?",
                rev.releaseId(),
                rev.revision());
        Sql.update(
                c,
                "INSERT INTO appstore_release_revisions (" + REVISION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rev.releaseId(),
                rev.revision(),
                rev.chartVersion(),
                rev.valuesJson(),
                rev.status(),
                rev.description(),
                rev.manifest(),
                rev.deployed(),
                rev.deployedBy());
        Sql.update(
                c,
                "UPDATE appstore_releases SET chart_version = ?, values_json = ?, status = ?, revision = ?,"
                        + " pending_task = NULL, last_error = NULL, last_deployed = ? WHERE id = ?",
                rev.chartVersion(),
                rev.valuesJson(),
                rev.status(),
                rev.revision(),
                rev.deployed(),
                rev.releaseId());
    }

    /** Ends a pending operation that failed: the release keeps its chart and values, with the error. */
    public void failed(Connection c, String id, String error) throws SQLException {
        Sql.update(
                c,
                "UPDATE appstore_releases SET status = 'failed', pending_task = NULL, last_error = ? WHERE id = ?",
                error,
                id);
    }

    /** Removes an uninstalled release with its groups and revisions. */
    public void delete(Connection c, String id) throws SQLException {
        Sql.update(c, "DELETE FROM appstore_releases WHERE id = ?", id);
    }

    /** The revisions, newest first. */
    public List<RevisionRow> revisions(Connection c, String id) throws SQLException {
        return Sql.list(
                c,
                "SELECT " + REVISION_COLUMNS
                        + " FROM appstore_release_revisions WHERE release_id = ? ORDER BY revision DESC",
                REVISION,
                id);
    }

    public Optional<RevisionRow> revision(Connection c, String id, int revision) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + REVISION_COLUMNS + " FROM appstore_release_revisions WHERE release_id = ? AND revision = ?",
                REVISION,
                id,
                revision);
    }

    /** The Kio application gating {@code packageId}, if any. */
    public Optional<String> gate(Connection c, String packageId) throws SQLException {
        return Sql.one(
                c,
                "SELECT application_id FROM appstore_package_gates WHERE package = ?",
                rs -> rs.getString(1),
                packageId);
    }

    /** Sets (or replaces) the gate; true when there was none. */
    public boolean putGate(Connection c, String packageId, String application, Instant now, String by)
            throws SQLException {
        boolean existed = Sql.update(c, "DELETE FROM appstore_package_gates WHERE package = ?", packageId) > 0;
        Sql.update(
                c,
                "INSERT INTO appstore_package_gates (package, application_id, created, created_by) VALUES (?, ?, ?, ?)",
                packageId,
                application,
                now,
                by);
        return !existed;
    }

    public boolean deleteGate(Connection c, String packageId) throws SQLException {
        return Sql.update(c, "DELETE FROM appstore_package_gates WHERE package = ?", packageId) > 0;
    }

    private Optional<Full> withGroups(Connection c, Optional<ReleaseRow> row) throws SQLException {
        if (row.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Full(row.get(), groups(c, row.get().id())));
    }

    private List<Full> withGroups(Connection c, List<ReleaseRow> rows) throws SQLException {
        List<Full> out = new ArrayList<>(rows.size());
        for (ReleaseRow r : rows) {
            out.add(new Full(r, groups(c, r.id())));
        }
        return out;
    }

    private List<String> groups(Connection c, String id) throws SQLException {
        return Sql.list(
                c,
                "SELECT team_id FROM appstore_release_groups WHERE release_id = ? ORDER BY team_id",
                rs -> rs.getString(1),
                id);
    }
}
