package io.keyport.backend.tasks.service;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.TaskState;
import io.keyport.backend.tasks.store.TaskStore;
import io.keyport.model.common.Timestamps;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What admins see and do with the task queue: list tasks by state, and send a failed task back to
 * pending with a fresh set of attempts (audited as {@code task.retry}). Everything here is for
 * admins only; it does not enqueue, cancel or edit tasks.
 */
public final class TaskAdminService {

    public static final int MAX_LIMIT = 1000;
    private static final Pattern ID = Pattern.compile("^[1-9][0-9]{0,17}$");

    private final Database db;
    private final TaskStore store;
    private final Authorizer auth;
    private final AuditService audit;
    private final TaskSignal signal;
    private final Clock clock;

    public TaskAdminService(
            Database db, TaskStore store, Authorizer auth, AuditService audit, TaskSignal signal, Clock clock) {
        this.db = db;
        this.store = store;
        this.auth = auth;
        this.audit = audit;
        this.signal = signal;
        this.clock = clock;
    }

    /** A page of tasks and the cursor of the next page (null on the last one). */
    public record Page(List<Task> tasks, Long next) {}

    /**
     * A page of tasks by ascending id: of one state (a state name) or all, after task id
     * {@code after} (default 0), at most {@code limit} (1 to {@value #MAX_LIMIT}, default 100).
     * Parameters are checked after the caller was found to be an admin.
     */
    public Page list(Principal caller, Optional<String> state, Optional<String> after, Optional<String> limit) {
        auth.requireAdmin(caller);
        Optional<TaskState> filter = state.map(name -> TaskState.parse(name)
                .orElseThrow(() -> ApiException.badRequest(
                        "state must be one of "
                                + String.join(
                                        ", ",
                                        Arrays.stream(TaskState.values())
                                                .map(TaskState::db)
                                                .toList()),
                        Map.of("field", "state"))));
        long afterId = number("after", after, 0);
        long size = number("limit", limit, 100);
        if (size < 1 || size > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT, Map.of("field", "limit"));
        }
        if (afterId < 0) {
            throw ApiException.badRequest("after must not be negative", Map.of("field", "after"));
        }
        List<Task> tasks = db.read(c -> store.list(c, filter, afterId, (int) size));
        return new Page(tasks, tasks.size() == size ? tasks.getLast().id() : null);
    }

    private static long number(String name, Optional<String> value, long fallback) {
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.get().matches("-?[0-9]{1,18}")) {
            throw ApiException.badRequest(name + " must be a number", Map.of("field", name));
        }
        return Long.parseLong(value.get());
    }

    /**
     * Sends failed task {@code taskId} back to pending; 400 for an id that is not a positive number,
     * 404 when there is no such task, 409 when it has not failed.
     */
    public Task retry(Principal caller, String taskId) {
        auth.requireAdmin(caller);
        if (taskId == null || !ID.matcher(taskId).matches()) {
            throw ApiException.badRequest("Invalid task id; it must be a positive number", Map.of("field", "id"));
        }
        long id = Long.parseLong(taskId);
        Task retried = db.inTransaction(c -> {
            Task task = store.lock(c, id).orElseThrow(() -> ApiException.notFound("task " + id + " not found"));
            if (task.state() != TaskState.FAILED) {
                throw ApiException.conflict(
                        "Task " + id + " is " + task.state().db() + "; only failed tasks can be retried");
            }
            store.resetForRetry(c, id, Timestamps.now(clock));
            TasksAudit.taskRetried(id)
                    .append(audit, c, caller.actor(), Map.of("kind", task.kind(), "attempts", task.attempts()));
            db.afterCommit(c, signal::wake);
            return store.find(c, id).orElseThrow();
        });
        return retried;
    }

    /** How many tasks are in each state, for the metrics gauges. */
    public Map<TaskState, Long> counts() {
        return db.read(store::counts);
    }
}
