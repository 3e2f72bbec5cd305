package io.keyport.backend.tuf.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The port the TUF domain needs from the applications domain: whether a version is still approved
 * by the approval of {@code approvedAt}, read in the caller's transaction. A target task that finds
 * the version changed since signs nothing, whatever order the queue ran the tasks in.
 */
@FunctionalInterface
public interface ApprovalState {

    boolean stillApproved(Connection c, String application, String version, Instant approvedAt) throws SQLException;
}
