package io.keyport.backend.registry.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Per-team registry settings ({@code registry_team_settings}, migration V15): the mutable-tag
 * patterns and whether the team's namespace is public for anonymous pulls. A team without a row
 * has the defaults, which this class does not know ({@code TeamPolicies} does).
 */
public final class TeamSettingsStore {

    /** A team's stored settings. */
    public record Settings(String team, List<String> mutableTagPatterns, boolean publicPull, Instant updated) {}

    public Optional<Settings> find(Connection c, String team) throws SQLException {
        return Sql.one(
                c,
                "SELECT team, mutable_tag_patterns, public_pull, updated FROM registry_team_settings WHERE team = ?",
                rs -> new Settings(
                        rs.getString(1), patterns(rs.getString(2)), rs.getBoolean(3), Jdbc.getInstant(rs, 4)),
                team);
    }

    /** Whether anonymous callers may pull the repositories of {@code team}. */
    public boolean isPublic(Connection c, String team) throws SQLException {
        return Sql.exists(c, "SELECT 1 FROM registry_team_settings WHERE team = ? AND public_pull = TRUE", team);
    }

    /**
     * Writes a team's settings; of two transactions creating a team's first row, the second fails
     * with a unique violation (the caller retries and then updates).
     */
    public void save(Connection c, Settings s, String by) throws SQLException {
        String patterns = String.join("\n", s.mutableTagPatterns());
        int updated = Sql.update(
                c,
                "UPDATE registry_team_settings SET mutable_tag_patterns = ?, public_pull = ?, updated = ?,"
                        + " updated_by = ? WHERE team = ?",
                patterns,
                s.publicPull(),
                s.updated(),
                by,
                s.team());
        if (updated == 0) {
            Sql.update(
                    c,
                    "INSERT INTO registry_team_settings (team, mutable_tag_patterns, public_pull, updated, updated_by)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    s.team(),
                    patterns,
                    s.publicPull(),
                    s.updated(),
                    by);
        }
    }

    private static List<String> patterns(String stored) {
        return stored.isEmpty() ? List.of() : Arrays.asList(stored.split("\n"));
    }
}
