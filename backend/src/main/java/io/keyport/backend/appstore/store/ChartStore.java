package io.keyport.backend.appstore.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rows of {@code appstore_charts}, {@code appstore_chart_versions} and the catalogue generation. */
public final class ChartStore {

    /**
     * A chart name, the team that owns it, and its repository ({@code keyport} for a chart first
     * uploaded, {@code oci} for one first pushed into the image registry).
     */
    public record ChartRow(String name, String teamId, String repo) {}

    /**
     * One chart version as the catalogue lists it.
     *
     * @param metadata Chart.yaml as JSON text
     */
    public record VersionRow(
            String name,
            String version,
            String digest,
            long size,
            Instant created,
            String createdBy,
            String metadata) {}

    /** What a version adds for its detail page: values, schema and readme as stored (each may be null). */
    public record VersionFiles(String valuesYaml, String valuesSchema, String readme) {}

    private static final RowMapper<ChartRow> CHART =
            rs -> new ChartRow(rs.getString(1), rs.getString(2), rs.getString(3));

    private static final String CHART_COLUMNS = "name, team_id, repo";

    private static final RowMapper<VersionRow> VERSION = rs -> new VersionRow(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getLong(4),
            Jdbc.getInstant(rs, 5),
            rs.getString(6),
            rs.getString(7));

    private static final String VERSION_COLUMNS = "name, version, digest, size, created, created_by, metadata";

    /** The chart's row, locked until the transaction ends (versions are about to be added or removed). */
    public Optional<ChartRow> lockChart(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT " + CHART_COLUMNS + " FROM appstore_charts WHERE name = ? FOR UPDATE", CHART, name);
    }

    public Optional<ChartRow> findChart(Connection c, String name) throws SQLException {
        return Sql.one(c, "SELECT " + CHART_COLUMNS + " FROM appstore_charts WHERE name = ?", CHART, name);
    }

    public void insertChart(Connection c, String name, String teamId, Instant created, String createdBy)
            throws SQLException {
        insertChart(c, name, teamId, "keyport", created, createdBy);
    }

    /** A new chart of repository {@code repo}. */
    public void insertChart(Connection c, String name, String teamId, String repo, Instant created, String createdBy)
            throws SQLException {
        Sql.update(
                c,
                "INSERT INTO appstore_charts (name, team_id, repo, created, created_by) VALUES (?, ?, ?, ?, ?)",
                name,
                teamId,
                repo,
                created,
                createdBy);
    }

    public Optional<VersionRow> findVersion(Connection c, String name, String version) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + VERSION_COLUMNS + " FROM appstore_chart_versions WHERE name = ? AND version = ?",
                VERSION,
                name,
                version);
    }

    public void insertVersion(Connection c, VersionRow row, VersionFiles files) throws SQLException {
        insertVersion(c, row, files, null);
    }

    /** A version that came from {@code source} ({@code <repository>@<manifest digest>} in the image registry; null: uploaded). */
    public void insertVersion(Connection c, VersionRow row, VersionFiles files, String source) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO appstore_chart_versions (" + VERSION_COLUMNS
                        + ", values_yaml, values_schema, readme, source)" + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                row.name(),
                row.version(),
                row.digest(),
                row.size(),
                row.created(),
                row.createdBy(),
                row.metadata(),
                files.valuesYaml(),
                files.valuesSchema(),
                files.readme(),
                source);
    }

    public boolean deleteVersion(Connection c, String name, String version) throws SQLException {
        return Sql.update(c, "DELETE FROM appstore_chart_versions WHERE name = ? AND version = ?", name, version) == 1;
    }

    /** Whether any version still refers to the archive with this digest. */
    public boolean digestInUse(Connection c, String digest) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM appstore_chart_versions WHERE digest = ?", digest);
    }

    /** Every version of every chart: what the in-memory catalogue is built from. */
    public List<VersionRow> allVersions(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + VERSION_COLUMNS + " FROM appstore_chart_versions", VERSION);
    }

    /** The owning team of every chart. */
    public List<ChartRow> allCharts(Connection c) throws SQLException {
        return Sql.list(c, "SELECT " + CHART_COLUMNS + " FROM appstore_charts", CHART);
    }

    public Optional<VersionFiles> files(Connection c, String name, String version) throws SQLException {
        return Sql.one(
                c,
                "SELECT values_yaml, values_schema, readme FROM appstore_chart_versions WHERE name = ? AND version = ?",
                rs -> new VersionFiles(rs.getString(1), rs.getString(2), rs.getString(3)),
                name,
                version);
    }

    /** The catalogue's generation: bumped by every change, in the change's transaction. */
    public long generation(Connection c) throws SQLException {
        return Sql.one(c, "SELECT generation FROM appstore_catalogue WHERE id = 1", rs -> rs.getLong(1))
                .orElse(0L);
    }

    /** Counts a change of the catalogue (and serialises catalogue writers on the one row). */
    public void bumpGeneration(Connection c) throws SQLException {
        Sql.update(c, "UPDATE appstore_catalogue SET generation = generation + 1 WHERE id = 1");
    }
}
