package io.keyport.backend.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.keyport.model.common.ApiError;
import io.keyport.model.common.Json;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Answers the requests that Helidon refuses before routing (a malformed request line or header,
 * bad percent-encoding, a URI or headers over the limits, an unsupported HTTP version) with the
 * same JSON error shape as every other error, {@code {"message": ...}}, instead of an empty body.
 *
 * <p>The message is the status' reason phrase, never Helidon's own text, which may echo parts of
 * the offending request. Status, connection handling and the headers Helidon prepared are kept.
 */
public final class JsonDirectHandler implements DirectHandler {

    private static final Logger LOG = Logger.getLogger(JsonDirectHandler.class.getName());

    private JsonDirectHandler() {}

    /** This handler for every event type, for {@code WebServer.builder().directHandlers(...)}. */
    public static DirectHandlers handlers() {
        JsonDirectHandler handler = new JsonDirectHandler();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(
            TransportRequest request,
            EventType eventType,
            Status status,
            ServerResponseHeaders headers,
            String message) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("Refused before routing: " + status.code() + " " + eventType + " " + request.method() + " "
                    + request.path());
        }
        byte[] body;
        try {
            body = Json.mapper().writeValueAsBytes(new ApiError(reason(status), null));
        } catch (JsonProcessingException e) {
            body = "{\"message\":\"Bad request\"}".getBytes(StandardCharsets.UTF_8);
        }
        // Outside routing, Helidon reports a request it could not read to its end (a client that
        // closed the connection inside the headers, for one) as an internal error: it is the client's.
        Status answered = eventType == EventType.INTERNAL_ERROR ? Status.BAD_REQUEST_400 : status;
        if (answered != status) {
            try {
                body = Json.mapper().writeValueAsBytes(new ApiError("The request could not be read", null));
            } catch (JsonProcessingException e) {
                body = "{\"message\":\"Bad request\"}".getBytes(StandardCharsets.UTF_8);
            }
        }
        headers.set(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        return TransportResponse.builder()
                .status(answered)
                .headers(headers)
                .keepAlive(eventType.keepAlive())
                .entity(body)
                .build();
    }

    private static String reason(Status status) {
        String reason = status.reasonPhrase();
        return reason == null || reason.isBlank() ? "HTTP " + status.code() : reason;
    }
}
