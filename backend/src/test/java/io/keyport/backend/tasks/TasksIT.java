package io.keyport.backend.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The task queue inside a running server: approving a version enqueues {@code version.approved}
 * in the approving transaction and a worker delivers it; admins list tasks and retry failed ones
 * (audited); the metrics count them.
 */
@KeyportTest
class TasksIT {

    static TestServer server;
    static ApiClient api;
    static String admin;
    static String alice;
    static String carol;

    @BeforeAll
    static void start(TestServer testServer, ApiClient client, Cast cast) {
        server = testServer;
        api = client;
        admin = cast.token("admin");
        alice = cast.token("alice");
        carol = cast.token("carol");
        ApiClient.expect(
                api.putJson(
                        "/apps/tasks-app",
                        alice,
                        "{\"team_id\":\"team-a\",\"name\":\"Tasks\",\"active\":true,\"criticality_level\":1}"),
                200);
        ApiClient.expect(api.putJson("/apps/tasks-app/approval-policy", admin, "{\"approval_types\":[\"TEST\"]}"), 200);
    }

    /** Creates version {@code version} by alice, approves it as carol (one approval suffices) and waits for its task's success. */
    private static JsonNode approveAndDeliver(String version) throws Exception {
        ApiClient.expect(
                api.putJson(
                        "/apps/tasks-app/versions/" + version,
                        alice,
                        "{\"artifact\":\"docker://r/team-a/app:" + version + "\"}"),
                200);
        assertThat(versionApprovedTask(version))
                .as("nothing before the approval")
                .isEmpty();
        ApiClient.expect(
                api.postJson(
                        "/apps/tasks-app/versions/" + version + "/approvals", carol, "{\"approval_type\":\"TEST\"}"),
                200);
        JsonNode approved = ApiClient.expect(api.get("/apps/tasks-app/versions/" + version, alice), 200)
                .json();
        assertThat(approved.get("approval_status").asText())
                .as(approved.toString())
                .isEqualTo("approved");
        assertThat(versionApprovedTask(version))
                .as(
                        "enqueued with the approval: %s",
                        api.get("/api/tasks?limit=1000", admin).body())
                .isPresent();
        Eventually.until(
                Duration.ofSeconds(30),
                "the version.approved task succeeded",
                () -> versionApprovedTask(version)
                        .map(t -> t.get("state").asText().equals("succeeded"))
                        .orElse(false));
        return versionApprovedTask(version).orElseThrow();
    }

