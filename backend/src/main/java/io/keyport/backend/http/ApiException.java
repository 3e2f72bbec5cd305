package io.keyport.backend.http;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that answers the client with a 4xx (or a deliberate 5xx): an {@link ErrorCode} of the
 * API's family, an optional message replacing the code's default, optional details, and headers of
 * its own ({@code Retry-After}, {@code Allow}). Services throw it; handlers never catch it;
 * {@link ErrorMapper} writes it with the code's {@link ErrorFamily}, which alone knows the wire
 * shape and the authentication challenge.
 */
public class ApiException extends RuntimeException {

    private final transient ErrorCode code;
    private final String message;
    private final transient Object details;
    private final transient Map<String, String> headers;

    /** With the code's default message. */
    public ApiException(ErrorCode code) {
        this(code, null, null, Map.of());
    }

    /** {@code detail} is the message shown instead of the code's default. */
    public ApiException(ErrorCode code, String detail) {
        this(code, detail, null, Map.of());
    }

    public ApiException(ErrorCode code, String detail, Object details) {
        this(code, detail, details, Map.of());
    }

    public ApiException(ErrorCode code, String detail, Object details, Map<String, String> headers) {
        super(code.status().code() + " " + (detail != null ? detail : code.message()));
        this.code = code;
        this.message = detail;
        this.details = details;
        this.headers = Map.copyOf(headers);
    }

    /** A STUPS-style error {@code {"message", "details"}} of any status. */
    public static ApiException of(Status status, String message, Object details) {
        return KioError.FAMILY.generic(status, message, details);
    }

    public ErrorCode code() {
        return code;
    }

    public Status status() {
        return code.status();
    }

    /** The message shown to the client: the one given, else the code's default. */
    public String message() {
        return message != null ? message : code.message();
    }

    public Object details() {
        return details;
    }

    /** The wire body, as the code's family renders it. */
    public Object body() {
        return code.family().body(this);
    }

    /** Every header of the answer: the family's (a challenge) and the exception's own. */
    public Map<String, String> headers() {
        Map<String, String> all = new LinkedHashMap<>(code.family().headers(this));
        all.putAll(headers);
        return all;
    }

    /** The same failure with one more header. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        ApiException copy = new ApiException(code, message, details, more);
        copy.setStackTrace(getStackTrace());
        return copy;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(KioError.BAD_REQUEST, message);
    }

    public static ApiException badRequest(String message, Object details) {
        return new ApiException(KioError.BAD_REQUEST, message, details);
    }

    /** 401 with the family's challenge (bearer tokens and Basic credentials). */
    public static ApiException unauthorized(String details) {
        return new ApiException(KioError.UNAUTHORIZED, null, details);
    }

    public static ApiException forbidden(String details) {
        return new ApiException(KioError.FORBIDDEN, null, details);
    }

    public static ApiException notFound(String message) {
        return new ApiException(KioError.NOT_FOUND, message);
    }

    /** Kio's 404 for a missing application or version: an empty JSON object. */
    public static ApiException notFoundEmpty() {
        return new ApiException(KioError.NOT_FOUND_EMPTY);
    }

    public static ApiException conflict(String message) {
        return new ApiException(KioError.CONFLICT, message);
    }

    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(
                KioError.TOO_MANY_REQUESTS,
                message,
                Map.of("retry_after", retryAfterSeconds),
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
