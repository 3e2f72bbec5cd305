package io.keyport.backend.tasks.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the task queue writes to the audit log: one factory per kind of write, naming the action
 * and the target of its entry. These strings are stored in every entry and hashed into the chain,
 * and exports and filters name them, so they never change (the test of this class pins them).
 */
public record TasksAudit(String action, String target) {

    /** An admin sent a failed task back to the queue. */
    public static TasksAudit taskRetried(long id) {
        return new TasksAudit("task.retry", "task:" + id);
    }

    /** Appends this entry with {@code details} in the transaction of {@code c}. */
    public void append(AuditService audit, Connection c, Actor actor, Object details) throws SQLException {
        audit.append(c, actor, action, target, details);
    }
}
