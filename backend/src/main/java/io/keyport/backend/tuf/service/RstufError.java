package io.keyport.backend.tuf.service;

import io.helidon.http.Status;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ErrorCode;
import io.keyport.backend.http.ErrorFamily;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of the RSTUF API ({@code /api/v1/bootstrap}, {@code /config}, {@code /artifacts},
 * {@code /metadata}, {@code /delegations}, {@code /task}): FastAPI's body
 * {@code {"detail": {"message": ..., "error": ...}}}. As RSTUF does, a failed precondition (not
 * bootstrapped, already bootstrapped) is a 404 and an invalid payload a 422.
 */
public enum RstufError implements ErrorCode {
    BAD_REQUEST(Status.BAD_REQUEST_400, "Bad Request"),
    UNAUTHORIZED(Status.UNAUTHORIZED_401, "Unauthorized"),
    FORBIDDEN(Status.FORBIDDEN_403, "Forbidden"),
    /** RSTUF's answer to a failed precondition: not bootstrapped, bootstrap locked. */
    PRECONDITION(Status.NOT_FOUND_404, "Not Found"),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED_405, "Method Not Allowed"),
    PAYLOAD_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE_415, "Unsupported Media Type"),
    /** An invalid payload (FastAPI's validation status). */
    INVALID(Status.create(422, "Unprocessable Entity"), "Unprocessable Entity"),
    TOO_MANY_REQUESTS(Status.TOO_MANY_REQUESTS_429, "Too Many Requests"),
    INTERNAL_ERROR(Status.INTERNAL_SERVER_ERROR_500, "Internal server error"),
    SERVICE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE_503, "Service Unavailable");

    /** The challenge of a 401, as every Keyport API sends it. */
    private static final String CHALLENGE = "Bearer realm=\"keyport\", Basic realm=\"keyport\"";

    /** The RSTUF family. */
    public static final ErrorFamily FAMILY = new ErrorFamily() {
        @Override
        public Object body(ApiException e) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("message", e.message());
            detail.put("error", e.details() != null ? e.details() : e.code().message());
            return Map.of("detail", detail);
        }

        @Override
        public Map<String, String> headers(ApiException e) {
            return e.status().code() == 401 ? Map.of("WWW-Authenticate", CHALLENGE) : Map.of();
        }

        @Override
        public ApiException generic(Status status, String message, Object details) {
            return new ApiException(forStatus(status), message, details);
        }
    };

    private final Status status;
    private final String message;

    RstufError(Status status, String message) {
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

    public static ApiException invalid(String message) {
        return new ApiException(INVALID, message);
    }

    public static ApiException precondition(String message) {
        return new ApiException(PRECONDITION, message);
    }

    static ErrorCode forStatus(Status status) {
        return ErrorCode.forStatus(status, FAMILY, java.util.List.of(values()));
    }
}
