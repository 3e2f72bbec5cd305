package io.keyport.backend.tasks;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a task is in its life: {@code pending -> running -> succeeded}, or after a failed attempt
 * {@code running -> retrying -> running ...}, ending in {@code failed} once its attempts are used up
 * (an admin may send a failed task back to {@code pending}). The database stores the lower-case name.
 */
public enum TaskState {
    PENDING,
    RUNNING,
    RETRYING,
    SUCCEEDED,
    FAILED;

    /** The name stored in {@code tasks.state} and shown by the API. */
    public String db() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a stored or requested name; empty when there is none of that name. */
    public static Optional<TaskState> parse(String name) {
        for (TaskState state : values()) {
            if (state.db().equals(name)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }
}
