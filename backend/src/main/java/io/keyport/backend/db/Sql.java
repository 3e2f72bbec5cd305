package io.keyport.backend.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One SQL statement on the caller's connection, without the statement and result-set plumbing:
 * stores say what to run and how a row becomes a value, this class opens, binds, reads and closes.
 *
 * <p>Parameters bind in order to the {@code ?} placeholders as {@link Jdbc#bind} does: an
 * {@link java.time.Instant} as a UTC timestamp, anything else (text, numbers, booleans, null) as
 * is. Every method runs on the given connection and so takes part in its transaction; none commits.
 */
public final class Sql {

    private Sql() {}

    /** Every row of a query, mapped, in the order the database returns them. */
    public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        }
    }

    /** The first row of a query, mapped; empty when there is none. Further rows are not read. */
    public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args)
            throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
        }
    }

    /** Whether a query returns any row (with {@code FOR UPDATE}, that row is locked). */
    public static boolean exists(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Runs a query for its side effect on every row it reads, such as the locks of {@code FOR UPDATE}. */
    public static void readAll(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // reading the row is the point
            }
        }
    }

    /** An {@code INSERT}, {@code UPDATE} or {@code DELETE}; returns how many rows it changed. */
    public static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            return ps.executeUpdate();
        }
    }

    /** An {@code INSERT} of one row into a table with a generated numeric key; returns that key. */
    public static long insertReturningKey(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            Jdbc.bind(ps, Arrays.asList(args));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("The database returned no generated key for: " + sql);
                }
                return keys.getLong(1);
            }
        }
    }

    /**
     * Runs one statement for each item, in one batch; for no items nothing is prepared or run.
     * {@code parameters} may hold nulls (use {@link Arrays#asList}, not {@link List#of}).
     */
    public static <T> void batch(Connection c, String sql, Iterable<T> items, Parameters<T> parameters)
            throws SQLException {
        PreparedStatement ps = null;
        try {
            for (T item : items) {
                if (ps == null) {
                    ps = c.prepareStatement(sql);
                }
                Jdbc.bind(ps, parameters.of(item));
                ps.addBatch();
            }
            if (ps != null) {
                ps.executeBatch();
            }
        } finally {
            if (ps != null) {
                ps.close();
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            Jdbc.bind(ps, Arrays.asList(args));
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }

    /** The parameters of one statement of a batch, in placeholder order. */
    @FunctionalInterface
    public interface Parameters<T> {
        List<?> of(T item) throws SQLException;
    }
}
