package io.keyport.backend.tasks.service;

import io.keyport.backend.http.Metrics;
import io.keyport.backend.tasks.TaskState;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gauges of the task queue: {@code keyport_tasks_pending}, {@code _running}, {@code _retrying} and
 * {@code _failed}, counted over the whole database (every replica's tasks). One query per scrape at
 * most once a second; NaN while the database cannot be read.
 */
public final class TaskMetrics {

    private static final Logger LOG = Logger.getLogger(TaskMetrics.class.getName());
    private static final long MAX_AGE_NANOS = 1_000_000_000L;

    private final TaskAdminService tasks;
    private Map<TaskState, Long> counts;
    private long readAt;

    private TaskMetrics(TaskAdminService tasks) {
        this.tasks = tasks;
    }

    public static void register(Metrics metrics, TaskAdminService tasks) {
        TaskMetrics gauges = new TaskMetrics(tasks);
        for (TaskState state :
                new TaskState[] {TaskState.PENDING, TaskState.RUNNING, TaskState.RETRYING, TaskState.FAILED}) {
            metrics.gauge("keyport_tasks_" + state.db(), () -> gauges.count(state));
        }
    }

    private synchronized double count(TaskState state) {
        long now = System.nanoTime();
        if (counts == null || now - readAt > MAX_AGE_NANOS) {
            try {
                counts = tasks.counts();
                readAt = now;
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cannot count tasks", e);
                counts = null;
                return Double.NaN;
            }
        }
        return counts.getOrDefault(state, 0L);
    }
}
