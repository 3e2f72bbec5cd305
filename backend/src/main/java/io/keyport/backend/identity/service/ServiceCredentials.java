package io.keyport.backend.identity.service;

import io.keyport.backend.audit.service.Actor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/** What identity offers the applications domain about the credentials of its services. */
public interface ServiceCredentials {

    /**
     * Revokes every valid credential of an application inside the caller's transaction, one audit
     * entry each; the caller clears the {@link PrincipalCache} after commit.
     */
    void revokeAll(Connection c, Actor actor, String applicationId, String reason, Instant now) throws SQLException;
}
