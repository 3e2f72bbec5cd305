package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskHandler;
import io.keyport.backend.tasks.service.TaskHandlers;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Duration;
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
 * transaction that completes its queue task, after locking the repository row (except additions and
 * removals with hash bins, which only write artifact rows and lock only the artifact lock row, decision
 * 0054), so it commits exactly once and
 * publications of all replicas happen one after another. A task whose request cannot be
 * carried out (settings of roles that do not exist, nothing to publish) ends with status false
 * (RSTUF's ERRORED) and changes nothing; an unexpected failure is retried by the queue.
 *
 * <p>An addition or removal with {@code publish_artifacts} enqueues a publication ({@value #PUBLISH});
 * the first publication to run takes every pending change, so changes accepted together end up in one
 * snapshot and one timestamp version. Also root rotations and their signing events (decision 0037),
 * forced new versions of online roles, the renewal of expiring online roles and the pruning of
 * superseded versions after the retention ({@link #renew}).
 */
public final class TufTasks {

    public static final String BOOTSTRAP = "bootstrap";
    public static final String ADD_ARTIFACTS = "add_artifacts";
    public static final String REMOVE_ARTIFACTS = "remove_artifacts";
    public static final String PUBLISH_ARTIFACTS = "publish_artifacts";
    public static final String UPDATE_SETTINGS = "update_settings";
    public static final String METADATA_UPDATE = "metadata_update";
    public static final String SIGN_METADATA = "sign_metadata";
    public static final String DELETE_SIGN_METADATA = "delete_sign_metadata";
    public static final String FORCE_ONLINE = "force_online_metadata_update";
    public static final String METADATA_DELEGATION = "metadata_delegation";
    /** The publication an addition or removal enqueues; it has no RSTUF task of its own. */
    public static final String PUBLISH = "tuf.publish";

    private static final Logger LOG = Logger.getLogger(TufTasks.class.getName());

    private final Database db;
    private final TufStore store;
    private final TaskQueue queue;
    private final RepositoryPublisher publisher;
    private final OnlineKey keys;
    private final Clock clock;
    private final Duration retention;

    public TufTasks(
            Database db,
            TufStore store,
            TaskQueue queue,
            RepositoryPublisher publisher,
            OnlineKey keys,
            Clock clock,
            Duration retention) {
        this.db = db;
        this.store = store;
        this.queue = queue;
        this.publisher = publisher;
        this.keys = keys;
        this.clock = clock;
        this.retention = retention;
    }

    /** The queue's task kind of an RSTUF task name. */
    static String kind(String name) {
        return "tuf." + name;
    }

    /** Registers a handler for every kind. */
    public void register(TaskHandlers handlers) {
        for (String name : List.of(
                BOOTSTRAP,
                ADD_ARTIFACTS,
                REMOVE_ARTIFACTS,
                PUBLISH_ARTIFACTS,
                UPDATE_SETTINGS,
                METADATA_UPDATE,
                SIGN_METADATA,
                DELETE_SIGN_METADATA,
                FORCE_ONLINE,
                METADATA_DELEGATION)) {
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

    /**
     * What a task did: RSTUF's message and details, and the number of the artifact change it made
     * (null when it changed no artifact row), which says when it is published (decision 0062).
     */
    private record Outcome(String message, Map<String, Object> details, Long seq) {
        Outcome(String message, Map<String, Object> details) {
            this(message, details, null);
        }
    }

    /** Refuses a request that cannot be carried out: the task ends with status false, changing nothing. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Artifact changes: they apply in the order the API accepted them. */
    private static final List<String> ORDERED = List.of(ADD_ARTIFACTS, REMOVE_ARTIFACTS);

    private void run(Connection c, String taskId) throws SQLException {
        TufStore.TaskRow task =
                store.task(c, taskId).orElseThrow(() -> new IllegalStateException("no RSTUF task " + taskId));
        if (task.status() != null) {
            return; // it already ran, before a later artifact change (below)
        }
        if (!ORDERED.contains(task.name())) {
            TufStore.Repository repo = store.lockRepository(c);
            task = store.task(c, taskId).orElseThrow();
            if (task.status() == null) {
                execute(c, task, repo);
            }
            return;
        }
        // Artifact changes: with hash bins they take only the artifact lock (a path's bin never changes
        // after the bootstrap), so they run while a publication holds the repository lock; otherwise
        // (no bootstrap yet, custom delegations whose changes may reroute paths) the repository lock first.
        TufStore.Repository repo = store.repository(c);
        if (!hashBins(repo)) {
            repo = store.lockRepository(c);
        }
        store.lockArtifacts(c);
        task = store.task(c, taskId).orElseThrow();
        if (task.status() != null) {
            return; // a task holding the artifact lock ran it first
        }
        // Workers may claim tasks out of order (two workers, a retry, a restart after SIGKILL): an
        // addition accepted before a removal of the same path must not apply after it.
        for (TufStore.TaskRow earlier : store.unfinishedBefore(c, ORDERED, task.queueTask())) {
            execute(c, earlier, repo);
        }
        execute(c, task, repo);
    }

    /** Whether the repository is bootstrapped with hash bins, which it then keeps for good. */
    private static boolean hashBins(TufStore.Repository repo) {
        return "finished".equals(repo.state())
                && RepositorySettings.fromJson(repo.settings()).numberOfBins() != null;
    }

    private void execute(Connection c, TufStore.TaskRow task, TufStore.Repository repo) throws SQLException {
        String taskId = task.taskId();
        Instant now = Timestamps.now(clock);
        Savepoint before = c.setSavepoint();
        try {
            Outcome outcome = switch (task.name()) {
                case BOOTSTRAP -> bootstrap(c, task, repo, now);
                case ADD_ARTIFACTS -> add(c, task, settings(repo), now);
                case REMOVE_ARTIFACTS -> remove(c, task, settings(repo), now);
                case PUBLISH_ARTIFACTS -> publish(c, settings(repo), now);
                case UPDATE_SETTINGS -> updateSettings(c, task, repo, now);
                case METADATA_UPDATE -> metadataUpdate(c, task, repo, now);
                case SIGN_METADATA -> signMetadata(c, task, repo, now);
                case DELETE_SIGN_METADATA -> deleteSigning(c, task, repo, now);
                case FORCE_ONLINE -> forceOnline(c, task, repo, now);
                case METADATA_DELEGATION -> delegation(c, task, repo, now);
                default -> throw new IllegalStateException("unknown RSTUF task " + task.name());
            };
            store.finishTask(
                    c, taskId, true, outcome.message(), null, TufService.json(outcome.details()), outcome.seq(), now);
        } catch (Refused | ApiException e) {
            c.rollback(before);
            LOG.log(Level.FINE, () -> "TUF task " + task.name() + " " + taskId + " refused: " + e.getMessage());
            if (task.name().equals(BOOTSTRAP)) {
                store.updateRepository(c, null, null, "{}", now); // RSTUF resets to none after a failed bootstrap
            }
            store.finishTask(c, taskId, false, task.name() + " failed", e.getMessage(), null, now);
        }
    }

    /** The settings of a bootstrapped repository; refuses the task otherwise. */
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
        if (!root.signed().verificationResult(Root.TYPE, root).verified()) {
            // RSTUF's "signing" state: root v1 waits for the rest of its signatures (POST /metadata/sign)
            store.putSigning(c, Root.TYPE, 1, task.request(), task.taskId(), now);
            store.updateRepository(c, "signing", task.taskId(), repo.settings(), now);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("bootstrap", false);
            details.put("pending_signatures", true);
            details.put("signing", RootSigning.progress(root));
            return new Outcome("Bootstrap waiting for signatures", details);
        }
        finishBootstrap(c, root, repo, task.taskId(), now);
        return new Outcome("Bootstrap finished", Map.of("bootstrap", true));
    }

    /** Publishes version 1 of every role with {@code root} (which reached its threshold) and ends the bootstrap. */
    private void finishBootstrap(
            Connection c, Metadata<Root> root, TufStore.Repository repo, String bootstrapTask, Instant now)
            throws SQLException {
        if (root.signed().isExpired(now)) {
            throw new Refused("root version 1 expired while it waited for signatures; abort the bootstrap with"
                    + " POST /api/v1/metadata/sign/delete and start again");
        }
        publisher.bootstrap(c, root, RepositorySettings.fromJson(repo.settings()), now);
        store.deleteSigning(c, Root.TYPE);
        store.updateRepository(c, "finished", bootstrapTask, repo.settings(), now);
    }

    /**
     * A signature for root v1 of a bootstrap in {@code signing}: checked against root v1's own keys;
     * the bootstrap finishes once its threshold is reached.
     */
    private Outcome signBootstrap(Connection c, TufStore.Repository repo, Signature signature, Instant now)
            throws SQLException {
        TufStore.SigningRow row = store.signing(c, Root.TYPE)
                .filter(r -> r.version() == 1)
                .orElseThrow(() -> new Refused("root version 1 does not wait for signatures any more"));
        Metadata<Root> pending = RootSigning.readRoot(row.content());
        RootSigning.checkSignature(pending, pending, signature);
        Metadata<Root> next = pending.withSignature(signature);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", Root.TYPE);
        details.put("version", 1);
        details.put("signing", RootSigning.progress(next));
        if (!next.signed().verificationResult(Root.TYPE, next).verified()) {
            store.putSigning(c, Root.TYPE, 1, new String(next.toBytes(), StandardCharsets.UTF_8), row.taskId(), now);
            details.put("pending_signatures", true);
            details.put("bootstrap", false);
            return new Outcome("Signature added, root version 1 waits for more", details);
        }
        finishBootstrap(c, next, repo, repo.bootstrapTask(), now);
        details.put("pending_signatures", false);
        details.put("bootstrap", true);
        return new Outcome("Signature added, bootstrap finished", details);
    }

    private Outcome add(Connection c, TufStore.TaskRow task, RepositorySettings settings, Instant now)
            throws SQLException {
        ArtifactRequest request = ArtifactRequest.fromJson(task.request());
        List<String> added = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        Set<String> roles = new LinkedHashSet<>();
        List<TufStore.NewArtifact> rows = new ArrayList<>();
        var router = RepositoryPublisher.router(settings);
        for (ArtifactRequest.Artifact artifact : request.artifacts()) {
            var role = router.apply(artifact.path());
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
            rows.add(new TufStore.NewArtifact(artifact.path(), role.get(), info.toString()));
            added.add(artifact.path());
            roles.add(role.get());
        }
        Long seq = rows.isEmpty() ? null : store.nextChange(c);
        if (seq != null) {
            store.putArtifacts(c, rows, seq, now);
        }
        if (request.publish() && !added.isEmpty()) {
            queue.enqueue(c, PUBLISH, Map.of());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("added_artifacts", added);
        details.put("invalid_paths", invalid);
        details.put("artifact_roles", List.copyOf(roles));
        return new Outcome("Artifact(s) Added", details, seq);
    }

    private Outcome remove(Connection c, TufStore.TaskRow task, RepositorySettings settings, Instant now)
            throws SQLException {
        ArtifactRequest request = ArtifactRequest.fromJson(task.request());
        List<String> deleted = new ArrayList<>();
        List<String> notFound = new ArrayList<>();
        long seq = store.nextChange(c);
        for (String path : request.paths()) {
            if (store.removeArtifact(c, path, seq, now)) {
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
        return new Outcome("Artifact(s) Deleted", details, deleted.isEmpty() ? null : seq);
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

    // ---- root rotation and signing events

    private Outcome metadataUpdate(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        RepositorySettings settings = settings(repo);
        Metadata<Root> next = RootSigning.readRoot(task.request());
        Metadata<Root> trusted = trustedRoot(c);
        RootSigning.check(trusted, next, now, this::heldKey); // again: the trusted root may have moved on
        return rootProgress(c, task.taskId(), settings, repo, trusted, next, now);
    }

    private Outcome signMetadata(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        JsonNode request = TufService.tree(task.request());
        String role = request.get("role").textValue();
        Signature signature = Signature.of(
                request.get("keyid").textValue(),
                java.util.HexFormat.of().parseHex(request.get("sig").textValue()));
        if ("signing".equals(repo.state())
                && role.equals(Root.TYPE)
                && request.get("version").longValue() == 1) {
            return signBootstrap(c, repo, signature, now);
        }
        RepositorySettings settings = settings(repo);
        if (!role.equals(Root.TYPE)) {
            return signDelegated(c, settings, role, request.get("version").longValue(), signature, now);
        }
        TufStore.SigningRow row = store.signing(c, role)
                .filter(r -> r.version() == request.get("version").longValue())
                .orElseThrow(() -> new Refused(
                        "no " + role + " version " + request.get("version") + " waits for signatures any more"));
        Metadata<Root> pending = RootSigning.readRoot(row.content());
        Metadata<Root> trusted = trustedRoot(c);
        RootSigning.checkSignature(trusted, pending, signature);
        return rootProgress(c, task.taskId(), settings, repo, trusted, pending.withSignature(signature), now);
    }

    /**
     * A signature for the waiting version of a custom role signed by offline keys (decision 0058):
     * checked against the keys top-level targets names for it; the version is published (then a new
     * snapshot and timestamp) once their threshold is reached.
     */
    private Outcome signDelegated(
            Connection c, RepositorySettings settings, String role, long version, Signature signature, Instant now)
            throws SQLException {
        TufStore.SigningRow row = store.signing(c, role)
                .filter(r -> r.version() == version)
                .orElseThrow(
                        () -> new Refused("no " + role + " version " + version + " waits for signatures any more"));
        Targets delegator = Metadata.fromBytes(
                        store.currentMetadata(c, Targets.TYPE).orElseThrow().getBytes(StandardCharsets.UTF_8),
                        Targets.class)
                .signed();
        Metadata<Targets> pending = Metadata.fromBytes(row.content().getBytes(StandardCharsets.UTF_8), Targets.class);
        OfflineRoles.checkSignature(delegator, role, pending, signature);
        Metadata<Targets> next = pending.withSignature(signature);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", role);
        details.put("version", version);
        details.put("signing", OfflineRoles.progress(delegator, role, next));
        if (!delegator.verificationResult(role, next).verified()) {
            store.putSigning(c, role, version, new String(next.toBytes(), StandardCharsets.UTF_8), row.taskId(), now);
            details.put("pending_signatures", true);
            return new Outcome("Signature added, " + role + " version " + version + " waits for more", details);
        }
        if (next.signed().isExpired(now)) {
            throw new Refused(role + " version " + version + " expired while it waited for signatures");
        }
        publisher.publishSigned(c, settings, role, next, now);
        store.deleteSigning(c, role);
        details.put("pending_signatures", false);
        return new Outcome("Signature added, " + role + " version " + version + " published", details);
    }

    /** Publishes a root that reached both thresholds (rotating the online key first), or parks it for signatures. */
    private Outcome rootProgress(
            Connection c,
            String taskId,
            RepositorySettings settings,
            TufStore.Repository repo,
            Metadata<Root> trusted,
            Metadata<Root> next,
            Instant now)
            throws SQLException {
        Root root = next.signed();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("role", Root.TYPE);
        details.put("version", root.version());
        details.put("signing", RootSigning.progress(trusted, next));
        if (!trusted.signed().rotationResult(next).verified()) {
            store.putSigning(
                    c, Root.TYPE, root.version(), new String(next.toBytes(), StandardCharsets.UTF_8), taskId, now);
            details.put("pending_signatures", true);
            details.put("online_key_rotated", false);
            return new Outcome("Metadata update accepted, waiting for signatures", details);
        }
        String oldKey = trusted.signed().role(Timestamp.TYPE).keyIds().get(0);
        String newKey = root.role(Timestamp.TYPE).keyIds().get(0);
        boolean rotated = !oldKey.equals(newKey);
        if (rotated) {
            Signer signer = keys.find(newKey)
                    .orElseThrow(() -> new Refused("this server does not hold the new online key " + newKey));
            publisher.rotateOnlineKey(c, settings, signer, now);
        }
        store.putMetadata(
                c, Root.TYPE, root.version(), root.expires(), new String(next.toBytes(), StandardCharsets.UTF_8), now);
        store.deleteSigning(c, Root.TYPE);
        RepositorySettings updated = settings.withRoot(
                root.role(Root.TYPE).threshold(), root.role(Root.TYPE).keyIds().size());
        store.updateRepository(c, repo.state(), repo.bootstrapTask(), updated.toJson(), now);
        details.put("pending_signatures", false);
        details.put("online_key_rotated", rotated);
        return new Outcome("Metadata Update Processed", details);
    }

    private Outcome deleteSigning(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        String role = TufService.tree(task.request()).get("role").textValue();
        if (!store.deleteSigning(c, role)) {
            throw new Refused("no " + role + " metadata waits for signatures");
        }
        if ("signing".equals(repo.state()) && role.equals(Root.TYPE)) {
            // aborting root v1 aborts the bootstrap: the system is available for a new one (RSTUF)
            store.updateRepository(c, null, null, "{}", now);
            return new Outcome(
                    "Metadata sign delete accepted, bootstrap aborted",
                    Map.of("deleted_signing", List.of(role), "bootstrap", false));
        }
        return new Outcome("Metadata sign delete accepted", Map.of("deleted_signing", List.of(role)));
    }

    private Outcome forceOnline(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        RepositorySettings settings = settings(repo);
        Set<String> all = new LinkedHashSet<>(List.of(Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE));
        if (settings.numberOfBins() != null) {
            all.add("bins");
        }
        all.addAll(RepositoryPublisher.onlineDelegatedNames(settings));
        Set<String> roles = new LinkedHashSet<>();
        for (JsonNode r : TufService.tree(task.request()).get("roles")) {
            roles.add(r.textValue());
        }
        if (roles.isEmpty()) {
            roles = all;
        }
        List<String> unknown = roles.stream().filter(r -> !all.contains(r)).toList();
        if (!unknown.isEmpty()) {
            throw new Refused("no online role named " + unknown);
        }
        List<String> updated = publisher.forceOnline(c, settings, roles, now);
        return new Outcome("Force new online metadata update succeeded", Map.of("updated_roles", updated));
    }

    // ---- custom delegations

    /**
     * Adds, updates or deletes custom roles ({@code {"action": "add"|"update"|"delete", ...}}): the
     * settings change, new roles get version 1, deleted roles' artifacts and versions go, then targets
     * (its delegations), snapshot and timestamp get new versions. Artifacts added later are routed by
     * the new roles.
     */
    private Outcome delegation(Connection c, TufStore.TaskRow task, TufStore.Repository repo, Instant now)
            throws SQLException {
        RepositorySettings settings = settings(repo);
        if (settings.delegations() == null) {
            throw new Refused("the repository uses hash bins; custom delegations need a bootstrap with delegations");
        }
        JsonNode request = TufService.tree(task.request());
        String action = request.get("action").textValue();
        Map<String, RepositorySettings.CustomRole> roles = new LinkedHashMap<>();
        settings.delegations().forEach(r -> roles.put(r.name(), r));
        Map<String, Integer> expiration = new LinkedHashMap<>(settings.expiration());
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        if (action.equals("delete")) {
            for (JsonNode name : request.get("roles")) {
                if (roles.remove(name.textValue()) == null) {
                    throw new Refused("no custom role named " + name.textValue());
                }
                expiration.remove(name.textValue());
                removed.add(name.textValue());
            }
            if (roles.isEmpty()) {
                throw new Refused("the last custom role cannot be deleted");
            }
        } else {
            Map<String, Integer> days = new LinkedHashMap<>();
            List<RepositorySettings.CustomRole> given =
                    List.of(Json.mapper().convertValue(request.get("roles"), RepositorySettings.CustomRole[].class));
            request.get("expiration")
                    .properties()
                    .forEach(e -> days.put(e.getKey(), e.getValue().intValue()));
            for (RepositorySettings.CustomRole role : given) {
                boolean exists = roles.containsKey(role.name());
                if (action.equals("add") && (exists || settings.retiredRoles().contains(role.name()))) {
                    throw new Refused("the custom role " + role.name() + " exists or existed; names are not reused");
                }
                if (action.equals("update") && !exists) {
                    throw new Refused("no custom role named " + role.name());
                }
                if (action.equals("update")
                        && (!roles.get(role.name()).keyids().equals(role.keyids())
                                || !java.util.Objects.equals(
                                        roles.get(role.name()).threshold(), role.threshold()))) {
                    throw new Refused("the keys of custom role " + role.name() + " cannot change (not supported yet)");
                }
                roles.put(role.name(), role);
                expiration.put(role.name(), days.get(role.name()));
                (exists ? changed : added).add(role.name());
            }
        }
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        JsonNode given = request.get("keys");
        if (given != null) {
            given.properties().forEach(e -> keys.put(e.getKey(), e.getValue()));
        }
        RepositorySettings next = settings.withDelegations(List.copyOf(roles.values()), expiration, removed, keys);
        for (String role : removed) {
            store.deleteRole(c, role);
            store.deleteSigning(c, role); // a version of an offline role that waited goes with it
        }
        publisher.redelegate(c, next, added, removed, now);
        store.updateRepository(c, repo.state(), repo.bootstrapTask(), next.toJson(), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("added_roles", added);
        details.put("updated_roles", changed);
        details.put("deleted_roles", removed);
        return new Outcome("Metadata delegation " + action + " processed", details);
    }

    private Metadata<Root> trustedRoot(Connection c) throws SQLException {
        return RootSigning.readRoot(store.currentMetadata(c, Root.TYPE).orElseThrow());
    }

    private java.util.Optional<io.keyport.model.tuf.Key> heldKey(String keyId) {
        return keys.find(keyId).map(Signer::publicKey);
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
            Instant now = Timestamps.now(clock);
            List<String> renewed = publisher.renew(c, RepositorySettings.fromJson(repo.settings()), now);
            if (!renewed.isEmpty()) {
                LOG.info("Renewed TUF roles before they expire: " + renewed);
            }
            int pruned = store.prune(c, now.minus(retention));
            if (pruned > 0) {
                LOG.fine(() -> "Pruned " + pruned + " superseded TUF metadata versions");
            }
            return renewed;
        });
    }
}
