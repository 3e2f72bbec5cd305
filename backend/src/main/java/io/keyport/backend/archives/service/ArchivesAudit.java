package io.keyport.backend.archives.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the archives domain writes to the audit log: one factory per kind of write. The target is
 * kploy's object name {@code archive:<workspace><id>.zip}. These strings are stored in every entry
 * and hashed into the chain, so they never change (the test of this class pins them).
 */
public record ArchivesAudit(String action, String target) {

    /** An archive was uploaded to a workspace (also when the workspace already held it). */
    public static ArchivesAudit archiveUploaded(Workspace workspace, String id) {
        return new ArchivesAudit("archive.upload", "archive:" + workspace.objectName(id));
    }

    /** An archive was deleted from a workspace. */
    public static ArchivesAudit archiveDeleted(Workspace workspace, String id) {
        return new ArchivesAudit("archive.delete", "archive:" + workspace.objectName(id));
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }
}
