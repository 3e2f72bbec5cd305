package io.keyport.backend.audit.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.model.audit.AuditFilter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rows of {@code audit_log} and the single-row {@code audit_head}. Appending is only safe inside a
 * transaction that first called {@link #lockHead}: the row lock orders concurrent writers.
 */
public final class AuditStore {

    /** The head of the chain: last sequence number and its hash. */
    public record Head(long seq, String hash) {
    }

    /**
     * A stored row, {@code details} as canonical JSON text written under {@code hashRule} (under
     * rule 1 that text may hold raw control characters, so it is not always valid JSON).
     */
    public record Row(long seq, Instant time, String actor, String realm, String action, String target,
                      String details, String prevHash, String hash, int hashRule) {
    }

    public Head lockHead(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                throw new SQLException("audit_head row is missing");
            }
            return new Head(rs.getLong(1), rs.getString(2));
        }
    }

    public void append(Connection c, Row row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log "
                + "(seq, occurred_at, actor, realm, action, target, details, prev_hash, hash, hash_rule) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            ps.setLong(1, row.seq());
            Jdbc.setInstant(ps, 2, row.time());
            ps.setString(3, row.actor());
            ps.setString(4, row.realm());
            ps.setString(5, row.action());
            ps.setString(6, row.target());
            ps.setString(7, row.details());
            ps.setString(8, row.prevHash());
            ps.setString(9, row.hash());
            ps.setInt(10, row.hashRule());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            ps.setLong(1, row.seq());
            ps.setString(2, row.hash());
            ps.executeUpdate();
        }
    }

    /**
     * A page of entries matching {@code filter}, in ascending sequence order after {@code afterSeq},
     * or descending before {@code beforeSeq} when {@code descending}.
     */
    public List<Row> find(Connection c, AuditFilter filter, long cursor, boolean descending, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_log WHERE ");
        sql.append(descending ? "seq < ?" : "seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(cursor);
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            args.add(filter.action());
        }
        if (filter.target() != null) {
            sql.append(" AND target = ?");
            args.add(filter.target());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(filter.from());
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at <= ?");
            args.add(filter.to());
        }
        sql.append(descending ? " ORDER BY seq DESC" : " ORDER BY seq ASC").append(" LIMIT ?");
        args.add(limit);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            Jdbc.bind(ps, args);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    /** The whole log in sequence order, streamed to {@code consumer} without loading it into memory. */
    public void scan(Connection c, RowConsumer consumer) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        // PostgreSQL streams a result set only with a fetch size inside a transaction.
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM audit_log ORDER BY seq ASC")) {
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!consumer.accept(row(rs))) {
                        break;
                    }
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
    }

    public Optional<Head> head(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, hash FROM audit_head WHERE id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(new Head(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }

    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("seq"), Jdbc.getInstant(rs, "occurred_at"), rs.getString("actor"), rs.getString("realm"),
                rs.getString("action"), rs.getString("target"), rs.getString("details"), rs.getString("prev_hash"),
                rs.getString("hash"), rs.getInt("hash_rule"));
    }

    /** Receives rows of a scan; returns false to stop early. */
    @FunctionalInterface
    public interface RowConsumer {
        boolean accept(Row row) throws SQLException;
    }
}
