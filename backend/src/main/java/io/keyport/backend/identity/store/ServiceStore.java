package io.keyport.backend.identity.store;

import io.keyport.backend.db.Jdbc;
import io.keyport.backend.db.RowMapper;
import io.keyport.backend.db.Sql;
import io.keyport.model.identity.CredentialInfo;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Rows of {@code service_credentials} and {@code service_scopes}: the service identities of applications. */
public final class ServiceStore {

    private static final RowMapper<CredentialInfo> INFO = rs -> new CredentialInfo(
            rs.getString("client_id"),
            rs.getString("application_id"),
            Jdbc.getInstant(rs, "created"),
            rs.getString("created_by"),
            Jdbc.getInstant(rs, "revoked_at"));

    /** A stored credential with its secret hash. */
    public record CredentialRow(CredentialInfo info, String secretHash) {}

    public void insertCredential(
            Connection c, String clientId, String applicationId, String secretHash, String by, Instant now)
            throws SQLException {
        Sql.update(
                c,
                "INSERT INTO service_credentials (client_id, application_id, secret_hash, created, created_by)"
                        + " VALUES (?,?,?,?,?)",
                clientId,
                applicationId,
                secretHash,
                now,
                by);
    }

    public Optional<CredentialRow> findCredential(Connection c, String clientId) throws SQLException {
        return Sql.one(
                c,
                "SELECT * FROM service_credentials WHERE client_id = ?",
                rs -> new CredentialRow(INFO.map(rs), rs.getString("secret_hash")),
                clientId);
    }

    public List<CredentialInfo> listCredentials(Connection c, String applicationId) throws SQLException {
        return Sql.list(
                c,
                "SELECT * FROM service_credentials WHERE application_id = ? ORDER BY created, client_id",
                INFO,
                applicationId);
    }

    public boolean revoke(Connection c, String applicationId, String clientId, Instant now) throws SQLException {
        return Sql.update(
                        c,
                        "UPDATE service_credentials SET revoked_at = ? "
                                + "WHERE client_id = ? AND application_id = ? AND revoked_at IS NULL",
                        now,
                        clientId,
                        applicationId)
                > 0;
    }

    public Set<String> scopes(Connection c, String applicationId) throws SQLException {
        return new TreeSet<>(Sql.list(
                c, "SELECT scope FROM service_scopes WHERE application_id = ?", RowMapper.FIRST_STRING, applicationId));
    }

    public void setScopes(Connection c, String applicationId, Collection<String> scopes) throws SQLException {
        Sql.update(c, "DELETE FROM service_scopes WHERE application_id = ?", applicationId);
        Sql.batch(
                c,
                "INSERT INTO service_scopes (application_id, scope) VALUES (?, ?)",
                scopes,
                scope -> List.of(applicationId, scope));
    }
}