    @Test
    void approvingAVersionEnqueuesAVersionApprovedTaskThatIsDeliveredOnce() throws Exception {
        JsonNode task = approveAndDeliver("1.0");
        assertThat(task.get("payload").get("applicationId").asText()).isEqualTo("tasks-app");
        assertThat(task.get("payload").get("artifact").asText()).isEqualTo("docker://r/team-a/app:1.0");
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("lease_owner").isNull()).isTrue();
        assertThat(deliveredAt("tasks-app", "1.0")).as("the handler's effect").isNotNull();
        assertThat(ApiClient.expect(api.get("/api/tasks?state=succeeded", admin), 200)
                        .json()
                        .get("tasks"))
                .filteredOn(t -> t.get("kind").asText().equals("version.approved")
                        && t.get("payload").get("versionId").asText().equals("1.0"))
                .as("one task per approval")
                .hasSize(1);
    }

    @Test
    void aFailedTaskIsListedWithItsErrorAndAnAdminRetryIsAuditedAndRunsItAgain() throws Exception {
        long id = server.server()
                .database()
                .inTransaction(c -> server.server()
                        .tasks()
                        .enqueue(c, "retired.kind", Map.of("reason", "a kind no handler knows")));
        Eventually.until(
                Duration.ofSeconds(30), "the task failed", () -> state(id).equals("failed"));
        JsonNode failed = find(
                        ApiClient.expect(api.get("/api/tasks?state=failed", admin), 200)
                                .json(),
                        id)
                .orElseThrow();
        assertThat(failed.get("last_error").asText())
                .isEqualTo("no handler is registered for task kind retired.kind in this server");
        assertThat(failed.get("payload").get("reason").asText()).isEqualTo("a kind no handler knows");

        JsonNode retried = ApiClient.expect(api.postJson("/api/tasks/" + id + "/retry", admin, null), 200)
                .json();

        assertThat(retried.get("id").asLong()).isEqualTo(id);
        assertThat(retried.get("state").asText()).isEqualTo("pending");
        assertThat(retried.get("attempts").asInt()).isZero();
        JsonNode audit = ApiClient.expect(api.get("/api/audit?action=task.retry", admin), 200)
                .json()
                .get("entries");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("target").asText()).isEqualTo("task:" + id);
        assertThat(audit.get(0).get("details").get("kind").asText()).isEqualTo("retired.kind");
        Eventually.until(
                Duration.ofSeconds(30),
                "the retried task ran and failed again",
                () -> state(id).equals("failed"));
    }

    @Test
    void onlyAFailedTaskCanBeRetriedAndAnUnknownOneIsNotFound() throws Exception {
        long succeeded = approveAndDeliver("2.0").get("id").asLong();

        ApiClient.Response conflict = api.postJson("/api/tasks/" + succeeded + "/retry", admin, null);
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.json().get("message").asText())
                .isEqualTo("Task " + succeeded + " is succeeded; only failed tasks can be retried");
        ApiClient.Response notFound = api.postJson("/api/tasks/999999999/retry", admin, null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.json().get("message").asText()).contains("999999999");
        assertThat(ApiClient.expect(api.get("/api/audit?action=task.retry", admin), 200)
                        .json()
                        .get("entries"))
                .as("refusals are not audited")
                .noneMatch(e -> e.get("target").asText().equals("task:" + succeeded));
    }

    @Test
    void theMetricsCountTasksByState() throws Exception {
        long id = server.server()
                .database()
                .inTransaction(c -> server.server().tasks().enqueue(c, "retired.kind", Map.of()));
        Eventually.until(
                Duration.ofSeconds(30), "the task failed", () -> state(id).equals("failed"));
        Eventually.until(Duration.ofSeconds(5), "the gauge counts it", () -> {
            String metrics = ApiClient.expect(api.get("/metrics", null), 200).body();
            return metrics.lines().anyMatch(l -> l.matches("keyport_tasks_failed [1-9][0-9]*\\.0"))
                    && metrics.contains("keyport_tasks_pending ")
                    && metrics.contains("keyport_tasks_running ")
                    && metrics.contains("keyport_tasks_retrying ");
        });
    }

    private static Optional<JsonNode> versionApprovedTask(String version) {
        JsonNode tasks = ApiClient.expect(api.get("/api/tasks?limit=1000", admin), 200)
                .json()
                .get("tasks");
        return StreamSupport.stream(tasks.spliterator(), false)
                .filter(t -> t.get("kind").asText().equals("version.approved")
                        && t.get("payload").get("versionId").asText().equals(version))
                .findFirst();
    }

    private static Optional<JsonNode> find(JsonNode page, long id) {
        return StreamSupport.stream(page.get("tasks").spliterator(), false)
                .filter(t -> t.get("id").asLong() == id)
                .findFirst();
    }

    private static String state(long id) {
        JsonNode tasks =
                ApiClient.expect(api.get("/api/tasks?limit=1000", admin), 200).json();
        return find(tasks, id).map(t -> t.get("state").asText()).orElseThrow();
    }

    private static Object deliveredAt(String app, String version) {
        return server.server().database().read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT approval_delivered_at FROM versions WHERE application_id = ? AND id = ?")) {
                ps.setString(1, app);
                ps.setString(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getObject(1) : null;
                }
            }
        });
    }
}
