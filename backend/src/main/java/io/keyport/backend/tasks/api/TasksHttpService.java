package io.keyport.backend.tasks.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskAdminService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The task queue for admins: what is pending, running, retrying, failed; and a retry for a failed task.
 *
 * <pre>
 * GET  /api/tasks             ?state=pending|running|retrying|succeeded|failed &amp;after=id &amp;limit=1..1000 (100)
 *                             {"tasks": [...], "next": id|null}, ascending by id
 * POST /api/tasks/{id}/retry  a failed task back to pending with fresh attempts; audited as task.retry
 *
 * curl -H "Authorization: Bearer $TOKEN" 'http://localhost:8080/api/tasks?state=failed'
 * curl -X POST -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/tasks/42/retry
 * </pre>
 */
public final class TasksHttpService implements HttpService {

    private final TaskAdminService tasks;
    private final Authenticator authenticator;
    private final RouteRegistry registry;

    public TasksHttpService(TaskAdminService tasks, Authenticator authenticator, RouteRegistry registry) {
        this.tasks = tasks;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry).get("/api/tasks", this::list).post("/api/tasks/{id}/retry", this::retry);
    }

    private void list(ServerRequest req, ServerResponse res) {
        TaskAdminService.Page page = tasks.list(
                authenticator.require(req),
                Http.query(req, "state"),
                Http.query(req, "after"),
                Http.query(req, "limit"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tasks", page.tasks().stream().map(TasksHttpService::view).toList());
        body.put("next", page.next());
        Http.ok(res, body);
    }

    private void retry(ServerRequest req, ServerResponse res) {
        Http.ok(res, view(tasks.retry(authenticator.require(req), Http.param(req, "id"))));
    }

    /** The wire form of a task, with the payload as JSON rather than text. */
    static Map<String, Object> view(Task task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.id());
        view.put("kind", task.kind());
        view.put("state", task.state().db());
        view.put("payload", task.payloadJson());
        view.put("attempts", task.attempts());
        view.put("max_attempts", task.maxAttempts());
        view.put("next_run_at", task.nextRunAt());
        view.put("lease_owner", task.leaseOwner());
        view.put("lease_expires_at", task.leaseExpiresAt());
        view.put("created", task.created());
        view.put("updated", task.updated());
        view.put("last_error", task.lastError());
        return view;
    }
}
