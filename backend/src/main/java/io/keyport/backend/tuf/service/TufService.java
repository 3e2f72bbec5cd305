package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import io.keyport.model.tuf.Root;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The RSTUF API's requests: each change is checked, then accepted in one transaction that writes
 * its RSTUF task, enqueues the durable task that runs it ({@link TufTasks}) and appends its audit
 * entry; the answer is its task id. Reads (bootstrap state, settings, task state, the online key)
 * need {@code tuf.read}; artifacts {@code tuf.write}; bootstrap and settings {@code tuf.admin}.
 */
public final class TufService {

    /** RSTUF task ids: uuid4 as 32 lower-case hex characters. */
    private static final Pattern TASK_ID = Pattern.compile("[0-9a-f]{32}");

    private static final int MAX_ROLE_NAME = 255;

    private final Database db;
    private final TufStore store;
    private final TaskQueue queue;
    private final AuditService audit;
    private final OnlineKey key;
    private final Clock clock;

    /** A change the API accepted: its RSTUF task and when. */
    public record Accepted(String taskId, Instant lastUpdate) {}

    public TufService(Database db, TufStore store, TaskQueue queue, AuditService audit, OnlineKey key, Clock clock) {
        this.db = db;
        this.store = store;
        this.queue = queue;
        this.audit = audit;
        this.key = key;
        this.clock = clock;
    }

    // ---- bootstrap

    /** {@code {bootstrap, state, id}} of {@code GET /api/v1/bootstrap}. */
    public Map<String, Object> bootstrapState(Principal caller) {
        TufScopes.require(caller, TufScopes.READ);
        TufStore.Repository repo = db.read(store::repository);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bootstrap", repo.state() != null);
        data.put("state", repo.state());
        data.put("id", repo.bootstrapTask());
        return data;
    }

