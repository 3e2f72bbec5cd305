package io.keyport.backend.tuf.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskHandler;
import io.keyport.backend.tasks.service.TaskHandlers;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.Timestamps;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The work behind RSTUF's tasks, run by the durable task queue: each kind's work happens in the
 * transaction that completes its queue task, after locking the repository row, so it commits exactly
 * once and publications of all replicas happen one after another. A task whose request cannot be
 * carried out (settings of roles that do not exist, nothing to publish) ends with status false
 * (RSTUF's ERRORED) and changes nothing; an unexpected failure is retried by the queue.
 *
 * <p>An addition or removal with {@code publish_artifacts} enqueues a publication ({@value #PUBLISH});
 * the first publication to run takes every pending change, so changes accepted together end up in one
 * snapshot and one timestamp version. Also the renewal of expiring online roles ({@link #renew}).
 */
public final class TufTasks {

    public static final String BOOTSTRAP = "bootstrap";
    public static final String ADD_ARTIFACTS = "add_artifacts";
    public static final String REMOVE_ARTIFACTS = "remove_artifacts";
    public static final String PUBLISH_ARTIFACTS = "publish_artifacts";
    public static final String UPDATE_SETTINGS = "update_settings";
    /** The publication an addition or removal enqueues; it has no RSTUF task of its own. */
    public static final String PUBLISH = "tuf.publish";

    private static final Logger LOG = Logger.getLogger(TufTasks.class.getName());

    private final Database db;
    private final TufStore store;
    private final TaskQueue queue;
    private final RepositoryPublisher publisher;
    private final Clock clock;

    public TufTasks(Database db, TufStore store, TaskQueue queue, RepositoryPublisher publisher, Clock clock) {
        this.db = db;
        this.store = store;
        this.queue = queue;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** The queue's task kind of an RSTUF task name. */
    static String kind(String name) {
        return "tuf." + name;
    }

    /** Registers a handler for every kind. */
    public void register(TaskHandlers handlers) {
        for (String name : List.of(BOOTSTRAP, ADD_ARTIFACTS, REMOVE_ARTIFACTS, PUBLISH_ARTIFACTS, UPDATE_SETTINGS)) {
            handlers.register(kind(name), new TaskHandler() {
                @Override
                public void complete(Connection c, Task task) throws SQLException {
                    run(c, task.payloadJson().get("task_id").textValue());
                }
            });
        }
        handlers.register(PUBLISH, new TaskHandler() {
            @Override
            public void complete(Connection c, Task task) throws SQLException {
                TufStore.Repository repo = store.lockRepository(c);
                if ("finished".equals(repo.state())) {
                    publisher.publish(c, RepositorySettings.fromJson(repo.settings()), Timestamps.now(clock));
                }
            }
        });
    }

    /** What a task did: RSTUF's message and details. */
    private record Outcome(String message, Map<String, Object> details) {}

    /** Refuses a request that cannot be carried out: the task ends with status false, changing nothing. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private void run(Connection c, String taskId) throws SQLException {
        TufStore.TaskRow task =
                store.task(c, taskId).orElseThrow(() -> new IllegalStateException("no RSTUF task " + taskId));
        TufStore.Repository repo = store.lockRepository(c);
        Instant now = Timestamps.now(clock);
        Savepoint before = c.setSavepoint();
        try {
            Outcome outcome = switch (task.name()) {
                case BOOTSTRAP -> bootstrap(c, task, repo, now);
                case ADD_ARTIFACTS -> add(c, task, settings(repo), now);
                case REMOVE_ARTIFACTS -> remove(c, task, settings(repo), now);
                case PUBLISH_ARTIFACTS -> publish(c, settings(repo), now);
                case UPDATE_SETTINGS -> updateSettings(c, task, repo, now);
                default -> throw new IllegalStateException("unknown RSTUF task " + task.name());
            };
            store.finishTask(c, taskId, true, outcome.message(), null, TufService.json(outcome.details()), now);
        } catch (Refused | ApiException e) {
            c.rollback(before);
            LOG.log(Level.FINE, () -> "TUF task " + task.name() + " " + taskId + " refused: " + e.getMessage());
            if (task.name().equals(BOOTSTRAP)) {
                store.updateRepository(c, null, null, "{}", now); // RSTUF resets to none after a failed bootstrap
            }
            store.finishTask(c, taskId, false, task.name() + " failed", e.getMessage(), null, now);
        }
    }

    private static RepositorySettings settings(TufStore.Repository repo) {
        if (!"finished".equals(repo.state())) {
            throw new Refused("the repository is not bootstrapped");
        }
        return RepositorySettings.fromJson(repo.settings());
    }

    private Outcome bootstrap(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        if (!"pre".equals(repo.state()) || !task.taskId().equals(repo.bootstrapTask())) {
            throw new Refused("the bootstrap was superseded (state " + repo.state() + ")");
        }
        Metadata<Root> root = Metadata.fromBytes(task.request().getBytes(StandardCharsets.UTF_8), Root.class);
        RepositorySettings settings = RepositorySettings.fromJson(repo.settings());
        publisher.bootstrap(c, root, settings, now);
        store.updateRepository(c, "finished", task.taskId(), repo.settings(), now);
        return new Outcome("Bootstrap finished", Map.of("bootstrap", true));
    }

    private Outcome add(Connection c, TufStore.TaskRow task, RepositorySettings settings, Instant now)
            throws SQLException {
        ArtifactRequest request = ArtifactRequest.fromJson(task.request());
        List<String> added = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        for (ArtifactRequest.Artifact artifact : request.artifacts()) {
            var role = RepositoryPublisher.roleFor(settings, artifact.path());
            if (role.isEmpty()) {
                invalid.add(artifact.path());
                continue;
            }
            var info = artifact.info();
            if (request.addTaskIdToCustom()) {
                var custom = info.has("custom")
                        ? (com.fasterxml.jackson.databind.node.ObjectNode) info.get("custom")
                        : info.putObject("custom");
                custom.put("added_by_task_id", task.taskId());
            }
            store.putArtifact(c, artifact.path(), role.get(), info.toString(), task.taskId(), now);
            added.add(artifact.path());
            roles.add(role.get());
        }
        if (request.publish() && !added.isEmpty()) {
            queue.enqueue(c, PUBLISH, Map.of());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("added_artifacts", added);
        details.put("invalid_paths", invalid);
        details.put("artifact_roles", List.copyOf(roles));
        return new Outcome("Artifact(s) Added", details);
    }

    private Outcome remove(Connection c, TufStore.TaskRow task, RepositorySettings settings, Instant now)
            throws SQLException {
        ArtifactRequest request = ArtifactRequest.fromJson(task.request());
        List<String> deleted = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        for (String path : request.paths()) {
            if (store.removeArtifact(c, path, task.taskId(), now)) {
                deleted.add(path);
            } else {
                notFound.add(path);
            }
        }
        if (request.publish() && !deleted.isEmpty()) {
            queue.enqueue(c, PUBLISH, Map.of());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deleted_artifacts", deleted);
        details.put("not_found_artifacts", notFound);
        return new Outcome("Artifact(s) Deleted", details);
    }

    private Outcome publish(Connection c, RepositorySettings settings, Instant now) throws SQLException {
        List<String> published = publisher.publish(c, settings, now);
        return new Outcome(
                published.isEmpty() ? "No artifacts to publish" : "Artifacts published",
                Map.of("published_roles", published));
    }

    private Outcome updateSettings(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        RepositorySettings settings = settings(repo);
        Map<String, Object> requested = TufService.tree(task.request()).properties().stream()
                .collect(
                        LinkedHashMap::new,
                        (m, e) -> m.put(e.getKey(), e.getValue().intValue()),
                        Map::putAll);
        Map<String, Integer> updated = new LinkedHashMap<>();
        List<String> invalid = new ArrayList<>();
        requested.forEach((role, days) -> {
            if (settings.expiration().containsKey(role)) {
                updated.put(role, (Integer) days);
            } else {
                invalid.add(role);
            }
        });
        if (updated.isEmpty()) {
            throw new Refused("no role named in settings.expiration exists: " + invalid);
        }
        store.updateRepository(
                c,
                repo.state(),
                repo.bootstrapTask(),
                settings.withExpirations(updated).toJson(),
                now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("updated_roles", List.copyOf(updated.keySet()));
        details.put("invalid_roles", invalid);
        return new Outcome("Update Settings Succeded", details);
    }

    /**
     * Renews the online roles that expire within the margin (each on its own clock), in one
     * transaction holding the repository lock. Run at start and then periodically on every replica;
     * the lock makes concurrent runs take turns, and the second finds nothing left to renew.
     */
    public List<String> renew() {
        return db.inTransaction(c -> {
            TufStore.Repository repo = store.lockRepository(c);
            if (!"finished".equals(repo.state())) {
                return List.of();
            }
            List<String> renewed =
                    publisher.renew(c, RepositorySettings.fromJson(repo.settings()), Timestamps.now(clock));
            if (!renewed.isEmpty()) {
                LOG.info("Renewed TUF roles before they expire: " + renewed);
            }
            return renewed;
        });
    }
}
