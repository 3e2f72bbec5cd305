package io.keyport.backend.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.Optional;
import java.util.Set;

/**
 * Cross-origin access for browser front ends (Kio answered CORS on every response). Only the
 * configured origins ({@code KEYPORT_CORS_ORIGINS}, or {@code *}) get
 * {@code Access-Control-Allow-Origin}; a preflight from them is answered 204 here without reaching
 * a route, a preflight from any other origin 403. Credentials travel as bearer tokens, never
 * cookies, so no {@code Allow-Credentials}. Without configured origins the filter is not installed.
 */
public final class CorsFilter implements Filter {

    private static final HeaderName REQUEST_METHOD = HeaderNames.create("Access-Control-Request-Method");
    private static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    private static final String ALLOWED_HEADERS = "Authorization, Content-Type, Accept";
    private static final String EXPOSED_HEADERS = "Location, Retry-After, WWW-Authenticate";

    private final Set<String> origins;
    private final boolean any;

    /** {@code origins}: exact origins such as {@code https://ui.example.org}, or {@code *} for any. */
    public CorsFilter(Set<String> origins) {
        this.origins = Set.copyOf(origins);
        this.any = origins.contains("*");
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        boolean allowed = any || origins.contains(origin.get());
        boolean preflight =
                req.prologue().method().equals(Method.OPTIONS) && req.headers().contains(REQUEST_METHOD);
        if (preflight) {
            RequestInfo.of(req).route("OPTIONS (CORS preflight)");
            if (!allowed) {
                throw ApiException.of(Status.FORBIDDEN_403, "Origin not allowed", origin.get());
            }
            allowOrigin(res, origin.get());
            res.header(HeaderNames.create("Access-Control-Allow-Methods"), ALLOWED_METHODS);
            res.header(HeaderNames.create("Access-Control-Allow-Headers"), ALLOWED_HEADERS);
            res.header(HeaderNames.create("Access-Control-Max-Age"), "600");
            res.status(Status.NO_CONTENT_204);
            res.send();
            return;
        }
        if (allowed) {
            allowOrigin(res, origin.get());
            res.header(HeaderNames.create("Access-Control-Expose-Headers"), EXPOSED_HEADERS);
        }
        chain.proceed();
    }

    private void allowOrigin(RoutingResponse res, String origin) {
        res.header(HeaderNames.create("Access-Control-Allow-Origin"), any ? "*" : origin);
        if (!any) {
            res.header(HeaderNames.VARY, "Origin");
        }
    }
}
