package io.keyport.backend.registry.service;

import io.helidon.http.Status;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ErrorCode;
import io.keyport.backend.http.ErrorFamily;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI distribution error family (spec section "Error Codes"): body
 * {@code {"errors":[{"code","message","detail"}]}}, one of the spec's codes, the HTTP status
 * distribution uses for it. Every answer under {@code /v2/} is in this family, including failures
 * without a code of their own ({@link #FAMILY}'s {@code generic}). A 401 carries the challenge the
 * exception was given ({@code WWW-Authenticate}, built from the request's host); every error carries
 * {@code Docker-Distribution-API-Version}.
 */
public enum OciError implements ErrorCode {
    BLOB_UNKNOWN(Status.NOT_FOUND_404, "blob unknown to registry"),
    BLOB_UPLOAD_INVALID(Status.BAD_REQUEST_400, "blob upload invalid"),
    BLOB_UPLOAD_UNKNOWN(Status.NOT_FOUND_404, "blob upload unknown to registry"),
    DIGEST_INVALID(Status.BAD_REQUEST_400, "provided digest did not match uploaded content"),
    MANIFEST_BLOB_UNKNOWN(Status.BAD_REQUEST_400, "manifest references a manifest or blob unknown to registry"),
    MANIFEST_INVALID(Status.BAD_REQUEST_400, "manifest invalid"),
    MANIFEST_UNKNOWN(Status.NOT_FOUND_404, "manifest unknown to registry"),
    MANIFEST_TOO_LARGE(Status.REQUEST_ENTITY_TOO_LARGE_413, "manifest too large", "SIZE_INVALID"),
    NAME_INVALID(Status.BAD_REQUEST_400, "invalid repository name"),
    NAME_UNKNOWN(Status.NOT_FOUND_404, "repository name not known to registry"),
    SIZE_INVALID(Status.BAD_REQUEST_400, "provided length did not match content length"),
    UNAUTHORIZED(Status.UNAUTHORIZED_401, "authentication required"),
    DENIED(Status.FORBIDDEN_403, "requested access to the resource is denied"),
    UNSUPPORTED(Status.METHOD_NOT_ALLOWED_405, "the operation is unsupported"),
    TOOMANYREQUESTS(Status.TOO_MANY_REQUESTS_429, "too many requests"),
    /** Pier One's immutable-tag refusal: 409 "tag already exists" with {@code {"Tag": name}}. */
    TAG_INVALID(Status.CONFLICT_409, "tag already exists"),
    /** A Keyport registry setting (tag patterns, a takedown's body) that cannot be used; a generic 400 of the family. */
    INVALID_SETTING(Status.BAD_REQUEST_400, "invalid request", "UNSUPPORTED"),
    /** A takedown of a manifest that something still points at (a Kio version, an index). */
    MANIFEST_IN_USE(Status.CONFLICT_409, "manifest in use", "DENIED"),
    RANGE_INVALID(Status.REQUESTED_RANGE_NOT_SATISFIABLE_416, "invalid content range", "BLOB_UPLOAD_INVALID"),
    PAGINATION_NUMBER_INVALID(Status.BAD_REQUEST_400, "invalid number of results requested"),
    UNKNOWN(Status.INTERNAL_SERVER_ERROR_500, "unknown error"),
    UNAVAILABLE(Status.SERVICE_UNAVAILABLE_503, "service unavailable");

    /** Sent with every answer under {@code /v2/}; without it on a 401, Docker falls back to v1. */
    public static final String API_VERSION_HEADER = "Docker-Distribution-API-Version";

    public static final String API_VERSION = "registry/2.0";

    /** The OCI family. */
    public static final ErrorFamily FAMILY = new ErrorFamily() {
        @Override
        public Object body(ApiException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", wireCode(e.code()));
            error.put("message", e.message());
            error.put("detail", e.details() == null ? Map.of() : e.details());
            return Map.of("errors", List.of(error));
        }

        @Override
        public Map<String, String> headers(ApiException e) {
            return Map.of(API_VERSION_HEADER, API_VERSION);
        }

        @Override
        public ApiException generic(Status status, String message, Object details) {
            return new ApiException(forStatus(status), message, details);
        }
    };

    private final Status status;
    private final String message;
    private final String wireCode;

    OciError(Status status, String message) {
        this(status, message, null);
    }

    OciError(Status status, String message, String wireCode) {
        this.status = status;
        this.message = message;
        this.wireCode = wireCode == null ? name() : wireCode;
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

    /** The code sent on the wire (a few codes share one of the spec's names). */
    public String wireCode() {
        return wireCode;
    }

    /** This code's exception with {@code message} and {@code detail}. */
    public ApiException with(String message, Object detail) {
        return new ApiException(this, message, detail);
    }

    public ApiException with(String message) {
        return new ApiException(this, message, null);
    }

    private static String wireCode(ErrorCode code) {
        if (code instanceof OciError oci) {
            return oci.wireCode;
        }
        if (code instanceof Other other) {
            return other.wireCode();
        }
        return wireCode(forStatus(code.status()));
    }

    /** The code for a failure with only a status (a request Helidon refused, a database conflict). */
    static ErrorCode forStatus(Status status) {
        switch (status.code()) {
            case 400:
                return new Other(status, "UNSUPPORTED");
            case 401:
                return UNAUTHORIZED;
            case 403:
                return DENIED;
            case 404:
                return new Other(status, "NAME_UNKNOWN");
            case 405:
                return UNSUPPORTED;
            case 409:
                return new Other(status, "DENIED");
            case 413:
                return new Other(status, "SIZE_INVALID");
            case 429:
                return TOOMANYREQUESTS;
            case 503:
                return UNAVAILABLE;
            default:
                return new Other(status, status.code() >= 500 ? "UNKNOWN" : "UNSUPPORTED");
        }
    }

    /** A status without a named code of its own, with the spec code it is reported as. */
    private record Other(Status status, String wireCode) implements ErrorCode {
        @Override
        public String message() {
            return status.reasonPhrase();
        }

        @Override
        public ErrorFamily family() {
            return FAMILY;
        }
    }
}
