package io.keyport.backend.identity.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.model.identity.CredentialInfo;
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

/** Rows of {@code service_credentials} and {@code service_scopes}: the service identities of applications. */
public final class ServiceStore {

    /** A stored credential with its secret hash. */
    public record CredentialRow(CredentialInfo info, String secretHash) {
    }

    public void insertCredential(Connection c, String clientId, String applicationId, String secretHash, String by,
                                 Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_credentials "
                + "(client_id, application_id, secret_hash, created, created_by) VALUES (?,?,?,?,?)")) {
            ps.setString(1, clientId);
            ps.setString(2, applicationId);
            ps.setString(3, secretHash);
            Jdbc.setInstant(ps, 4, now);
            ps.setString(5, by);
            ps.executeUpdate();
        }
    }

    public Optional<CredentialRow> findCredential(Connection c, String clientId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM service_credentials WHERE client_id = ?")) {
            ps.setString(1, clientId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new CredentialRow(info(rs), rs.getString("secret_hash"))) : Optional.empty();
            }
        }
    }

    public List<CredentialInfo> listCredentials(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM service_credentials WHERE application_id = ? ORDER BY created, client_id")) {
            ps.setString(1, applicationId);
            List<CredentialInfo> list = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    list.add(info(rs));
                }
            }
            return list;
        }
    }

    public boolean revoke(Connection c, String applicationId, String clientId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE service_credentials SET revoked_at = ? "
                + "WHERE client_id = ? AND application_id = ? AND revoked_at IS NULL")) {
            Jdbc.setInstant(ps, 1, now);
            ps.setString(2, clientId);
            ps.setString(3, applicationId);
            return ps.executeUpdate() > 0;
        }
    }

    public Set<String> scopes(Connection c, String applicationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT scope FROM service_scopes WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            Set<String> scopes = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    scopes.add(rs.getString(1));
                }
            }
            return scopes;
        }
    }

    public void setScopes(Connection c, String applicationId, Collection<String> scopes) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM service_scopes WHERE application_id = ?")) {
            ps.setString(1, applicationId);
            ps.executeUpdate();
        }
        if (scopes.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO service_scopes (application_id, scope) VALUES (?, ?)")) {
            for (String scope : scopes) {
                ps.setString(1, applicationId);
                ps.setString(2, scope);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static CredentialInfo info(ResultSet rs) throws SQLException {
        return new CredentialInfo(rs.getString("client_id"), rs.getString("application_id"), Jdbc.getInstant(rs, "created"),
                rs.getString("created_by"), Jdbc.getInstant(rs, "revoked_at"));
    }
}
