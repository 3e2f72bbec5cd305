package io.keyport.backend.tuf.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the TUF domain writes to the audit log: one entry per accepted change, in the transaction
 * that accepts it and enqueues its task; the target names the RSTUF task. These strings are hashed
 * into the chain and never change.
 */
public record TufAudit(String action, String target) {

    public static TufAudit bootstrap(String taskId) {
        return new TufAudit("tuf.bootstrap", task(taskId));
    }

    public static TufAudit settingsUpdated(String taskId) {
        return new TufAudit("tuf.config.update", task(taskId));
    }

    public static TufAudit artifactsAdded(String taskId) {
        return new TufAudit("tuf.artifacts.add", task(taskId));
    }

    public static TufAudit artifactsDeleted(String taskId) {
        return new TufAudit("tuf.artifacts.delete", task(taskId));
    }

    public static TufAudit artifactsPublished(String taskId) {
        return new TufAudit("tuf.artifacts.publish", task(taskId));
    }

    public static TufAudit metadataUpdate(String taskId) {
        return new TufAudit("tuf.metadata.update", task(taskId));
    }

    public static TufAudit signed(String taskId) {
        return new TufAudit("tuf.metadata.sign", task(taskId));
    }

    public static TufAudit signingDeleted(String taskId) {
        return new TufAudit("tuf.metadata.sign.delete", task(taskId));
    }

    public static TufAudit onlineForced(String taskId) {
        return new TufAudit("tuf.metadata.online", task(taskId));
    }

    public static TufAudit delegations(String action, String taskId) {
        return new TufAudit("tuf.delegations." + action, task(taskId));
    }

    /** An approved version's target was added ({@code added}) or removed by its queue task. */
    public static TufAudit appTarget(String path, boolean added) {
        return new TufAudit(added ? "tuf.app_target.add" : "tuf.app_target.remove", "tuf-target:" + path);
    }

    /** An application's approval-gated targets were switched on or off (decision 0053). */
    public static TufAudit appTargetsSetting(String application) {
        return new TufAudit("tuf.app_targets.update", "tuf-app:" + application);
    }

    public static TufAudit onlineKeyGenerated(String keyId) {
        return new TufAudit("tuf.keys.online.generate", "tuf-key:" + keyId);
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }

    private static String task(String taskId) {
        return "tuf-task:" + taskId;
    }
}
