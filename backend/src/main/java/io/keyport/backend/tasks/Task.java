package io.keyport.backend.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.common.Json;
import java.time.Instant;

/**
 * One row of {@code tasks}, as read. {@code payload} is the JSON text given at enqueue time;
 * {@code attempts} counts the runs started so far, this one included while it is running, so
 * {@code (id, leaseOwner, attempts)} names one run of the task.
 */
public record Task(
        long id,
        String kind,
        String payload,
        TaskState state,
        int attempts,
        int maxAttempts,
        Instant nextRunAt,
        String leaseOwner,
        Instant leaseExpiresAt,
        Instant created,
        Instant updated,
        String lastError) {

    /** The payload bound to {@code type} with the project's JSON mapper. */
    public <T> T payload(Class<T> type) {
        try {
            return Json.mapper().readValue(payload, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "payload of task " + id + " is not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The payload as a JSON tree. */
    public JsonNode payloadJson() {
        return payload(JsonNode.class);
    }
}
