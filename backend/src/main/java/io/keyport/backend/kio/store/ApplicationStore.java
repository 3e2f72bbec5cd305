package io.keyport.backend.kio.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.Sql;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApplicationFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rows of {@code applications}: the Kio fields, the approval policy, and {@code search_text}, the
 * lower-cased {@code id name subtitle description} that search filters on, with its trigram index
 * ({@link SearchIndex}) written in the same transaction.
 */
public final class ApplicationStore {

    static final String COLUMNS = "id, team_id, active, name, subtitle, description, service_url, scm_url, "
            + "documentation_url, specification_url, support_url, specification_type, incident_contact, "
            + "criticality_level, publicly_accessible, created, created_by, last_modified, last_modified_by, "
            + "policy_types, policy_required_approvers, policy_four_eyes";

    private final SearchIndex.Frequencies gramFrequencies = new SearchIndex.Frequencies();

    /** A stored application with its approval policy ({@code policyTypes} null = default). */
    public record AppRow(
            Application app, List<String> policyTypes, Integer policyRequiredApprovers, boolean fourEyes) {}

    public Optional<AppRow> find(Connection c, String id) throws SQLException {
        return findRow(c, id, false);
    }

    /** Finds and row-locks the application for the rest of the transaction. */
    public Optional<AppRow> lock(Connection c, String id) throws SQLException {
        return findRow(c, id, true);
    }

    private Optional<AppRow> findRow(Connection c, String id, boolean lock) throws SQLException {
        return Sql.one(
                c,
                "SELECT " + COLUMNS + " FROM applications WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                ApplicationStore::row,
                id);
    }

