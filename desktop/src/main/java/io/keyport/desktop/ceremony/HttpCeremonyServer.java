package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link CeremonyServer} over the console's authenticated {@link Transport}: posts to the RSTUF API and
 * follows the task ({@code GET /api/v1/task}) until it ends, polling every {@code poll}.
 */
public final class HttpCeremonyServer implements CeremonyServer {

    private static final TypeReference<JsonNode> JSON = new TypeReference<>() {};

    private final Transport transport;
    private final Duration timeout;
    private final Duration poll;
    private final Clock clock;

    public HttpCeremonyServer(Transport transport, Duration timeout, Duration poll, Clock clock) {
        this.transport = transport;
        this.timeout = timeout;
        this.poll = poll;
        this.clock = clock;
    }

    @Override
    public String bootstrap(JsonNode payload) {
        return post("/api/v1/bootstrap", payload);
    }

    @Override
    public String updateRoot(JsonNode payload) {
        return post("/api/v1/metadata", payload);
    }

    @Override
    public String sign(JsonNode signature) {
        try {
            return post("/api/v1/metadata/sign", signature);
        } catch (CeremonyException e) {
            if (e.getCause() instanceof BackendException b && b.status() == 404) {
                return NOT_PENDING;
            }
            throw e;
        }
    }

    private String post(String path, JsonNode body) {
        JsonNode accepted;
        try {
            accepted = transport.post(path, body, JSON);
        } catch (BackendException e) {
            throw new CeremonyException("the server refused " + path + " (" + e.status() + "): " + e.getMessage(), e);
        }
        String task = accepted.path("data").path("task_id").asText();
        Instant deadline = clock.instant().plus(timeout);
        while (true) {
            Map<String, String> query = new HashMap<>();
            query.put("task_id", task);
            JsonNode data = transport.get("/api/v1/task", query, JSON).path("data");
            String state = data.path("state").asText();
            if (state.equals("SUCCESS")) {
                return data.path("result").path("message").asText("done");
            }
            if (state.equals("FAILURE") || state.equals("ERRORED") || state.equals("REVOKED")) {
                throw new CeremonyException("the server's task " + task + " ended " + state + ": "
                        + data.path("result")
                                .path("error")
                                .asText(data.path("result").toString()));
            }
            if (clock.instant().isAfter(deadline)) {
                throw new CeremonyException("the server's task " + task + " is still " + state + " after " + timeout
                        + "; look at it with GET /api/v1/task?task_id=" + task);
            }
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CeremonyException("interrupted while waiting for task " + task, e);
            }
        }
    }
}
