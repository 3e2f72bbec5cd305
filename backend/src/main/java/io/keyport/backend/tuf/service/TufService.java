package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.storage.BlobInfo;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.store.TufStore;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.signer.Signer;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
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
    private final BlobStorage storage;
    private final List<Function<String, String>> contentKeys;

    /** A change the API accepted: its RSTUF task and when. */
    public record Accepted(String taskId, Instant lastUpdate) {}

    /**
     * @param storage     blob storage, where Keyport keeps content it serves as targets
     * @param contentKeys where content with a given SHA-256 may be stored (archives, charts), tried in order
     */
    public TufService(
            Database db,
            TufStore store,
            TaskQueue queue,
            AuditService audit,
            OnlineKey key,
            Clock clock,
            BlobStorage storage,
            List<Function<String, String>> contentKeys) {
        this.db = db;
        this.store = store;
        this.queue = queue;
        this.audit = audit;
        this.key = key;
        this.clock = clock;
        this.storage = storage;
        this.contentKeys = List.copyOf(contentKeys);
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
            accept(c, taskId, TufTasks.BOOTSTRAP, root, caller, now);
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
        data.put("online_key", activeKey().keyId());
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
        if (taskId.isEmpty()) {
            return ownTasks(caller);
        }
        String id = taskId.get();
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
            Optional<Task> queued = queue.find(c, row.get().queueTask());
            // re-read after the queue: both commit together, but each statement sees its own moment
            TufStore.TaskRow t = store.task(c, id).orElseThrow();
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

    /** How many of the caller's tasks {@code GET /api/v1/task} without {@code task_id} lists. */
    static final int OWN_TASKS = 100;

    /**
     * Keyport's addition to RSTUF: without {@code task_id}, the caller's own newest tasks (at most
     * {@value #OWN_TASKS}) with their states, so a pipeline or a console finds what it asked for.
     */
    private Map<String, Object> ownTasks(Principal caller) {
        return db.read(c -> {
            List<Map<String, Object>> tasks = new java.util.ArrayList<>();
            for (TufStore.TaskRow listed : store.tasksOf(c, callerKey(caller), OWN_TASKS)) {
                Optional<Task> queued = queue.find(c, listed.queueTask());
                TufStore.TaskRow t = store.task(c, listed.taskId()).orElseThrow(); // after the queue, as above
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("task_id", t.taskId());
                row.put("task", t.name());
                row.put("state", state(c, t, queued));
                row.put("status", t.status());
                row.put("last_update", t.lastUpdate());
                tasks.add(row);
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("tasks", tasks);
            return data;
        });
    }

    private String state(Connection c, TufStore.TaskRow t, Optional<Task> queued) throws SQLException {
        if (t.status() != null) { // it ran (possibly ahead of its queue task, before a later artifact change)
            if (!t.status()) {
                return "ERRORED";
            }
            return store.unpublished(c, t.taskId()) ? "RUNNING" : "SUCCESS";
        }
        if (queued.isEmpty()) {
            return "PENDING";
        }
        return switch (queued.get().state()) {
            case PENDING -> "PENDING";
            case RUNNING -> "STARTED";
            case RETRYING -> "RETRY";
            case FAILED -> "FAILURE";
            case SUCCEEDED -> "SUCCESS"; // not an RSTUF task's queue task: those set their status
        };
    }

    /**
     * The online key that signs now (the published root's, or before a bootstrap the configured one)
     * as a TUF key object with its keyid, for the ceremony that writes root, and every key the server
     * holds ({@code held}), which a root update may name to rotate it.
     */
    public Map<String, Object> onlineKey(Principal caller) {
        TufScopes.require(caller, TufScopes.READ);
        Map<String, Object> data = keyData(activeKey(), "active");
        data.put("held", key.keyIds());
        return data;
    }

    /** The key the published root names for the online roles, or before a bootstrap the configured one. */
    private Signer activeKey() {
        return db.read(c -> store.currentMetadata(c, Root.TYPE)
                .map(RootSigning::readRoot)
                .flatMap(r -> key.find(r.signed().role(Timestamp.TYPE).keyIds().get(0)))
                .orElse(key.signer()));
    }

    private static Map<String, Object> keyData(Signer signer, String state) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("keyid", signer.keyId());
        data.put("key", tree(signer.publicKey().toJson().toString()));
        data.put("state", state);
        return data;
    }

    // ---- root rotation and signing events (decision 0037)

    /** Accepts a root update ({@code {"metadata": {"root": ...}}}), checked against the trusted root. */
    public Accepted updateMetadata(Principal caller, Supplier<JsonNode> request) {
        TufScopes.require(caller, TufScopes.ADMIN);
        Metadata<Root> next = RootSigning.parseUpdate(request.get());
        Instant now = Timestamps.now(clock);
        Metadata<Root> trusted = db.read(c -> trustedRoot(c));
        RootSigning.check(trusted, next, now, id -> key.find(id).map(Signer::publicKey));
        return acceptWhenBootstrapped(
                caller,
                TufTasks.METADATA_UPDATE,
                new String(next.toBytes(), StandardCharsets.UTF_8),
                TufAudit::metadataUpdate);
    }

    /**
     * RSTUF's {@code GET /api/v1/metadata/sign}: {@code metadata} holds each role waiting for
     * signatures (with the signatures so far) and {@code trusted_root}; Keyport adds {@code signing},
     * per role who signed and who still has to for the trusted and the new threshold.
     */
    public Map<String, Object> pendingSignatures(Principal caller) {
        TufScopes.require(caller, TufScopes.READ);
        return db.read(c -> {
            Map<String, Object> metadata = new LinkedHashMap<>();
            Map<String, Object> signing = new LinkedHashMap<>();
            List<TufStore.SigningRow> rows = store.signing(c);
            boolean bootstrapping = "signing".equals(store.repository(c).state());
            for (TufStore.SigningRow row : rows) {
                metadata.put(row.role(), tree(row.content()));
                if (!Root.TYPE.equals(row.role())) { // a custom role signed by offline keys (decision 0058)
                    String targets = store.currentMetadata(c, Targets.TYPE).orElseThrow();
                    metadata.put("trusted_targets", tree(targets));
                    signing.put(
                            row.role(),
                            OfflineRoles.progress(
                                    Metadata.fromBytes(targets.getBytes(StandardCharsets.UTF_8), Targets.class)
                                            .signed(),
                                    row.role(),
                                    Metadata.fromBytes(row.content().getBytes(StandardCharsets.UTF_8), Targets.class)));
                    continue;
                }
                Metadata<Root> pending = RootSigning.readRoot(row.content());
                if (bootstrapping) { // root v1 of a bootstrap: no trusted root yet
                    signing.put(row.role(), RootSigning.progress(pending));
                    continue;
                }
                Metadata<Root> trusted = trustedRoot(c);
                metadata.put("trusted_root", tree(new String(trusted.toBytes(), StandardCharsets.UTF_8)));
                signing.put(row.role(), RootSigning.progress(trusted, pending));
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("metadata", metadata);
            data.put("signing", signing);
            return data;
        });
    }

    /** Accepts one signature ({@code {"role", "signature": {"keyid", "sig"}}}), verified at once. */
    public Accepted sign(Principal caller, Supplier<JsonNode> request) {
        TufScopes.require(caller, TufScopes.ADMIN);
        RootSigning.SignRequest parsed = RootSigning.parseSignature(request.get());
        String role = parsed.role();
        Signature signature = parsed.signature();
        long version = db.read(c -> {
            TufStore.SigningRow row = store.signing(c, role)
                    .orElseThrow(() -> RstufError.precondition("No signatures pending for " + role));
            if (!Root.TYPE.equals(role)) { // a custom role signed by offline keys (decision 0058)
                Targets delegator = Metadata.fromBytes(
                                store.currentMetadata(c, Targets.TYPE)
                                        .orElseThrow()
                                        .getBytes(StandardCharsets.UTF_8),
                                Targets.class)
                        .signed();
                OfflineRoles.checkSignature(
                        delegator,
                        role,
                        Metadata.fromBytes(row.content().getBytes(StandardCharsets.UTF_8), Targets.class),
                        signature);
                return row.version();
            }
            Metadata<Root> pending = RootSigning.readRoot(row.content());
            boolean bootstrapping = "signing".equals(store.repository(c).state());
            RootSigning.checkSignature(bootstrapping ? pending : trustedRoot(c), pending, signature);
            return row.version();
        });
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("role", role);
        stored.put("version", version);
        stored.put("keyid", signature.keyId());
        stored.put("sig", signature.sig());
        return acceptWhen(SIGNING_OR_FINISHED, caller, TufTasks.SIGN_METADATA, json(stored), TufAudit::signed);
    }

    /** Aborts a signing event ({@code {"role"}}); 404 when nothing waits for signatures. */
    public Accepted deleteSigning(Principal caller, Supplier<JsonNode> request) {
        TufScopes.require(caller, TufScopes.ADMIN);
        JsonNode body = request.get();
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "role");
        String role = RootSigning.role(body);
        if (db.read(c -> store.signing(c, role)).isEmpty()) {
            throw RstufError.precondition("No signatures pending for " + role);
        }
        return acceptWhen(
                SIGNING_OR_FINISHED,
                caller,
                TufTasks.DELETE_SIGN_METADATA,
                json(Map.of("role", role)),
                TufAudit::signingDeleted);
    }

    /** Accepts {@code {"roles": [...]}} (empty: every online role): new versions of online roles. */
    public Accepted forceOnline(Principal caller, Supplier<JsonNode> request) {
        TufScopes.require(caller, TufScopes.ADMIN);
        JsonNode body = request.get();
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "roles");
        JsonNode roles = body.get("roles");
        if (roles == null || roles.isNull()) {
            roles = Json.mapper().createArrayNode();
        }
        if (!roles.isArray() || roles.size() > 1000) {
            throw RstufError.invalid("roles must be a list of up to 1000 role names");
        }
        for (JsonNode r : roles) {
            if (!r.isTextual()
                    || !RootSigning.ROLE.matcher(r.textValue()).matches()
                    || r.textValue().equals(Root.TYPE)) {
                throw RstufError.invalid("roles must name online roles (targets, snapshot, timestamp, bins or a"
                        + " delegated role): " + r);
            }
        }
        return acceptWhenBootstrapped(
                caller, TufTasks.FORCE_ONLINE, json(Map.of("roles", roles)), TufAudit::onlineForced);
    }

    // ---- custom delegations

    /**
     * Accepts RSTUF's {@code POST}/{@code PUT /api/v1/delegations} ({@code action} add or update:
     * {@code {"delegations": {"keys": {}, "roles": [{name, paths, terminating, "x-rstuf-expire-policy"}]}}},
     * roles signed by the online key) and {@code POST /api/v1/delegations/delete} ({@code action} delete:
     * {@code {"delegations": {"roles": [{"name"}]}}}). Only for a repository bootstrapped with custom delegations.
     */
    public Accepted delegations(Principal caller, Supplier<JsonNode> request, String action) {
        TufScopes.require(caller, TufScopes.ADMIN);
        JsonNode body = request.get();
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "delegations");
        JsonNode delegations = BootstrapPayload.object(BootstrapPayload.field(body, "delegations"), "delegations");
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("action", action);
        if (action.equals("delete")) {
            BootstrapPayload.only(delegations, "delegations", "roles");
            JsonNode roles = BootstrapPayload.field(delegations, "roles");
            if (!roles.isArray() || roles.isEmpty() || roles.size() > 1000) {
                throw RstufError.invalid("delegations.roles must be a list of 1 to 1000 roles");
            }
            List<String> names = new java.util.ArrayList<>();
            for (JsonNode role : roles) {
                BootstrapPayload.object(role, "delegations.roles[]");
                BootstrapPayload.only(role, "delegations.roles[]", "name");
                String name = BootstrapPayload.text(role.get("name"), "delegations.roles[].name");
                if (!BootstrapPayload.ROLE_NAME.matcher(name).matches()) {
                    throw RstufError.invalid("delegations.roles[].name must match [a-zA-Z0-9_-]{1,64}: " + name);
                }
                names.add(name);
            }
            stored.put("roles", names);
        } else {
            Map<String, Integer> expiration = new LinkedHashMap<>();
            Map<String, io.keyport.model.tuf.Key> offline = new LinkedHashMap<>();
            stored.put(
                    "roles",
                    BootstrapPayload.customRoles(delegations, expiration, "delegations", offline, this::isOnlineKey));
            stored.put("expiration", expiration);
            stored.put("keys", OfflineRoles.stored(offline));
        }
        TufStore.Repository repo = db.read(store::repository);
        if ("finished".equals(repo.state())
                && RepositorySettings.fromJson(repo.settings()).numberOfBins() != null) {
            throw RstufError.invalid("this repository delegates to hash bins; custom delegations need a bootstrap"
                    + " with settings.roles.delegations");
        }
        return acceptWhenBootstrapped(
                caller, TufTasks.METADATA_DELEGATION, json(stored), id -> TufAudit.delegations(action, id));
    }

    /** Whether {@code keyId} is one of the online keys this server holds. */
    private boolean isOnlineKey(String keyId) {
        return key.find(keyId).isPresent();
    }

    /** Generates a new online key beside the configured one, for a root update to name; audited. */
    public Map<String, Object> generateOnlineKey(Principal caller) {
        TufScopes.require(caller, TufScopes.ADMIN);
        Signer signer = key.generate();
        db.inTransaction(c -> {
            TufAudit.onlineKeyGenerated(signer.keyId())
                    .append(
                            audit,
                            c,
                            caller.actor(),
                            Map.of("scheme", signer.publicKey().scheme()));
            return null;
        });
        return keyData(signer, "generated");
    }

    private Metadata<Root> trustedRoot(Connection c) throws SQLException {
        return store.currentMetadata(c, Root.TYPE)
                .map(RootSigning::readRoot)
                .orElseThrow(() -> RstufError.precondition("System has not finished bootstrap"));
    }

    // ---- public metadata

    /** A published metadata file by role and version; {@code version} 0 is the current version. */
    public Optional<byte[]> metadata(String role, long version) {
        return db.read(c -> version == 0 ? store.currentMetadataBytes(c, role) : store.metadataBytes(c, role, version));
    }

    /** A target's content in blob storage: its SHA-256, length and how to read it. */
    public record TargetContent(String sha256, long length, Supplier<InputStream> open) {}

    /** TUF's hash-prefixed target name: {@code [<dir>/]<sha256>.<name>}. */
    private static final Pattern TARGET_FILE = Pattern.compile("((?:[^/]+/)*)([0-9a-f]{64})\\.([^/]+)");

    /**
     * The content of {@code [<dir>/]<sha256>.<name>}: only when {@code <dir>/<name>} is a target whose
     * SHA-256 is {@code <sha256>} and Keyport stores that content (an archive, a chart).
     */
    public Optional<TargetContent> targetContent(String hashedPath) {
        Matcher m = TARGET_FILE.matcher(hashedPath);
        if (!m.matches()) {
            return Optional.empty();
        }
        String path = m.group(1) + m.group(3);
        String sha256 = m.group(2);
        Optional<TufStore.ArtifactRow> row = db.read(c -> store.artifact(c, path));
        if (row.isEmpty() || !row.get().action().equals("add")) {
            return Optional.empty();
        }
        JsonNode hashes = tree(row.get().info()).get("hashes");
        if (hashes == null || !sha256.equals(hashes.path("sha256").asText())) {
            return Optional.empty();
        }
        for (Function<String, String> keyOf : contentKeys) {
            String blob = keyOf.apply(sha256);
            Optional<BlobInfo> info = storage.stat(blob);
            if (info.isPresent()) {
                return Optional.of(new TargetContent(sha256, info.get().size(), () -> storage.openReader(blob)));
            }
        }
        return Optional.empty();
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

    /** Signing events also run while a bootstrap waits for root v1's signatures. */
    private static final Set<String> SIGNING_OR_FINISHED = Set.of("signing", "finished");

    private Accepted acceptWhenBootstrapped(Principal caller, String name, String request, AuditOf auditOf) {
        return acceptWhen(Set.of("finished"), caller, name, request, auditOf);
    }

    private Accepted acceptWhen(Set<String> states, Principal caller, String name, String request, AuditOf auditOf) {
        Instant now = Timestamps.now(clock);
        String taskId = newTaskId();
        db.inTransaction(c -> {
            TufStore.Repository repo = store.repository(c);
            if (repo.state() == null || !states.contains(repo.state())) {
                throw RstufError.precondition("System has not finished bootstrap (state "
                        + (repo.state() == null ? "none" : repo.state()) + ")");
            }
            accept(c, taskId, name, request, caller, now);
            auditOf.of(taskId).append(audit, c, caller.actor(), Map.of("task", name));
            return null;
        });
        return new Accepted(taskId, now);
    }

    private void accept(Connection c, String taskId, String name, String request, Principal caller, Instant now)
            throws SQLException {
        long queued = queue.enqueue(c, TufTasks.kind(name), Map.of("task_id", taskId));
        store.insertTask(c, taskId, name, queued, request, callerKey(caller), now);
    }

    private static String callerKey(Principal caller) {
        return caller.actor().realm() + ":" + caller.uid();
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
