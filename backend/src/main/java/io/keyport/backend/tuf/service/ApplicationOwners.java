package io.keyport.backend.tuf.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The port the TUF domain needs from the applications domain for the per-application setting of
 * approval-gated targets (decision 0053): the team that owns an application, empty when there is no
 * such application; read in the caller's transaction.
 */
@FunctionalInterface
public interface ApplicationOwners {

    Optional<String> team(Connection c, String application) throws SQLException;
}
