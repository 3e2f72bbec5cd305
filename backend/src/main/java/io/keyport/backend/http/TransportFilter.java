package io.keyport.backend.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The outermost filter. It tells the {@link ConnectionGuard} when a handler runs, and it keeps the
 * promise of {@code Connection: close}: when the request or the response says it, the connection
 * ends once the response is written. Helidon 4.3 keeps reading such a connection (its issue
 * #12324), and skips the unread request body when it does, so the body's bytes would be parsed as
 * the next request; ending the connection here means no unread body is ever parsed as a request.
 *
 * <p>Error answers to a request whose body was not read completely say {@code Connection: close}
 * ({@link ErrorMapper#api}), and so do refusals of ambiguous framing ({@link ObservabilityFilter}),
 * so those end the connection here too.
 */
public final class TransportFilter implements Filter {

    private final ConnectionGuard guard;

    public TransportFilter(ConnectionGuard guard) {
        this.guard = guard;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        Object started = guard.started(req);
        try {
            chain.proceed();
        } finally {
            guard.finished(started);
        }
        if (saysClose(req.headers()) || saysClose(res.headers())) {
            if (!res.isSent()) {
                res.commit();
            }
            throw new CloseConnectionException("Connection: close");
        }
    }

    /** Whether a {@code Connection} header lists {@code close}, in any case. */
    static boolean saysClose(Headers headers) {
        return headers.contains(HeaderNames.CONNECTION) && headers.get(HeaderNames.CONNECTION).allValues(true).stream()
                .anyMatch(token -> token.strip().equalsIgnoreCase("close"));
    }
}
