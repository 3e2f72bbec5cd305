package io.keyport.backend.kio.service;

import io.keyport.backend.kio.store.VersionStore;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskHandler;
import io.keyport.model.common.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The handler of {@code version.approved} tasks, which {@link VersionService} enqueues in the
 * transaction that approves a version (payload: {@link VersionApproved}). TUF signing of the
 * approved artifact has its own task (decision 0039); this one only records, in the completing transaction,
 * when the approval was delivered ({@code versions.approval_delivered_at}), so the delivery is
 * exactly once and visible. It has no external effect.
 */
public final class VersionApprovedTask implements TaskHandler {

    public static final String KIND = "version.approved";
    private static final Logger LOG = Logger.getLogger(VersionApprovedTask.class.getName());

    private final VersionStore versions;
    private final Clock clock;

    public VersionApprovedTask(VersionStore versions, Clock clock) {
        this.versions = versions;
        this.clock = clock;
    }

    @Override
    public void complete(Connection c, Task task) throws SQLException {
        VersionApproved approved = task.payload(VersionApproved.class);
        boolean first = versions.markApprovalDelivered(
                c, approved.applicationId(), approved.versionId(), Timestamps.now(clock));
        LOG.log(
                Level.FINE,
                () -> "version.approved " + approved.applicationId() + "/" + approved.versionId()
                        + (first ? " delivered" : " was already delivered"));
    }
}
