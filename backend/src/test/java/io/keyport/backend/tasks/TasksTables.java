package io.keyport.backend.tasks;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.AuthorizationTable.Filled;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.TestServer;
import java.time.Duration;
import java.util.Map;

/**
 * The task queue's rows for the shared test runners: listing and retrying tasks is for admins whose
 * token carries {@code uid} ({@link #AUTHORIZATION}, identities of {@link io.keyport.backend.testing.Cast}).
 *
 * <p>Placeholder: {@code {failed-task}} a fresh task of a kind no handler knows, enqueued in the
 * server and failed by its workers.
 */
public final class TasksTables {

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("tasks", ErrorBodies.STUPS, """
            method | path                           | body || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /api/tasks                     | -    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/tasks?state=failed        | -    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            POST   | /api/tasks/{failed-task}/retry | -    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            """)
            .placeholder(
                    "{failed-task}",
                    (ctx, identity) -> Filled.of(Long.toString(
                            failedTask(ctx.server(), ctx.api(), ctx.cast().token("admin")))));

    private TasksTables() {}

    /** Bad requests to the task routes, answered in the STUPS family. */
    public static BadInputTable badInput() {
        return BadInputTable.of("tasks", ErrorBodies.STUPS)
                .snapshot("/api/tasks")
                .group("unknown fields and wrong values")
                .add("tasks state unknown", "admin", "GET", "/api/tasks?state=bogus", null, 400)
                .add("tasks state upper case", "admin", "GET", "/api/tasks?state=FAILED", null, 400)
                .add("tasks limit 0", "admin", "GET", "/api/tasks?limit=0", null, 400)
                .add("tasks limit huge", "admin", "GET", "/api/tasks?limit=99999999999999999999", null, 400)
                .add("tasks after negative", "admin", "GET", "/api/tasks?after=-1", null, 400)
                .add("tasks after garbage", "admin", "GET", "/api/tasks?after=ten", null, 400)
                .add("tasks list by a non-admin with bad parameters", "alice", "GET", "/api/tasks?limit=x", null, 403)
                .group("invalid ids")
                .add("task id not a number", "admin", "POST", "/api/tasks/abc/retry", null, 400)
                .add("task id zero", "admin", "POST", "/api/tasks/0/retry", null, 400)
                .add("task id negative", "admin", "POST", "/api/tasks/-1/retry", null, 400)
                .add("task id with a fraction", "admin", "POST", "/api/tasks/1.5/retry", null, 400)
                .add("task id leading zero", "admin", "POST", "/api/tasks/01/retry", null, 400)
                .add("task id 20 digits", "admin", "POST", "/api/tasks/99999999999999999999/retry", null, 400)
                .add("task id unknown", "admin", "POST", "/api/tasks/123456789/retry", null, 404)
                .add("task retry by a non-admin with a bad id", "alice", "POST", "/api/tasks/abc/retry", null, 403)
                .group("SQL meta-characters")
                .add(
                        "quote OR in a task state",
                        "admin",
                        "GET",
                        "/api/tasks?state=" + BadInputTable.enc("failed' OR '1'='1"),
                        null,
                        400)
                .add(
                        "DROP TABLE in a task id",
                        "admin",
                        "POST",
                        "/api/tasks/" + BadInputTable.enc("1;DROP TABLE tasks") + "/retry",
                        null,
                        400);
    }

    /** A task of a kind no handler knows, once the server's workers failed it. */
    static long failedTask(TestServer server, ApiClient api, String admin) {
        long id = server.server()
                .database()
                .inTransaction(c -> server.server().tasks().enqueue(c, "matrix.unknown", Map.of()));
        try {
            Eventually.until(
                    Duration.ofSeconds(30),
                    "task " + id + " failed",
                    () -> ApiClient.expect(api.get("/api/tasks?state=failed&limit=1000", admin), 200)
                            .json()
                            .get("tasks")
                            .findValues("id")
                            .stream()
                            .anyMatch(v -> v.asLong() == id));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return id;
    }
}
