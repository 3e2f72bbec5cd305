package io.keyport.backend.appstore.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What releases write to the audit log: the request (who asked for an install, upgrade, rollback or
 * uninstall, in the transaction that enqueues it) and the outcome (by the system, in the
 * transaction that records what Helm did). The strings never change (the test of this class pins them).
 */
public record ReleaseAudit(String action, String target) {

    public static ReleaseAudit installed(String id) {
        return new ReleaseAudit("release.install", release(id));
    }

    public static ReleaseAudit upgraded(String id) {
        return new ReleaseAudit("release.upgrade", release(id));
    }

    public static ReleaseAudit rolledBack(String id) {
        return new ReleaseAudit("release.rollback", release(id));
    }

    public static ReleaseAudit uninstalled(String id) {
        return new ReleaseAudit("release.uninstall", release(id));
    }

    public static ReleaseAudit deployed(String id) {
        return new ReleaseAudit("release.deployed", release(id));
    }

    public static ReleaseAudit failed(String id) {
        return new ReleaseAudit("release.failed", release(id));
    }

    public static ReleaseAudit removed(String id) {
        return new ReleaseAudit("release.removed", release(id));
    }

    public static ReleaseAudit gateSet(String packageId) {
        return new ReleaseAudit("package.gate.set", "package:" + packageId);
    }

    public static ReleaseAudit gateRemoved(String packageId) {
        return new ReleaseAudit("package.gate.remove", "package:" + packageId);
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }

    private static String release(String id) {
        return "release:" + id;
    }
}
