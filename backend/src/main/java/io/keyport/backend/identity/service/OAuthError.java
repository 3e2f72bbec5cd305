package io.keyport.backend.identity.service;

import io.helidon.http.Status;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ErrorCode;
import io.keyport.backend.http.ErrorFamily;
import io.keyport.backend.http.KioError;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of the token endpoints (RFC 6749 section 5.2): body {@code {"error", "error_description"}};
 * a failed client authentication is 401 with a Basic challenge (section 5.2, {@code invalid_client}).
 */
public enum OAuthError implements ErrorCode {
    INVALID_REQUEST(Status.BAD_REQUEST_400, "invalid_request"),
    INVALID_CLIENT(Status.UNAUTHORIZED_401, "invalid_client"),
    INVALID_GRANT(Status.BAD_REQUEST_400, "invalid_grant"),
    INVALID_SCOPE(Status.BAD_REQUEST_400, "invalid_scope"),
    UNSUPPORTED_GRANT_TYPE(Status.BAD_REQUEST_400, "unsupported_grant_type"),
    /** planb's tokeninfo answer for a token that is not valid. */
    INVALID_TOKEN(Status.BAD_REQUEST_400, "invalid_token"),
    /** Too many failed logins; the exception carries {@code Retry-After}. */
    SLOW_DOWN(Status.TOO_MANY_REQUESTS_429, "slow_down");

    /** The RFC 6749 family. Failures without an OAuth code keep the STUPS shape, as they always had. */
    public static final ErrorFamily FAMILY = new ErrorFamily() {
        @Override
        public Object body(ApiException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.code().message());
            body.put("error_description", e.details());
            return body;
        }

        @Override
        public Map<String, String> headers(ApiException e) {
            return e.code() == INVALID_CLIENT ? Map.of("WWW-Authenticate", "Basic realm=\"keyport\"") : Map.of();
        }

        @Override
        public ApiException generic(Status status, String message, Object details) {
            return KioError.FAMILY.generic(status, message, details);
        }
    };

    private final Status status;
    private final String error;

    OAuthError(Status status, String error) {
        this.status = status;
        this.error = error;
    }

    @Override
    public Status status() {
        return status;
    }

    /** The RFC 6749 {@code error} value. */
    @Override
    public String message() {
        return error;
    }

    @Override
    public ErrorFamily family() {
        return FAMILY;
    }

    /** This error with its {@code error_description}. */
    public ApiException with(String description) {
        return new ApiException(this, null, description);
    }

    /** {@code slow_down} with {@code Retry-After}. */
    public static ApiException slowDown(long retryAfterSeconds) {
        return new ApiException(
                SLOW_DOWN,
                null,
                "Too many failed logins; retry in " + retryAfterSeconds + " s",
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
