package io.keyport.desktop.tuf;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.audit.AuditClient;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Signed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TUF repository as the console reads it: the RSTUF v1 API ({@code /api/v1/bootstrap},
 * {@code /config}, {@code /keys/online}, {@code /task}, {@code /metadata/sign}; docs/tuf.md) and the
 * public metadata files ({@code /tuf/metadata/<name>}), fetched as raw bytes with ETags and kept:
 * versioned files never change, so each is fetched once; {@code timestamp.json} is asked again with
 * {@code If-None-Match}. Every call blocks and throws {@link BackendException} with the server's
 * message; run it through a {@code TaskExecutor}.
 */
public final class TufClient {

    /** The audit actions of TUF tasks (their target is {@code tuf-task:<id>}). */
    static final List<String> TASK_ACTIONS = List.of(
            "tuf.bootstrap",
            "tuf.config.update",
            "tuf.artifacts.add",
            "tuf.artifacts.delete",
            "tuf.artifacts.publish",
            "tuf.metadata.update",
            "tuf.metadata.sign",
            "tuf.metadata.sign.delete",
            "tuf.metadata.online",
            "tuf.delegations.add",
            "tuf.delegations.update",
            "tuf.delegations.delete");

    private static final TypeReference<JsonNode> JSON = new TypeReference<>() {};
    private static final String TASK_TARGET = "tuf-task:";
    private static final String SIGN_PATH = "/api/v1/metadata/sign";

    /** {@code GET /api/v1/bootstrap}: whether a bootstrap was accepted, its state and task. */
    public record BootstrapState(boolean bootstrapped, String state, String taskId) {}

    /**
     * {@code GET /api/v1/keys/online}: the online key the server signs with (the one the published
     * root names, or before the bootstrap the configured one) and the keyids of every online key it
     * holds (a key generated for a rotation is held before a root names it).
     */
    public record OnlineKey(String keyId, Key key, List<String> held) {

        public OnlineKey {
            held = held == null || held.isEmpty() ? List.of(keyId) : List.copyOf(held);
        }
    }

    /** {@code GET /api/v1/task}: a task's RSTUF state and result. */
    public record TaskState(
            String taskId,
            String state,
            String name,
            Boolean status,
            String lastUpdate,
            String message,
            String error,
            JsonNode details) {}

    /** A task the audit log names: its id, when it was accepted, by whom. */
    public record TaskRef(String taskId, Instant accepted, String actor, String action) {}

    /**
     * {@code GET /api/v1/metadata/sign}: the metadata waiting for signatures by role, with the
     * trusted versions the server sends beside them ({@code trusted_root}, {@code trusted_targets}).
     * {@code available} is false when the server has no such endpoint.
     */
    public record Pending(boolean available, Map<String, Metadata<Signed>> metadata, String message) {}

    private record Cached(String etag, byte[] body) {}

    private final Transport transport;
    private final AuditClient audit;
    private final Map<String, Cached> files = new ConcurrentHashMap<>();

    public TufClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
        this.audit = new AuditClient(transport);
    }

    public BootstrapState bootstrapState() {
        JsonNode data = data(transport.get("/api/v1/bootstrap", Map.of(), JSON));
        return new BootstrapState(data.path("bootstrap").asBoolean(false), text(data, "state"), text(data, "id"));
    }

    /** The repository settings: expirations in days, bins, root threshold, online keyid. */
    public JsonNode config() {
        return data(transport.get("/api/v1/config", Map.of(), JSON));
    }

    public OnlineKey onlineKey() {
        JsonNode data = data(transport.get("/api/v1/keys/online", Map.of(), JSON));
        JsonNode key = data.path("key");
        List<String> held = new ArrayList<>();
        data.path("held").forEach(id -> held.add(id.asText()));
        return new OnlineKey(
                text(data, "keyid"),
                Key.of(text(key, "keytype"), text(key, "scheme"), text(key.path("keyval"), "public")),
                held);
    }

    public TaskState task(String taskId) {
        JsonNode data = data(transport.get("/api/v1/task", Map.of("task_id", taskId), JSON));
        JsonNode result = data.path("result");
        return new TaskState(
                text(data, "task_id") == null ? taskId : text(data, "task_id"),
                text(data, "state"),
                text(result, "task"),
                result.path("status").isBoolean() ? result.get("status").asBoolean() : null,
                text(result, "last_update"),
                text(result, "message"),
                text(result, "error"),
                result.path("details").isMissingNode() || result.path("details").isNull()
                        ? null
                        : result.get("details"));
    }

    /**
     * The metadata pending signatures. A server without the endpoint gives {@code available = false};
     * RSTUF's own 404 ("nothing to sign") an empty map.
     */
    public Pending pending() {
        JsonNode data;
        try {
            data = data(transport.get(SIGN_PATH, Map.of(), JSON));
        } catch (BackendException e) {
            if (e.status() == 404) {
                return new Pending(!unrouted(e), Map.of(), e.getMessage());
            }
            throw e;
        }
        Map<String, Metadata<Signed>> metadata = new LinkedHashMap<>();
        data.path("metadata").properties().forEach(e -> {
            if (e.getValue().isObject()) {
                metadata.put(e.getKey(), Metadata.fromBytes(bytes(e.getValue())));
            }
        });
        return new Pending(true, metadata, null);
    }

    /**
     * Whether a 404 says the server has no such route (Keyport's "GET /path not found.", or a
     * server that sent no message) rather than RSTUF's "nothing to sign".
     */
    private static boolean unrouted(BackendException e) {
        String message = e.getMessage();
        return message == null || message.startsWith("HTTP 404") || message.endsWith(SIGN_PATH + " not found.");
    }

    /**
     * The newest TUF tasks the audit log names, newest first (admins only: others get 403). Reads the
     * known TUF actions, then keeps the {@code limit} newest.
     */
    public List<TaskRef> recentTasks(int limit) {
        List<TaskRef> refs = new ArrayList<>();
        for (String action : TASK_ACTIONS) {
            for (AuditEntry e : audit.newestFirst(
                            new AuditFilter(null, action, null, null, null), Long.MAX_VALUE, limit)
                    .entries()) {
                if (e.target() != null && e.target().startsWith(TASK_TARGET)) {
                    refs.add(new TaskRef(e.target().substring(TASK_TARGET.length()), e.time(), e.actor(), e.action()));
                }
            }
        }
        return refs.stream()
                .sorted(Comparator.comparing(TaskRef::accepted).reversed())
                .limit(limit)
                .toList();
    }

    /**
     * A published metadata file, or empty when the server has none (404). Versioned files are
     * fetched once; {@code timestamp.json} is revalidated with its ETag on every call.
     */
    public Optional<byte[]> metadata(String name) {
        Cached cached = files.get(name);
        boolean immutable = !name.equals("timestamp.json");
        if (cached != null && immutable) {
            return Optional.of(cached.body());
        }
        Transport.Fetched fetched;
        try {
            fetched = transport.fetch("/tuf/metadata/" + name, cached == null ? null : cached.etag());
        } catch (BackendException e) {
            if (e.status() == 404) {
                files.remove(name);
                return Optional.empty();
            }
            throw e;
        }
        if (fetched.notModified() && cached != null) {
            return Optional.of(cached.body());
        }
        files.put(name, new Cached(fetched.etag(), fetched.body()));
        return Optional.of(fetched.body());
    }

    /** How many metadata files are kept (for tests of the cache). */
    int cachedFiles() {
        return files.size();
    }

    private static JsonNode data(JsonNode body) {
        return body == null ? Json.mapper().createObjectNode() : body.path("data");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.asText() : null;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return Json.mapper().writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