    /** Accepts a bootstrap: 422 for a bad payload, 404 (RSTUF's answer) once bootstrapped or bootstrapping. */
    public Accepted bootstrap(Principal caller, Supplier<JsonNode> request) {
        TufScopes.require(caller, TufScopes.ADMIN);
        JsonNode body = request.get();
        Instant now = Timestamps.now(clock);
        BootstrapPayload payload = BootstrapPayload.parse(body, key.publicKey(), now);
        String taskId = newTaskId();
        String root = new String(payload.root().toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        db.inTransaction(c -> {
            TufStore.Repository repo = store.lockRepository(c);
            if (repo.state() != null) {
                throw RstufError.precondition(
                        "System LOCKED for bootstrap: it is " + repo.state() + " (task " + repo.bootstrapTask() + ")");
            }
            accept(c, taskId, TufTasks.BOOTSTRAP, root, now);
            store.updateRepository(c, "pre", taskId, payload.settings().toJson(), now);
            TufAudit.bootstrap(taskId)
                    .append(
                            audit,
                            c,
                            caller.actor(),
                            Map.of("root_keys", payload.settings().rootNumKeys()));
            return null;
        });
        return new Accepted(taskId, now);
    }

    // ---- settings

    /** The settings as RSTUF's {@code GET /api/v1/config} lists them (lower-case names). */
    public Map<String, Object> config(Principal caller) {
        TufScopes.require(caller, TufScopes.READ);
        TufStore.Repository repo = db.read(store::repository);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("bootstrap", repo.state() == null ? null : repo.state() + "-" + repo.bootstrapTask());
        data.put("targets_online_key", true);
        data.put("online_key", key.keyId());
        if (repo.state() != null) {
            RepositorySettings settings = RepositorySettings.fromJson(repo.settings());
            settings.expiration().forEach((role, days) -> data.put(role + "_expiration", days));
            data.put("root_threshold", settings.rootThreshold());
            data.put("root_num_keys", settings.rootNumKeys());
            if (settings.numberOfBins() != null) {
                data.put("number_of_delegated_bins", settings.numberOfBins());
            } else {
                data.put(
                        "delegated_roles_names",
                        settings.delegations().stream()
                                .map(RepositorySettings.CustomRole::name)
                                .toList());
            }
        }
        return data;
    }

    /** Accepts {@code {"settings": {"expiration": {role: days}}}}; which roles exist is the task's to say. */
    public Accepted updateConfig(Principal caller, Supplier<JsonNode> request) {
        TufScopes.require(caller, TufScopes.ADMIN);
        JsonNode body = request.get();
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "settings");
        JsonNode settings = BootstrapPayload.object(BootstrapPayload.field(body, "settings"), "settings");
        BootstrapPayload.only(settings, "settings", "expiration");
        JsonNode expiration =
                BootstrapPayload.object(BootstrapPayload.field(settings, "expiration"), "settings.expiration");
        if (expiration.isEmpty() || expiration.size() > 1000) {
            throw RstufError.invalid("settings.expiration must name 1 to 1000 roles");
        }
        Map<String, Integer> days = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = expiration.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "settings.expiration." + e.getKey();
            if (e.getKey().isEmpty() || e.getKey().length() > MAX_ROLE_NAME) {
                throw RstufError.invalid("settings.expiration has a role name of 0 or over 255 characters");
            }
            JsonNode value = e.getValue();
            if (!value.isIntegralNumber()
                    || !value.canConvertToInt()
                    || value.intValue() < 1
                    || value.intValue() > BootstrapPayload.MAX_DAYS) {
                throw RstufError.invalid(where + " must be from 1 to " + BootstrapPayload.MAX_DAYS + " days");
            }
            days.put(e.getKey(), value.intValue());
        }
        return acceptWhenBootstrapped(caller, TufTasks.UPDATE_SETTINGS, json(days), TufAudit::settingsUpdated);
    }

    // ---- artifacts

    public Accepted addArtifacts(Principal caller, Supplier<JsonNode> body) {
        TufScopes.require(caller, TufScopes.WRITE);
        ArtifactRequest request = ArtifactRequest.additions(body.get());
        return acceptWhenBootstrapped(caller, TufTasks.ADD_ARTIFACTS, request.toJson(), TufAudit::artifactsAdded);
    }

    public Accepted deleteArtifacts(Principal caller, Supplier<JsonNode> body) {
        TufScopes.require(caller, TufScopes.WRITE);
        ArtifactRequest request = ArtifactRequest.deletions(body.get());
        return acceptWhenBootstrapped(caller, TufTasks.REMOVE_ARTIFACTS, request.toJson(), TufAudit::artifactsDeleted);
    }

    public Accepted publishArtifacts(Principal caller) {
        TufScopes.require(caller, TufScopes.WRITE);
        return acceptWhenBootstrapped(caller, TufTasks.PUBLISH_ARTIFACTS, "{}", TufAudit::artifactsPublished);
    }

    // ---- tasks and keys

    /**
     * {@code {task_id, state, result}} of {@code GET /api/v1/task}: RSTUF's states from the durable
     * task (PENDING, STARTED, RETRY, FAILURE) and the stored result (SUCCESS, ERRORED), and RUNNING
     * while a successful addition or removal waits for its publication. An unknown id is PENDING, as
     * Celery answers.
     */
    public Map<String, Object> task(Principal caller, Optional<String> taskId) {
        TufScopes.require(caller, TufScopes.READ);
        String id = taskId.orElseThrow(() -> RstufError.invalid("task_id is required"));
        if (!TASK_ID.matcher(id).matches()) {
            throw RstufError.invalid("task_id must be 32 lower-case hex characters");
        }
        return db.read(c -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("task_id", id);
            Optional<TufStore.TaskRow> row = store.task(c, id);
            if (row.isEmpty()) {
                data.put("state", "PENDING");
                data.put("result", null);
                return data;
            }
            TufStore.TaskRow t = row.get();
            Optional<Task> queued = queue.find(c, t.queueTask());
            String state = state(c, t, queued);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("task", t.name());
            result.put("status", t.status());
            result.put("last_update", t.lastUpdate());
            result.put("message", t.message());
            result.put(
                    "error",
                    t.error() != null
                            ? t.error()
                            : state.equals("FAILURE")
                                    ? queued.map(Task::lastError).orElse(null)
                                    : null);
            result.put("details", t.details() == null ? null : tree(t.details()));
            data.put("state", state);
            data.put("result", result);
            return data;
        });
    }

    private String state(Connection c, TufStore.TaskRow t, Optional<Task> queued) throws SQLException {
        if (queued.isEmpty()) {
            return t.status() == null ? "PENDING" : t.status() ? "SUCCESS" : "ERRORED";
        }
        return switch (queued.get().state()) {
            case PENDING -> "PENDING";
            case RUNNING -> "STARTED";
            case RETRYING -> "RETRY";
            case FAILED -> "FAILURE";
            case SUCCEEDED -> {
                if (Boolean.FALSE.equals(t.status())) {
                    yield "ERRORED";
                }
                yield store.unpublishedOf(c, t.taskId()) > 0 ? "RUNNING" : "SUCCESS";
            }
        };
    }

    /** The online key as a TUF key object with its keyid, for the ceremony that writes root. */
    public Map<String, Object> onlineKey(Principal caller) {
        TufScopes.require(caller, TufScopes.READ);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keyid", key.keyId());
        data.put("key", tree(key.publicKey().toJson().toString()));
        return data;
    }

    // ---- public metadata

    /** A published metadata file by role and version; {@code version} 0 is the current version. */
    public Optional<String> metadata(String role, long version) {
        return db.read(c -> version == 0 ? store.currentMetadata(c, role) : store.metadata(c, role, version));
    }

    /** Whether {@code role} names the root role (every version of which stays published). */
    public static boolean isRoot(String role) {
        return Root.TYPE.equals(role);
    }

    // ---- accepting changes

    @FunctionalInterface
    private interface AuditOf {
        TufAudit of(String taskId);
    }

    private Accepted acceptWhenBootstrapped(Principal caller, String name, String request, AuditOf auditOf) {
        Instant now = Timestamps.now(clock);
        String taskId = newTaskId();
        db.inTransaction(c -> {
            TufStore.Repository repo = store.repository(c);
            if (!"finished".equals(repo.state())) {
                throw RstufError.precondition("System has not finished bootstrap (state "
                        + (repo.state() == null ? "none" : repo.state()) + ")");
            }
            accept(c, taskId, name, request, now);
            auditOf.of(taskId).append(audit, c, caller.actor(), Map.of("task", name));
            return null;
        });
        return new Accepted(taskId, now);
    }

    private void accept(Connection c, String taskId, String name, String request, Instant now) throws SQLException {
        long queued = queue.enqueue(c, TufTasks.kind(name), Map.of("task_id", taskId));
        store.insertTask(c, taskId, name, queued, request, now);
    }

    private static String newTaskId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    static String json(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not JSON-mappable", e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
