package io.keyport.backend.identity.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.model.identity.Team;
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

/** Rows of {@code teams}. */
public final class TeamStore {

    public Optional<Team> find(Connection c, String id, boolean withMembers) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created FROM teams WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Team(rs.getString("id"), rs.getString("name"),
                        withMembers ? members(c, id) : null, Jdbc.getInstant(rs, "created")));
            }
        }
    }

    /**
     * Whether the team exists, locking its row for the rest of the transaction so that it cannot
     * be deleted before an application referring to it commits.
     */
    public boolean lock(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM teams WHERE id = ? FOR UPDATE")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Of {@code ids}, those that do not exist, in one query. */
    public Set<String> missing(Connection c, Collection<String> ids) throws SQLException {
        Set<String> missing = new TreeSet<>(ids);
        if (ids.isEmpty()) {
            return missing;
        }
        String placeholders = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM teams WHERE id IN (" + placeholders + ")")) {
            int i = 1;
            for (String id : ids) {
                ps.setString(i++, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.remove(rs.getString(1));
                }
            }
        }
        return missing;
    }

    private List<String> members(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM team_members WHERE team_id = ? ORDER BY uid")) {
            ps.setString(1, id);
            List<String> members = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    members.add(rs.getString(1));
                }
            }
            return members;
        }
    }

    public List<Team> list(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created FROM teams ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            List<Team> teams = new ArrayList<>();
            while (rs.next()) {
                teams.add(new Team(rs.getString("id"), rs.getString("name"), null, Jdbc.getInstant(rs, "created")));
            }
            return teams;
        }
    }

    /** Inserts or renames; returns true when the team is new. */
    public boolean upsert(Connection c, String id, String name, String by, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE teams SET name = ?, last_modified = ?, last_modified_by = ? WHERE id = ?")) {
            ps.setString(1, name);
            Jdbc.setInstant(ps, 2, now);
            ps.setString(3, by);
            ps.setString(4, id);
            if (ps.executeUpdate() > 0) {
                return false;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO teams "
                + "(id, name, created, created_by, last_modified, last_modified_by) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            Jdbc.setInstant(ps, 3, now);
            ps.setString(4, by);
            Jdbc.setInstant(ps, 5, now);
            ps.setString(6, by);
            ps.executeUpdate();
            return true;
        }
    }

    public boolean delete(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM teams WHERE id = ?")) {
            ps.setString(1, id);
            return ps.executeUpdate() > 0;
        }
    }
}
