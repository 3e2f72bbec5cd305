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
 * <p>Throwing fails the attempt: the task is retried with backoff until its attempts are used up;
 * then, or when a run is interrupted with no attempts left, {@link #givenUp} lets the kind react.
 * A handler does not catch {@link InterruptedException}: the worker interrupts it when the server
 * stops, and the task is handed back for another worker.
 */
public interface TaskHandler {

    /** Work outside a transaction; at least once. The lease is held and renewed meanwhile. */
    default void perform(Task task) throws Exception {}

    /** Database work in the completing transaction; commits exactly when the task succeeds. */
    default void complete(Connection c, Task task) throws SQLException {}

    /**
     * The queue gave up on {@code task}: its attempts are used up (by failures or by runs that were
     * interrupted) or the handler refused it. Called in the transaction that marks the task failed,
     * with its row locked, each time the task becomes failed (once, unless an admin retries it);
     * {@code task} is the row as it was before ({@code attempts} counts the runs started). Database
     * work here commits exactly when the task becomes failed, so a kind's own records (a release
     * left pending, say) end with their task. An exception is logged and rolled back to before this
     * call; the task fails all the same, so a broken hook cannot hold up the queue.
     */
    default void givenUp(Connection c, Task task, GiveUp why) throws SQLException {}
}
