package io.keyport.backend.http;

import io.helidon.http.Status;
import io.keyport.model.common.ApiError;
import java.util.Map;

/**
 * A failure that answers the client with a 4xx (or a deliberate 5xx) and a JSON body. Services
 * throw it; handlers never catch it; {@link ErrorMapper} writes it. The body is the STUPS error
 * shape {@code {"message", "details"}} unless an API needs another ({@code {}} for Kio's 404s,
 * RFC 6749 errors on the token endpoint).
 */
public class ApiException extends RuntimeException {

    private final Status status;
    private final transient Object body;
    private final transient Map<String, String> headers;

    public ApiException(Status status, Object body, Map<String, String> headers) {
        super(describe(status, body));
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** A STUPS-style error {@code {"message", "details"}}. */
    public static ApiException of(Status status, String message, Object details) {
        return new ApiException(status, new ApiError(message, details), Map.of());
    }

    public Status status() {
        return status;
    }

    public Object body() {
        return body;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException badRequest(String message) {
        return of(Status.BAD_REQUEST_400, message, null);
    }

    public static ApiException badRequest(String message, Object details) {
        return of(Status.BAD_REQUEST_400, message, details);
    }

    /** 401 with a challenge for both bearer tokens and Basic credentials. */
    public static ApiException unauthorized(String details) {
        return new ApiException(Status.UNAUTHORIZED_401, new ApiError("Unauthorized", details),
                Map.of("WWW-Authenticate", "Bearer realm=\"keyport\", Basic realm=\"keyport\""));
    }

    public static ApiException forbidden(String details) {
        return of(Status.FORBIDDEN_403, "Forbidden", details);
    }

    public static ApiException notFound(String message) {
        return of(Status.NOT_FOUND_404, message, null);
    }

    /** Kio's 404 for a missing application or version: an empty JSON object. */
    public static ApiException notFoundEmpty() {
        return new ApiException(Status.NOT_FOUND_404, Map.of(), Map.of());
    }

    public static ApiException conflict(String message) {
        return of(Status.CONFLICT_409, message, null);
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(Status.TOO_MANY_REQUESTS_429, new ApiError(message, Map.of("retry_after", retryAfterSeconds)),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    private static String describe(Status status, Object body) {
        return status.code() + " " + (body instanceof ApiError e ? e.message() : String.valueOf(body));
    }
}
