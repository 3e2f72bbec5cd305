package io.keyport.backend.kio.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the applications domain writes to the audit log: one factory per kind of write, naming the
 * action and the target of its entry. These strings are stored in every entry and hashed into the
 * chain, and exports and filters name them, so they never change (the test of this class pins
 * them); a new kind of write gets a new factory.
 */
public record KioAudit(String action, String target) {

    public static KioAudit applicationCreated(String app) {
        return new KioAudit("application.create", app(app));
    }

    public static KioAudit applicationUpdated(String app) {
        return new KioAudit("application.update", app(app));
    }

    public static KioAudit policyUpdated(String app) {
        return new KioAudit("application.policy.update", app(app));
    }

    public static KioAudit versionCreated(String app, String version) {
        return new KioAudit("version.create", version(app, version));
    }

    public static KioAudit versionUpdated(String app, String version) {
        return new KioAudit("version.update", version(app, version));
    }

    /** One person's approval of a version. */
    public static KioAudit approvalAdded(String app, String version) {
        return new KioAudit("version.approve", version(app, version));
    }

    /** The version met its application's policy and counts as approved from now on. */
    public static KioAudit versionApproved(String app, String version) {
        return new KioAudit("version.approved", version(app, version));
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }

    private static String app(String app) {
        return "app:" + app;
    }

    private static String version(String app, String version) {
        return app(app) + "/version:" + version;
    }
}
