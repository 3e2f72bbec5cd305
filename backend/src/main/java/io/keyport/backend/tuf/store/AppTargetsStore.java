package io.keyport.backend.tuf.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Table {@code tuf_app_targets} (V23, decision 0053): per Kio application, whether its approved
 * versions become TUF targets. No row is the default (they do).
 */
public final class AppTargetsStore {

    /** One application's setting, who set it and when. */
    public record Setting(String application, boolean enabled, Instant updatedAt, String updatedBy) {}

    private static final RowMapper<Setting> SETTING =
            rs -> new Setting(rs.getString(1), rs.getBoolean(2), Jdbc.getInstant(rs, 3), rs.getString(4));

    public Optional<Setting> find(Connection c, String application) throws SQLException {
        return Sql.one(
                c,
                "SELECT application, enabled, updated_at, updated_by FROM tuf_app_targets WHERE application = ?",
                SETTING,
                application);
    }

    /** Whether {@code application}'s approved versions are signed (no row: yes). */
    public boolean enabled(Connection c, String application) throws SQLException {
        return find(c, application).map(Setting::enabled).orElse(true);
    }

    /** Sets the row; a concurrent first insert surfaces as a unique violation (retry the transaction). */
    public void put(Connection c, Setting s) throws SQLException {
        int updated = Sql.update(
                c,
                "UPDATE tuf_app_targets SET enabled = ?, updated_at = ?, updated_by = ? WHERE application = ?",
                s.enabled(),
                s.updatedAt(),
                s.updatedBy(),
                s.application());
        if (updated == 0) {
            Sql.update(
                    c,
                    "INSERT INTO tuf_app_targets (application, enabled, updated_at, updated_by) VALUES (?, ?, ?, ?)",
                    s.application(),
                    s.enabled(),
                    s.updatedAt(),
                    s.updatedBy());
        }
    }
}
