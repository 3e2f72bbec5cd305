package io.keyport.backend.identity.store;

import io.keyport.backend.db.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Rows of {@code users} and {@code team_members}. */
public final class UserStore {

    /** A stored user; {@code teams} sorted. */
    public record UserRow(String uid, String passwordHash, boolean admin, Set<String> teams, Instant created,
                          Instant lastModified) {
    }

    public Optional<UserRow> find(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT uid, password_hash, admin, created, last_modified FROM users WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new UserRow(rs.getString("uid"), rs.getString("password_hash"), rs.getBoolean("admin"),
                        teams(c, uid), Jdbc.getInstant(rs, "created"), Jdbc.getInstant(rs, "last_modified")));
            }
        }
    }

    /** Locks the user row for the rest of the transaction. */
    public Optional<UserRow> lock(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM users WHERE uid = ? FOR UPDATE")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
            }
        }
        return find(c, uid);
    }

    public Set<String> teams(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT team_id FROM team_members WHERE uid = ? ORDER BY team_id")) {
            ps.setString(1, uid);
            Set<String> teams = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    teams.add(rs.getString(1));
                }
            }
            return teams;
        }
    }

    public List<UserRow> list(Connection c) throws SQLException {
        List<UserRow> users = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT u.uid, u.password_hash, u.admin, u.created, u.last_modified, m.team_id FROM users u "
                        + "LEFT JOIN team_members m ON m.uid = u.uid ORDER BY u.uid, m.team_id");
             ResultSet rs = ps.executeQuery()) {
            UserRow current = null;
            while (rs.next()) {
                String uid = rs.getString("uid");
                if (current == null || !current.uid().equals(uid)) {
                    current = new UserRow(uid, rs.getString("password_hash"), rs.getBoolean("admin"), new TreeSet<>(),
                            Jdbc.getInstant(rs, "created"), Jdbc.getInstant(rs, "last_modified"));
                    users.add(current);
                }
                String team = rs.getString("team_id");
                if (team != null) {
                    current.teams().add(team);
                }
            }
        }
        return users;
    }

    public boolean any(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users LIMIT 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /**
     * Locks every admin row, in uid order, for the rest of the transaction. Whoever may remove an
     * admin takes these locks first, so that two admins removing each other at the same time
     * cannot both pass the last-admin check; count with {@link #countAdmins} afterwards.
     */
    public void lockAdmins(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM users WHERE admin = TRUE ORDER BY uid FOR UPDATE");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                // Reading the rows takes the locks.
            }
        }
    }

    public long countAdmins(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users WHERE admin = TRUE");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public void insert(Connection c, String uid, String passwordHash, boolean admin, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (uid, password_hash, admin, created, last_modified) VALUES (?,?,?,?,?)")) {
            ps.setString(1, uid);
            ps.setString(2, passwordHash);
            ps.setBoolean(3, admin);
            Jdbc.setInstant(ps, 4, now);
            Jdbc.setInstant(ps, 5, now);
            ps.executeUpdate();
        }
    }

    public void update(Connection c, String uid, String passwordHash, boolean admin, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE users SET password_hash = ?, admin = ?, last_modified = ? WHERE uid = ?")) {
            ps.setString(1, passwordHash);
            ps.setBoolean(2, admin);
            Jdbc.setInstant(ps, 3, now);
            ps.setString(4, uid);
            ps.executeUpdate();
        }
    }

    /** Replaces the user's memberships with {@code teams}. */
    public void setTeams(Connection c, String uid, Collection<String> teams) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM team_members WHERE uid = ?")) {
            ps.setString(1, uid);
            ps.executeUpdate();
        }
        if (teams.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO team_members (team_id, uid) VALUES (?, ?)")) {
            for (String team : teams) {
                ps.setString(1, team);
                ps.setString(2, uid);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public boolean delete(Connection c, String uid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE uid = ?")) {
            ps.setString(1, uid);
            return ps.executeUpdate() > 0;
        }
    }
}
