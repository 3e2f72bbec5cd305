package io.keyport.backend.archives.service;

import io.helidon.http.Status;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ErrorCode;
import io.keyport.backend.http.ErrorFamily;
import io.keyport.backend.http.ErrorFieldFamily;

/**
 * The errors of the archive API, rendered by {@link ErrorFieldFamily} (the shape kploy's registry
 * shares with the App Store): {@code {"error": "<message>"}}, with {@code "details"} when there are any. kploy itself answered
 * its 404s with an empty body and everything unexpected with Tornado's HTML page; Keyport answers
 * every failure as JSON in this shape.
 */
public enum ArchivesError implements ErrorCode {
    BAD_REQUEST(Status.BAD_REQUEST_400, "Bad request"),
    UNAUTHORIZED(Status.UNAUTHORIZED_401, "Authentication required"),
    FORBIDDEN(Status.FORBIDDEN_403, "Forbidden"),
    NOT_FOUND(Status.NOT_FOUND_404, "No such app archive"),
    METHOD_NOT_ALLOWED(Status.METHOD_NOT_ALLOWED_405, "Method not allowed"),
    PAYLOAD_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE_413, "App archive too large"),
    RANGE_NOT_SATISFIABLE(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416, "Range not satisfiable"),
    /** A well-formed zip that is not a kploy app archive (no Kployfile, or one that is not a YAML mapping). */
    NOT_AN_APP_ARCHIVE(Status.UNPROCESSABLE_CONTENT_422, "Not a kploy app archive");

    private final Status status;
    private final String message;

    ArchivesError(Status status, String message) {
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
        return ErrorFieldFamily.FAMILY;
    }

    public ApiException with(String detail) {
        return new ApiException(this, detail);
    }

    public ApiException with(String detail, Object details) {
        return new ApiException(this, detail, details);
    }
}