    /** Streams the applications matching {@code filter}, ordered by id. */
    public void scan(Connection c, ApplicationFilter filter, RowConsumer consumer) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(" FROM applications WHERE 1=1");
        List<Object> args = new ArrayList<>();
        where(filter, sql, args);
        query(c, sql.append(" ORDER BY id"), args, consumer);
    }

    /**
     * The keys of the search candidates for {@code terms} (lower-case words): every application
     * containing all the terms, and possibly others, which the caller rules out. The candidates are
     * those indexed under the query's rarest trigram (decision 0009); null when no term has three
     * characters, so nothing narrows and every application is a candidate.
     */
    public long[] candidateKeys(Connection c, List<String> terms) throws SQLException {
        List<String> grams = SearchIndex.queryGrams(terms);
        if (grams.isEmpty()) {
            return null;
        }
        return SearchIndex.postings(c, SearchIndex.rarest(c, grams, gramFrequencies));
    }

    /**
     * The search generation (decision 0051): bumped by every application write in its transaction,
     * which stamps the application's row with the new value.
     */
    public long searchGeneration(Connection c) throws SQLException {
        return Sql.one(c, "SELECT generation FROM kio_search_state WHERE id = 1", rs -> rs.getLong(1))
                .orElseThrow(() -> new SQLException("kio_search_state has no row"));
    }

    /** Streams, with their keys, the applications stamped with a search generation after {@code generation}. */
    public void changedSince(Connection c, long generation, KeyedConsumer consumer) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + ", app_key FROM applications WHERE search_generation > ?")) {
            ps.setLong(1, generation);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs.getLong(23), row(rs).app());
                }
            }
        }
    }

    /**
     * Bumps the search generation and returns its new value; the row lock it takes until commit
     * orders the application writes, so a generation a reader sees covers only committed ones.
     */
    private static long nextSearchGeneration(Connection c) throws SQLException {
        Sql.update(c, "UPDATE kio_search_state SET generation = generation + 1 WHERE id = 1");
        return Sql.one(c, "SELECT generation FROM kio_search_state WHERE id = 1", rs -> rs.getLong(1))
                .orElseThrow(() -> new SQLException("kio_search_state has no row"));
    }

    private static void where(ApplicationFilter filter, StringBuilder sql, List<Object> args) {
        if (filter.teamId() != null) {
            sql.append(" AND team_id = ?");
            args.add(filter.teamId());
        }
        if (filter.incidentContact() != null) {
            sql.append(" AND incident_contact = ?");
            args.add(filter.incidentContact());
        }
        if (filter.active() != null) {
            sql.append(" AND active = ?");
            args.add(filter.active());
        }
        if (filter.modifiedBefore() != null) {
            sql.append(" AND last_modified <= ?");
            args.add(filter.modifiedBefore());
        }
        if (filter.modifiedAfter() != null) {
            sql.append(" AND last_modified >= ?");
            args.add(filter.modifiedAfter());
        }
    }

    private static void query(Connection c, StringBuilder sql, List<Object> args, RowConsumer consumer)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(row(rs));
                }
            }
        }
    }

    public void insert(Connection c, Application a) throws SQLException {
        String searchText = searchText(a);
        List<Object> args = fields(a);
        args.addAll(Arrays.asList(
                a.created(), a.createdBy(), a.lastModified(), a.lastModifiedBy(), searchText, nextSearchGeneration(c)));
        long key = Sql.insertReturningKey(
                c,
                "INSERT INTO applications (id, team_id, active, name, subtitle, "
                        + "description, service_url, scm_url, documentation_url, specification_url, support_url, "
                        + "specification_type, incident_contact, criticality_level, publicly_accessible, created, created_by, "
                        + "last_modified, last_modified_by, search_text, search_generation) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                args.toArray());
        SearchIndex.insert(c, key, searchText);
    }

    public void update(Connection c, Application a) throws SQLException {
        String searchText = searchText(a);
        List<Object> args = fields(a);
        args.addAll(Arrays.asList(a.lastModified(), a.lastModifiedBy(), searchText, nextSearchGeneration(c), a.id()));
        Sql.update(
                c,
                "UPDATE applications SET id = ?, team_id = ?, active = ?, name = ?, "
                        + "subtitle = ?, description = ?, service_url = ?, scm_url = ?, documentation_url = ?, "
                        + "specification_url = ?, support_url = ?, specification_type = ?, incident_contact = ?, "
                        + "criticality_level = ?, publicly_accessible = ?, last_modified = ?, last_modified_by = ?, "
                        + "search_text = ?, search_generation = ? WHERE id = ?",
                args.toArray());
        long key = Sql.one(c, "SELECT app_key FROM applications WHERE id = ?", rs -> rs.getLong(1), a.id())
                .orElseThrow(() -> new SQLException("application " + a.id() + " vanished during its update"));
        SearchIndex.update(c, key, searchText);
    }

    public void updatePolicy(Connection c, String id, List<String> types, Integer requiredApprovers, boolean fourEyes)
            throws SQLException {
        Sql.update(
                c,
                "UPDATE applications SET policy_types = ?, policy_required_approvers = ?, policy_four_eyes = ?"
                        + " WHERE id = ?",
                types == null ? null : String.join(",", types),
                requiredApprovers,
                fourEyes,
                id);
    }

    public boolean teamOwnsApplications(Connection c, String teamId) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM applications WHERE team_id = ? LIMIT 1", teamId);
    }

    /** The Kio fields of an application in the order of the first 15 columns of the insert and the update. */
    private static List<Object> fields(Application a) {
        return new ArrayList<>(Arrays.asList(
                a.id(),
                a.teamId(),
                a.active(),
                a.name(),
                a.subtitle(),
                a.description(),
                a.serviceUrl(),
                a.scmUrl(),
                a.documentationUrl(),
                a.specificationUrl(),
                a.supportUrl(),
                a.specificationType(),
                a.incidentContact(),
                a.criticalityLevel(),
                a.publiclyAccessible()));
    }

    /** The text search filters on: lower-cased id, name, subtitle and description. */
    public static String searchText(Application a) {
        StringBuilder text = new StringBuilder(a.id()).append(' ').append(a.name());
        if (a.subtitle() != null) {
            text.append(' ').append(a.subtitle());
        }
        if (a.description() != null) {
            text.append(' ').append(a.description());
        }
        return text.toString().toLowerCase(Locale.ROOT);
    }

    /** Reads a row selected with {@link #COLUMNS}, by position (H2 looks names up slowly). */
    static AppRow row(ResultSet rs) throws SQLException {
        Integer criticality = rs.getInt(14);
        if (rs.wasNull()) {
            criticality = null;
        }
        Application app = new Application(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                rs.getString(12),
                rs.getString(13),
                criticality,
                rs.getBoolean(15),
                null,
                Jdbc.getInstant(rs, 16),
                rs.getString(17),
                Jdbc.getInstant(rs, 18),
                rs.getString(19),
                null,
                null);
        String types = rs.getString(20);
        List<String> policyTypes = types == null ? null : types.isEmpty() ? List.of() : Arrays.asList(types.split(","));
        Integer required = rs.getInt(21);
        if (rs.wasNull()) {
            required = null;
        }
        return new AppRow(app, policyTypes, required, rs.getBoolean(22));
    }

    /** Receives applications with their numeric keys. */
    @FunctionalInterface
    public interface KeyedConsumer {
        void accept(long appKey, Application app) throws SQLException;
    }

    /** Receives scanned rows. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(AppRow row) throws SQLException;
    }
}
