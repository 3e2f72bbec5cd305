package io.keyport.backend.tasks.service;

import io.keyport.backend.tasks.Task;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The work of one task kind, registered in {@link TaskHandlers}. A run calls {@link #perform}
 * outside any transaction, then {@link #complete} inside the transaction that marks the task
 * succeeded. Implement one or both:
 *
 * <ul>
 *   <li><b>Database work</b> (the common case) goes in {@link #complete}. That transaction first
 *       locks the task row and checks that this run still holds the lease, so the work commits
 *       exactly when the task succeeds: exactly once, even if a worker died mid-run and another
 *       took over.</li>
 *   <li><b>External effects</b> (a remote call, a file, a signature by a remote key) go in
 *       {@link #perform}. They are delivered <i>at least once</i>: a worker that dies after the
 *       effect but before the commit leaves a task that another worker runs again. Such work must
 *       be idempotent (keyed by the task id or by its payload).</li>
 * </ul>
 *
 * <p>Throwing fails the attempt: the task is retried with backoff until its attempts are used up.
 * A handler does not catch {@link InterruptedException}: the worker interrupts it when the server
 * stops, and the task is handed back for another worker.
 */
public interface TaskHandler {

    /** Work outside a transaction; at least once. The lease is held and renewed meanwhile. */
    default void perform(Task task) throws Exception {}

    /** Database work in the completing transaction; commits exactly when the task succeeds. */
    default void complete(Connection c, Task task) throws SQLException {}
}
