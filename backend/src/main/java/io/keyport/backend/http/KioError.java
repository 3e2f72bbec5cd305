package io.keyport.backend.http;

import io.helidon.http.Status;
import io.keyport.model.common.ApiError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of the STUPS-style APIs (Kio and Keyport's own): body {@code {"message", "details"}},
 * except Kio's 404 for a missing application or version, which is {@code {}}.
 */
public enum KioError implements ErrorCode {
    BAD_REQUEST(Status.BAD_REQUEST_400, "Bad Request"),
    UNAUTHORIZED(Status.UNAUTHORIZED_401, "Unauthorized"),
    FORBIDDEN(Status.FORBIDDEN_403, "Forbidden"),
    NOT_FOUND(Status.NOT_FOUND_404, "Not Found"),
    /** Kio's answer for a missing application or version: an empty object. */
    NOT_FOUND_EMPTY(Status.NOT_FOUND_404, ""),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED_405, "Method Not Allowed"),
    CONFLICT(Status.CONFLICT_409, "Conflict"),
    PAYLOAD_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE_415, "Unsupported Media Type"),
    TOO_MANY_REQUESTS(Status.TOO_MANY_REQUESTS_429, "Too Many Requests"),
    INTERNAL_ERROR(Status.INTERNAL_SERVER_ERROR_500, "Internal server error"),
    SERVICE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE_503, "Service Unavailable");

    /** The challenge of a 401: bearer tokens and Basic credentials are both accepted. */
    static final String CHALLENGE = "Bearer realm=\"keyport\", Basic realm=\"keyport\"";

    /** The STUPS family. */
    public static final ErrorFamily FAMILY = new ErrorFamily() {
        @Override
        public Object body(ApiException e) {
            if (e.code() == NOT_FOUND_EMPTY) {
                return Map.of();
            }
            return new ApiError(e.message(), e.details());
        }

        @Override
        public Map<String, String> headers(ApiException e) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (e.code() == UNAUTHORIZED) {
                headers.put("WWW-Authenticate", CHALLENGE);
            }
            return headers;
        }

        @Override
        public ApiException generic(Status status, String message, Object details) {
            return new ApiException(forStatus(status), message, details);
        }
    };

    private final Status status;
    private final String message;

    KioError(Status status, String message) {
        this.status = status;
        this.message = message;
    }

    @Override
    public Status status() {
        return status;
    }

    @Override
    public String message() {
        return message;
    }

    @Override
    public ErrorFamily family() {
        return FAMILY;
    }

    /** The code of a status; a status without its own code is rendered as the nearest class. */
    static ErrorCode forStatus(Status status) {
        return ErrorCode.forStatus(values(), NOT_FOUND_EMPTY, status, FAMILY);
    }
}
