package io.keyport.backend.identity.service;

import io.helidon.http.Status;
import io.keyport.backend.http.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Errors of the token endpoints in the RFC 6749 section 5.2 shape {@code {"error", "error_description"}}. */
public final class OAuthErrors {

    private OAuthErrors() {
    }

    public static ApiException of(Status status, String error, String description) {
        return of(status, error, description, Map.of());
    }

    public static ApiException of(Status status, String error, String description, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new ApiException(status, body, headers);
    }

    public static ApiException invalidRequest(String description) {
        return of(Status.BAD_REQUEST_400, "invalid_request", description);
    }

    public static ApiException invalidGrant(String description) {
        return of(Status.BAD_REQUEST_400, "invalid_grant", description);
    }

    public static ApiException invalidClient(String description) {
        return of(Status.UNAUTHORIZED_401, "invalid_client", description,
                Map.of("WWW-Authenticate", "Basic realm=\"keyport\""));
    }

    public static ApiException invalidScope(String description) {
        return of(Status.BAD_REQUEST_400, "invalid_scope", description);
    }

    public static ApiException slowDown(long retryAfterSeconds) {
        return of(Status.TOO_MANY_REQUESTS_429, "slow_down",
                "Too many failed logins; retry in " + retryAfterSeconds + " s",
                Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
