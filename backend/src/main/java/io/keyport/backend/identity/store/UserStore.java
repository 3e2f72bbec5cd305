package io.keyport.backend.identity.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import java.sql.Connection;
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

    private static final String COLUMNS = "uid, password_hash, admin, created, last_modified";

    /** A stored user; {@code teams} sorted. */
    public record UserRow(
            String uid, String passwordHash, boolean admin, Set<String> teams, Instant created, Instant lastModified) {}

    /** A row of {@code users} selected with {@link #COLUMNS}, with the given (mutable) set of teams. */
    private static UserRow user(ResultSet rs, Set<String> teams) throws SQLException {
        return new UserRow(
                rs.getString("uid"),
                rs.getString("password_hash"),
                rs.getBoolean("admin"),
                teams,
                Jdbc.getInstant(rs, "created"),
                Jdbc.getInstant(rs, "last_modified"));
    }

    public Optional<UserRow> find(Connection c, String uid) throws SQLException {
        Optional<UserRow> user =
                Sql.one(c, "SELECT " + COLUMNS + " FROM users WHERE uid = ?", rs -> user(rs, new TreeSet<>()), uid);
        if (user.isPresent()) {
            user.get().teams().addAll(teams(c, uid));
        }
        return user;
    }

    /** Locks the user row for the rest of the transaction. */
    public Optional<UserRow> lock(Connection c, String uid) throws SQLException {
        if (!Sql.exists(c, "SELECT uid FROM users WHERE uid = ? FOR UPDATE", uid)) {
            return Optional.empty();
        }
        return find(c, uid);
    }

    public Set<String> teams(Connection c, String uid) throws SQLException {
        return new TreeSet<>(Sql.list(
                c, "SELECT team_id FROM team_members WHERE uid = ? ORDER BY team_id", RowMapper.FIRST_STRING, uid));
    }

    public List<UserRow> list(Connection c) throws SQLException {
        List<Membership> rows = Sql.list(
                c,
                "SELECT u.uid, u.password_hash, u.admin, u.created, u.last_modified,"
                        + " m.team_id FROM users u LEFT JOIN team_members m ON m.uid = u.uid ORDER BY u.uid, m.team_id",
                rs -> new Membership(user(rs, new TreeSet<>()), rs.getString("team_id")));
        List<UserRow> users = new ArrayList<>();
        UserRow current = null;
        for (Membership row : rows) {
            if (current == null || !current.uid().equals(row.user().uid())) {
                current = row.user();
                users.add(current);
            }
            if (row.team() != null) {
                current.teams().add(row.team());
            }
        }
        return users;
    }

    /** A row of the users-with-memberships join: a user and one of its teams (null for none). */
    private record Membership(UserRow user, String team) {}

    public boolean any(Connection c) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM users LIMIT 1");
    }

    /**
     * Locks every admin row, in uid order, for the rest of the transaction. Whoever may remove an
     * admin takes these locks first, so that two admins removing each other at the same time
     * cannot both pass the last-admin check; count with {@link #countAdmins} afterwards.
     */
    public void lockAdmins(Connection c) throws SQLException {
        Sql.readAll(c, "SELECT uid FROM users WHERE admin = TRUE ORDER BY uid FOR UPDATE");
    }

    public long countAdmins(Connection c) throws SQLException {
        return Sql.one(c, "SELECT COUNT(*) FROM users WHERE admin = TRUE", RowMapper.FIRST_LONG)
                .orElseThrow();
    }

    public void insert(Connection c, String uid, String passwordHash, boolean admin, Instant now) throws SQLException {
        Sql.update(
                c,
                "INSERT INTO users (uid, password_hash, admin, created, last_modified) VALUES (?,?,?,?,?)",
                uid,
                passwordHash,
                admin,
                now,
                now);
    }

    public void update(Connection c, String uid, String passwordHash, boolean admin, Instant now) throws SQLException {
        Sql.update(
                c,
                "UPDATE users SET password_hash = ?, admin = ?, last_modified = ? WHERE uid = ?",
                passwordHash,
                admin,
                now,
                uid);
    }

    /** Replaces the user's memberships with {@code teams}. */
    public void setTeams(Connection c, String uid, Collection<String> teams) throws SQLException {
        Sql.update(c, "DELETE FROM team_members WHERE uid = ?", uid);
        Sql.batch(c, "INSERT INTO team_members (team_id, uid) VALUES (?, ?)", teams, team -> List.of(team, uid));
    }

    public boolean delete(Connection c, String uid) throws SQLException {
        return Sql.update(c, "DELETE FROM users WHERE uid = ?", uid) > 0;
    }
}
