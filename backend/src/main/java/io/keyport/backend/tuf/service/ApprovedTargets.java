package io.keyport.backend.tuf.service;

import io.keyport.backend.tasks.service.TaskQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * The port the TUF domain offers the applications domain (decision 0039): in the transaction that
 * approves a version, or that changes an approved one, enqueue (outbox) the task that adds or
 * removes its target {@code apps/<application>/<version>}. The caller never reads TUF's tables;
 * {@link AppTargetTasks} does the work.
 */
public final class ApprovedTargets {

    /** One approval as the target's {@code custom} names it. */
    public record Approval(String user, String approvalType, Instant approvedAt) {}

    /** Payload of {@value AppTargetTasks#ADD}. */
    public record Added(
            String application, String version, String artifact, Instant approvedAt, List<Approval> approvals) {}

    /** Payload of {@value AppTargetTasks#REMOVE}. */
    public record Removed(String application, String version) {}

    private final TaskQueue queue;

    public ApprovedTargets(TaskQueue queue) {
        this.queue = queue;
    }

    /** In the approving transaction of {@code c}: the version's artifact is to become a target. */
    public void approved(Connection c, Added version) throws SQLException {
        queue.enqueue(c, AppTargetTasks.ADD, version);
    }

    /** In the transaction of {@code c} that changed the version (approvals reset): its target goes. */
    public void changed(Connection c, String application, String version) throws SQLException {
        queue.enqueue(c, AppTargetTasks.REMOVE, new Removed(application, version));
    }

    /** The target path of an application version. */
    public static String path(String application, String version) {
        return "apps/" + application + "/" + version;
    }
}
