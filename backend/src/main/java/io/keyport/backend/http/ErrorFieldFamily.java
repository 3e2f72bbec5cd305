package io.keyport.backend.http;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The error family whose body is {@code {"error": "<message>"}}, with {@code "details"} when there
 * are any: the shape of kploy's application registry, of the original App Store backend and of
 * ChartMuseum, whose APIs Keyport's archives and App Store follow. One family for all of them
 * (decision 0045): their codes ({@code ArchivesError}, {@code AppStoreError}) keep their own default
 * messages and render here. A 401 carries the same challenge as every Keyport API.
 */
public final class ErrorFieldFamily implements ErrorFamily {

    /** The one instance; route groups of the archives and the App Store register it. */
    public static final ErrorFieldFamily FAMILY = new ErrorFieldFamily();

    private static final Map<String, String> CHALLENGE =
            Map.of("WWW-Authenticate", "Bearer realm=\"keyport\", Basic realm=\"keyport\"");

    private ErrorFieldFamily() {}

    @Override
    public Object body(ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.message());
        if (e.details() != null) {
            body.put("details", e.details());
        }
        return body;
    }

    @Override
    public Map<String, String> headers(ApiException e) {
        return e.status().code() == 401 ? CHALLENGE : Map.of();
    }

    /** A failure without a code of its own: an unnamed code of its status, with the message given. */
    @Override
    public ApiException generic(Status status, String message, Object details) {
        return new ApiException(ErrorCode.forStatus(status, this, List.of()), message, details);
    }
}
