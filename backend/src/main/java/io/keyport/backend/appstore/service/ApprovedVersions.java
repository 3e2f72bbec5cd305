package io.keyport.backend.appstore.service;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The port the App Store needs from the applications domain for its approval gate: whether a Kio
 * application exists, and whether one of its versions is approved, read in the caller's transaction.
 */
public interface ApprovedVersions {

    boolean applicationExists(Connection c, String application) throws SQLException;

    boolean approved(Connection c, String application, String version) throws SQLException;
}
