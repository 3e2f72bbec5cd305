package io.keyport.backend.appstore.service;

import io.helidon.http.Status;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ErrorCode;
import io.keyport.backend.http.ErrorFamily;
import io.keyport.backend.http.ErrorFieldFamily;

/**
 * The errors of the App Store and its chart repository, rendered by {@link ErrorFieldFamily} (body
 * {@code {"error": "<message>"}}, the shape of the original App Store backend and of ChartMuseum,
 * whose upload API Keyport's follows). The route groups registered for it ({@link #PREFIXES})
 * answer in it also for failures without a code of their own.
 */
public enum AppStoreError implements ErrorCode {
    BAD_REQUEST(Status.BAD_REQUEST_400, "Bad Request"),
    UNAUTHORIZED(Status.UNAUTHORIZED_401, "Unauthorized"),
    FORBIDDEN(Status.FORBIDDEN_403, "Forbidden"),
    NOT_FOUND(Status.NOT_FOUND_404, "Not Found"),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED_405, "Method Not Allowed"),
    CONFLICT(Status.CONFLICT_409, "Conflict"),
    PAYLOAD_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE_413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE(Status.UNSUPPORTED_MEDIA_TYPE_415, "Unsupported Media Type"),
    TOO_MANY_REQUESTS(Status.TOO_MANY_REQUESTS_429, "Too Many Requests"),
    INTERNAL_ERROR(Status.INTERNAL_SERVER_ERROR_500, "Internal server error"),
    SERVICE_UNAVAILABLE(Status.SERVICE_UNAVAILABLE_503, "Service Unavailable");

    /** The route groups of the App Store; releases ({@code /releases}) join when they are built. */
    public static final java.util.List<String> PREFIXES =
            java.util.List.of("/api/charts", "/charts/", "/packages", "/namespaces");

    /** The family these codes render in, shared with the archives (decision 0045). */
    public static final ErrorFamily FAMILY = ErrorFieldFamily.FAMILY;

    private final Status status;
    private final String message;

    AppStoreError(Status status, String message) {
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

    /** This error with {@code message}. */
    public ApiException with(String message) {
        return new ApiException(this, message);
    }
}
