package io.keyport.backend.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.model.common.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A release whose install is interrupted by SIGKILL of the server ({@code java -jar
 * keyport-server.jar}) in every one of its attempts: the cluster holds Helm's requests, so each
 * attempt is still inside Helm when the server is killed; the restarted server takes the task over
 * when its lease ends, and after the third interrupted attempt the queue gives up. The release must
 * then be {@code failed} with a message that says so, audited by the system, and open to a new
 * change, never {@code pending-install} for good (decision 0057).
 *
 * <p>Runs in the H2 Failsafe execution only: it takes four server starts, and what it checks (the
 * queue's give-up reaching the release) runs the same SQL on both databases, which
 * {@code TaskRunnerIT} covers on PostgreSQL too.
 */
@EnabledIfSystemProperty(named = "keyport.test.db", matches = "h2")
class ReleaseInterruptionsIT {

    private static final String ADMIN_PASSWORD = "interrupt-admin-password";
    private static final String UPLOADER = "interrupt-charts";
    private static final String UPLOADER_PASSWORD = "uploader-password-1";
    private static final int ATTEMPTS = 3;

    @TempDir
    Path data;

    private final MockCluster cluster = new MockCluster();
    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.process().isAlive()) {
            server.kill();
        }
        cluster.close();
    }

    @Test
    void anInstallInterruptedInEveryAttemptEndsFailedAuditedAndOpenToANewChange() throws Exception {
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.put("KEYPORT_TASKS_LEASE", "PT2S"); // a killed attempt is taken over 2 s after its last renewal
        settings.put("KEYPORT_TASKS_POLL", "PT0.2S");
        Path kubeconfig = cluster.kubeconfig(Files.createTempDirectory("interrupt-kube"));

        server = ServerProcess.start(data, settings);
        ApiClient api = server.client();
        String admin = api.token("admin", ADMIN_PASSWORD);
        api.team(admin, "ops");
        api.user(admin, UPLOADER, UPLOADER_PASSWORD, "ops");
        ApiClient.expect(
                api.putJson(
                        "/namespaces/ops-dev",
                        admin,
                        "{\"cluster\":\"mock\",\"kubeconfig\":\"file:" + kubeconfig
                                + "\",\"namespace\":\"ops\",\"teams\":[\"ops\"]}"),
                201);
        var uploaded = AppStoreTables.upload(
                api.baseUrl(), api.token(UPLOADER, UPLOADER_PASSWORD), ReleaseCharts.web("held", "1.0.0"), null);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);

        JsonNode created;
        try (AutoCloseable held = cluster.hold()) {
            created = ApiClient.expect(
                            api.postJson(
                                    "/releases",
                                    admin,
                                    "{\"package\":\"held\",\"version\":\"1.0.0\",\"namespace\":\"ops-dev\"}"),
                            201)
                    .json();
            String id = created.get("id").asText();
            long task = created.get("task").asLong();

            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                awaitRunning(server.client(), task, attempt);
                server.kill();
                server = ServerProcess.start(data, settings);
            }

            api = server.client();
            admin = api.token("admin", ADMIN_PASSWORD);
            JsonNode release = settled(api, admin, id);
            assertThat(release.get("status").asText()).as(release.toString()).isEqualTo("failed");
            assertThat(release.get("error").asText())
                    .as(release.toString())
                    .startsWith("install interrupted 3 times: ")
                    .contains("expired during attempt 3 of 3");
            assertThat(release.get("revision").asInt()).isZero();

            JsonNode status = ApiClient.expect(api.get("/releases/" + id + "/status", admin), 200)
                    .json();
            assertThat(status.get("status").asText()).isEqualTo("failed");
            assertThat(status.get("error").asText())
                    .isEqualTo(release.get("error").asText());

            JsonNode failedTask = failedTask(api, admin, task);
            assertThat(failedTask.get("attempts").asInt()).isEqualTo(ATTEMPTS);

            List<JsonNode> audit = audit(api, admin, "release:" + id);
            assertThat(audit)
                    .extracting(e -> e.get("action").asText())
                    .containsExactly("release.install", "release.failed");
            JsonNode failed = audit.get(1);
            assertThat(failed.get("actor").asText())
                    .as("the system, not a person")
                    .isEqualTo("keyport");
            assertThat(failed.path("details").path("task").asLong()).isEqualTo(task);
            assertThat(failed.path("details").path("operation").asText()).isEqualTo("install");
            assertThat(failed.path("details").path("error").asText())
                    .isEqualTo(release.get("error").asText());
        }

        // nothing is pending any more: a new change is accepted (202, not 409) and runs
        String id = created.get("id").asText();
        ApiClient.Response deleted = api.delete("/releases/" + id, admin);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(202);
        assertThat(deleted.json().get("status").asText()).isEqualTo("uninstalling");
        assertThat(settled(api, admin, id)).as("uninstalled and removed").isNull();
    }

    /** Waits until the task's attempt {@code attempt} runs (and, the cluster held, waits inside Helm). */
    private static void awaitRunning(ApiClient api, long task, int attempt) throws Exception {
        String admin = api.token("admin", ADMIN_PASSWORD);
        Eventually.until(Duration.ofSeconds(60), "task " + task + " runs attempt " + attempt, () -> {
            for (JsonNode t : ApiClient.expect(api.get("/api/tasks?state=running", admin), 200)
                    .json()
                    .get("tasks")) {
                if (t.get("id").asLong() == task) {
                    return t.get("attempts").asInt() == attempt;
                }
            }
            return false;
        });
    }

    /** The release once nothing is pending for it; null once it is gone. */
    private static JsonNode settled(ApiClient api, String admin, String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Eventually.until(Duration.ofSeconds(60), id + " settled", () -> {
            ApiClient.Response r = api.get("/releases/" + id, admin);
            if (r.status() == 404) {
                last[0] = null;
                return true;
            }
            last[0] = ApiClient.expect(r, 200).json();
            return last[0].get("task").isNull();
        });
        return last[0];
    }

    private static JsonNode failedTask(ApiClient api, String admin, long task) {
        for (JsonNode t : ApiClient.expect(api.get("/api/tasks?state=failed", admin), 200)
                .json()
                .get("tasks")) {
            if (t.get("id").asLong() == task) {
                return t;
            }
        }
        throw new AssertionError("task " + task + " is not failed");
    }

    private static List<JsonNode> audit(ApiClient api, String admin, String target) {
        return api.get("/api/audit/export", admin)
                .body()
                .lines()
                .map(ReleaseInterruptionsIT::json)
                .filter(e -> e.path("target").asText().equals(target))
                .toList();
    }

    private static JsonNode json(String line) {
        try {
            return Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
