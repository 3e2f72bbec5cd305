package io.keyport.backend.tasks.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.keyport.backend.db.Database;
import io.keyport.backend.tasks.store.TaskStore;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Enqueues tasks inside the caller's transaction (the outbox pattern): the task row commits or
 * rolls back with the change that caused it, so a committed change never lacks its reaction and a
 * rolled-back one never has one.
 *
 * <pre>
 * db.inTransaction(c -&gt; {
 *     versions.markApproved(c, ...);
 *     tasks.enqueue(c, "version.approved", event);   // same transaction
 *     return null;
 * });
 * </pre>
 *
 * After the commit, this process's idle workers are woken; other replicas find the task at their
 * next poll. Payloads are JSON and must never carry secrets: admins can read them.
 */
public final class TaskQueue {

    /** Task kinds: lower-case words separated by dots, dashes or underscores, e.g. {@code version.approved}. */
    public static final Pattern KIND = Pattern.compile("^[a-z][a-z0-9]*([._-][a-z0-9]+)*$");
    /** The longest payload, in characters of JSON. */
    public static final int MAX_PAYLOAD = 1 << 20;

    private final Database db;
    private final TaskStore store;
    private final TaskSignal signal;
    private final Clock clock;
    private final int defaultMaxAttempts;

    /** The queue over its own store, as the platform builds it. */
    public static TaskQueue open(Database db, TaskSignal signal, Clock clock, TasksConfig settings) {
        return new TaskQueue(db, new TaskStore(), signal, clock, settings);
    }

    public TaskQueue(Database db, TaskStore store, TaskSignal signal, Clock clock, TasksConfig settings) {
        this.db = db;
        this.store = store;
        this.signal = signal;
        this.clock = clock;
        this.defaultMaxAttempts = settings.maxAttempts();
    }

    /** Enqueues a task due now with the default number of attempts; returns its id. */
    public long enqueue(Connection c, String kind, Object payload) throws SQLException {
        return enqueue(c, kind, payload, defaultMaxAttempts);
    }

    /**
     * Enqueues a task due now in the transaction of {@code c}; returns its id. {@code payload} is
     * any JSON-mappable value. An invalid kind, a payload that cannot be mapped or one over
     * {@link #MAX_PAYLOAD} characters is a programming error ({@link IllegalArgumentException}).
     */
    public long enqueue(Connection c, String kind, Object payload, int maxAttempts) throws SQLException {
        validateKind(kind);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        String json;
        try {
            json = Json.mapper().writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the payload of a " + kind + " task is not JSON-mappable", e);
        }
        if (json.length() > MAX_PAYLOAD) {
            throw new IllegalArgumentException(
                    "the payload of a " + kind + " task exceeds " + MAX_PAYLOAD + " characters");
        }
        java.time.Instant now = Timestamps.now(clock);
        long id = store.insert(c, kind, json, maxAttempts, now, now);
        db.afterCommit(c, signal::wake);
        return id;
    }

    /** A task as stored (its state, attempts, last error), read in the transaction or connection {@code c}. */
    public java.util.Optional<io.keyport.backend.tasks.Task> find(Connection c, long id) throws SQLException {
        return store.find(c, id);
    }

    static void validateKind(String kind) {
        if (kind == null || kind.length() > 128 || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("invalid task kind " + kind + "; it must match " + KIND.pattern());
        }
    }
}
