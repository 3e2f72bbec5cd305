package io.keyport.backend.tasks.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The handler of each task kind, filled while the server is wired and read by the workers. A kind
 * without a handler fails its tasks with an error naming the kind (a replica running an older
 * build, or a kind whose module was removed); an admin can retry them later.
 */
public final class TaskHandlers {

    private final Map<String, TaskHandler> byKind = new ConcurrentHashMap<>();

    /** Registers the handler of {@code kind}; a kind registered twice is a wiring error. */
    public TaskHandlers register(String kind, TaskHandler handler) {
        TaskQueue.validateKind(kind);
        if (byKind.putIfAbsent(kind, handler) != null) {
            throw new IllegalStateException("a handler for task kind " + kind + " is already registered");
        }
        return this;
    }

    public Optional<TaskHandler> find(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
