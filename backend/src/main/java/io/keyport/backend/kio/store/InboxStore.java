package io.keyport.backend.kio.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.kio.store.ApplicationStore.AppRow;
import io.keyport.backend.kio.store.VersionStore.VersionRow;
import io.keyport.model.kio.Approval;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The cross-application reads of the approvals inbox and the dashboard. Each method is one query
 * whatever the number of applications or versions (no query per row); the pending versions are
 * found through {@code applications_team_id} and the versions' primary key, the time windows
 * through {@code versions_created} and {@code versions_approved_at} (migration V6).
 */
public final class InboxStore {

    /** A version's creation and approval time, with its application's team. */
    public record Timing(String teamId, Instant created, Instant approvedAt) {}

    /** The active applications of {@code teams} that have at least one pending version, by id. */
    public Map<String, AppRow> appsWithPendingVersions(Connection c, Collection<String> teams) throws SQLException {
        Map<String, AppRow> apps = new LinkedHashMap<>();
        forTeams(
                c,
                "SELECT " + ApplicationStore.COLUMNS + " FROM applications a WHERE a.team_id IN (%s)"
                        + " AND a.active = TRUE AND EXISTS (SELECT 1 FROM versions v WHERE v.application_id = a.id"
                        + " AND v.approved_at IS NULL) ORDER BY a.id",
                teams,
                rs -> {
                    AppRow row = ApplicationStore.row(rs);
                    apps.put(row.app().id(), row);
                });
        return apps;
    }

    /** The pending versions of the active applications of {@code teams}, oldest first. */
    public List<VersionRow> pendingVersions(Connection c, Collection<String> teams) throws SQLException {
        List<VersionRow> rows = new ArrayList<>();
        forTeams(
                c,
                "SELECT v.* FROM versions v JOIN applications a ON a.id = v.application_id WHERE a.team_id IN (%s)"
                        + " AND a.active = TRUE AND v.approved_at IS NULL ORDER BY v.created, v.created_order",
                teams,
                rs -> rows.add(VersionStore.version(rs)));
        return rows;
    }

    /** Every approval of the pending versions of the active applications of {@code teams}. */
    public List<Approval> pendingApprovals(Connection c, Collection<String> teams) throws SQLException {
        List<Approval> list = new ArrayList<>();
        forTeams(
                c,
                "SELECT p.application_id, p.version_id, p.approval_type, p.user_id, p.approved_at, p.notes"
                        + " FROM approvals p JOIN versions v ON v.application_id = p.application_id AND v.id = p.version_id"
                        + " JOIN applications a ON a.id = p.application_id WHERE a.team_id IN (%s)"
                        + " AND a.active = TRUE AND v.approved_at IS NULL",
                teams,
                rs -> list.add(new Approval(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        Jdbc.getInstant(rs, "approved_at"),
                        rs.getString(6))));
        return list;
    }

    private interface RowSink {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Runs {@code sql} with {@code %s} replaced by one parameter per team; no query when there is no team. */
    private static void forTeams(Connection c, String sql, Collection<String> teams, RowSink sink) throws SQLException {
        if (teams.isEmpty()) {
            return;
        }
        try (PreparedStatement ps =
                c.prepareStatement(sql.formatted(String.join(",", Collections.nCopies(teams.size(), "?"))))) {
            int i = 1;
            for (String team : teams) {
                ps.setString(i++, team);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs);
                }
            }
        }
    }

    /** Streams the creation time of every version created at or after {@code from}. */
    public void createdSince(Connection c, Instant from, Consumer<Instant> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT created FROM versions WHERE created >= ?")) {
            Jdbc.setInstant(ps, 1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(Jdbc.getInstant(rs, "created"));
                }
            }
        }
    }

    /** Streams the versions approved at or after {@code from}, with their team. */
    public void approvedSince(Connection c, Instant from, Consumer<Timing> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.team_id, v.created, v.approved_at FROM versions v"
                + " JOIN applications a ON a.id = v.application_id WHERE v.approved_at >= ?")) {
            Jdbc.setInstant(ps, 1, from);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Timing(
                            rs.getString(1), Jdbc.getInstant(rs, "created"), Jdbc.getInstant(rs, "approved_at")));
                }
            }
        }
    }

    /** Streams the creation time of every pending version of an active application. */
    public void pendingCreated(Connection c, Consumer<Instant> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT v.created FROM versions v JOIN applications a"
                + " ON a.id = v.application_id WHERE v.approved_at IS NULL AND a.active = TRUE")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(Jdbc.getInstant(rs, "created"));
                }
            }
        }
    }

    /** The newest {@code limit} versions created by {@code uid}: application, version, time. */
    public List<Approval> versionsCreatedBy(Connection c, String uid, int limit) throws SQLException {
        List<Approval> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT application_id, id, created FROM versions" + " WHERE created_by = ? ORDER BY created DESC")) {
            ps.setString(1, uid);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Approval(
                            rs.getString(1), rs.getString(2), null, uid, Jdbc.getInstant(rs, "created"), null));
                }
            }
        }
        return list;
    }

    /** The newest {@code limit} approvals given by {@code uid}. */
    public List<Approval> approvalsBy(Connection c, String uid, int limit) throws SQLException {
        List<Approval> list = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT application_id, version_id, approval_type, approved_at"
                + " FROM approvals WHERE user_id = ? ORDER BY approved_at DESC")) {
            ps.setString(1, uid);
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(new Approval(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            uid,
                            Jdbc.getInstant(rs, "approved_at"),
                            null));
                }
            }
        }
        return list;
    }
}
