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
 * Rows of {@code audit_log}, the single-row {@code audit_head} and the entries of
 * {@code audit_pending} that wait to be chained (decision 0015). Writers only
 * {@linkplain #insertPending insert pending entries}; appending to the chain is only safe inside a
 * transaction that first called {@link #lockHead}: the row lock keeps one chainer at a time, on
 * every replica.
 */
public final class AuditStore {

    /** The head of the chain: last sequence number and its hash. */
    public record Head(long seq, String hash) {}

    /**
     * A stored row, {@code details} as canonical JSON text written under {@code hashRule} (under
     * rule 1 that text may hold raw control characters, so it is not always valid JSON).
     */
    public record Row(
            long seq,
            Instant time,
            String actor,
            String realm,
            String action,
            String target,
            String details,
            String prevHash,
            String hash,
            int hashRule) {}

    /**
     * An entry committed by a write but not yet chained: everything an entry holds except its
     * sequence number and hashes. {@code id} orders pending entries; {@code details} is the text
     * stored under {@code hashRule}.
     */
    public record Pending(
            long id,
            Instant time,
            String actor,
            String realm,
            String action,
            String target,
            String details,
            int hashRule) {}

    /** Inserts an entry to chain later, in the caller's transaction: one statement, no lock. */
    public void insertPending(
            Connection c,
            Instant time,
            String actor,
            String realm,
            String action,
            String target,
            String details,
            int hashRule)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_pending "
                + "(occurred_at, actor, realm, action, target, details, hash_rule) VALUES (?,?,?,?,?,?,?)")) {
            Jdbc.setInstant(ps, 1, time);
            ps.setString(2, actor);
            ps.setString(3, realm);
            ps.setString(4, action);
            ps.setString(5, target);
            ps.setString(6, details);
            ps.setInt(7, hashRule);
            ps.executeUpdate();
        }
    }

    /** The oldest committed pending entries, at most {@code limit}, in id order. */
    public List<Pending> pending(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT id, occurred_at, actor, realm, action, target, details, hash_rule"
                        + " FROM audit_pending ORDER BY id LIMIT ?")) {
            ps.setInt(1, limit);
            List<Pending> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Pending(
                            rs.getLong(1),
                            Jdbc.getInstant(rs, 2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getInt(8)));
                }
            }
            return rows;
        }
    }

    /** Whether any committed entry waits to be chained. */
    public boolean hasPending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM audit_pending ORDER BY id LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** How many committed entries wait to be chained. */
    public long countPending(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_pending");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Moves {@code chained} (the pending entries {@code from}, now with sequence numbers and hashes,
     * in the same order) into the log, deletes them from {@code audit_pending} and moves the head to
     * the last. Only inside the transaction that {@linkplain #lockHead locked the head}.
     */
    public void chain(Connection c, List<Pending> from, List<Row> chained) throws SQLException {
        if (from.size() != chained.size() || chained.isEmpty()) {
            throw new IllegalArgumentException(
                    "chain " + chained.size() + " rows for " + from.size() + " pending entries");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_log "
                + "(seq, occurred_at, actor, realm, action, target, details, prev_hash, hash, hash_rule) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
            for (Row row : chained) {
                bindRow(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM audit_pending WHERE id = ?")) {
            for (Pending p : from) {
                ps.setLong(1, p.id());
                ps.addBatch();
            }
            for (int deleted : ps.executeBatch()) {
                if (deleted == 0) {
                    // only a second chainer that did not hold the head lock could have taken it
                    throw new SQLException("a pending audit entry was chained twice");
                }
            }
        }
        moveHead(c, chained.getLast());
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

    private static void bindRow(PreparedStatement ps, Row row) throws SQLException {
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
    }

    private static void moveHead(Connection c, Row last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1")) {
            ps.setLong(1, last.seq());
            ps.setString(2, last.hash());
            ps.executeUpdate();
        }
    }

    /**
     * A page of entries matching {@code filter}, in ascending sequence order after {@code afterSeq},
     * or descending before {@code beforeSeq} when {@code descending}.
     */
    public List<Row> find(Connection c, AuditFilter filter, long cursor, boolean descending, int limit)
            throws SQLException {
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

    /** The time of entry {@code seq}, if it exists. */
    public Optional<Instant> time(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT occurred_at FROM audit_log WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(Jdbc.getInstant(rs, 1)) : Optional.empty();
            }
        }
    }

    public long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM audit_log");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(
                rs.getLong("seq"),
                Jdbc.getInstant(rs, "occurred_at"),
                rs.getString("actor"),
                rs.getString("realm"),
                rs.getString("action"),
                rs.getString("target"),
                rs.getString("details"),
                rs.getString("prev_hash"),
                rs.getString("hash"),
                rs.getInt("hash_rule"));
    }

    /** Receives rows of a scan; returns false to stop early. */
    @FunctionalInterface
    public interface RowConsumer {
        boolean accept(Row row) throws SQLException;
    }
}
