package io.keyport.backend.identity.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.model.identity.Team;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Rows of {@code teams}. */
public final class TeamStore {

    /** A team without its members. */
    private static final RowMapper<Team> TEAM =
            rs -> new Team(rs.getString("id"), rs.getString("name"), null, Jdbc.getInstant(rs, "created"));

    public Optional<Team> find(Connection c, String id, boolean withMembers) throws SQLException {
        Optional<Team> team = Sql.one(c, "SELECT id, name, created FROM teams WHERE id = ?", TEAM, id);
        if (team.isEmpty() || !withMembers) {
            return team;
        }
        Team t = team.get();
        return Optional.of(new Team(t.id(), t.name(), members(c, id), t.created()));
    }

    /**
     * Whether the team exists, locking its row for the rest of the transaction so that it cannot
     * be deleted before an application referring to it commits.
     */
    public boolean lock(Connection c, String id) throws SQLException {
        return Sql.exists(c, "SELECT id FROM teams WHERE id = ? FOR UPDATE", id);
    }

    /** Of {@code ids}, those that do not exist, in one query. */
    public Set<String> missing(Connection c, Collection<String> ids) throws SQLException {
        Set<String> missing = new TreeSet<>(ids);
        if (ids.isEmpty()) {
            return missing;
        }
        String placeholders = String.join(",", Collections.nCopies(ids.size(), "?"));
        missing.removeAll(Sql.list(
                c, "SELECT id FROM teams WHERE id IN (" + placeholders + ")", RowMapper.FIRST_STRING, ids.toArray()));
        return missing;
    }

    private List<String> members(Connection c, String id) throws SQLException {
        return Sql.list(c, "SELECT uid FROM team_members WHERE team_id = ? ORDER BY uid", RowMapper.FIRST_STRING, id);
    }

    public List<Team> list(Connection c) throws SQLException {
        return Sql.list(c, "SELECT id, name, created FROM teams ORDER BY id", TEAM);
    }

    /** Inserts or renames; returns true when the team is new. */
    public boolean upsert(Connection c, String id, String name, String by, Instant now) throws SQLException {
        if (Sql.update(
                        c,
                        "UPDATE teams SET name = ?, last_modified = ?, last_modified_by = ? WHERE id = ?",
                        name,
                        now,
                        by,
                        id)
                > 0) {
            return false;
        }
        Sql.update(
                c,
                "INSERT INTO teams (id, name, created, created_by, last_modified, last_modified_by)"
                        + " VALUES (?,?,?,?,?,?)",
                id,
                name,
                now,
                by,
                now,
                by);
        return true;
    }

    public boolean delete(Connection c, String id) throws SQLException {
        return Sql.update(c, "DELETE FROM teams WHERE id = ?", id) > 0;
    }
}
