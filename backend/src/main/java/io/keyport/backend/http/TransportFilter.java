package io.keyport.backend.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The outermost filter. It tells the {@link ConnectionGuard} when a handler runs, and it keeps the
 * promise of {@code Connection: close}: when the request or the response says it, the connection
 * ends once the response is written. Helidon 4.3 keeps reading such a connection (its issue
 * #12324), and skips the unread request body when it does, so the body's bytes would be parsed as
 * the next request; ending the connection here means no unread body is ever parsed as a request.
 *
 * <p>Before closing, the rest of a body of up to 4 MiB is read and dropped ({@link #drain}).
 *
 * <p>Error answers to a request whose body was not read completely say {@code Connection: close}
 * ({@link ErrorMapper#api}), and so do refusals of ambiguous framing ({@link ObservabilityFilter}),
 * so those end the connection here too.
 */
public final class TransportFilter implements Filter {

    /** The most bytes of an unread body read (and dropped) before closing; see {@link #drain}. */
    public static final long DRAIN_LIMIT = 4L << 20;

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
            drain(req);
            throw new CloseConnectionException("Connection: close");
        }
    }

    /**
     * Reads what is left of the request body, at most {@link #DRAIN_LIMIT} bytes, as body bytes and
     * nothing else. A client still sending its body when the socket closes would receive a TCP reset
     * that can destroy the answer before it reads it; reading the rest first lets it see the answer.
     * A body declared larger, one that is malformed or one that stops arriving (the read timeout
     * closes the connection) is not waited for.
     */
    private static void drain(RoutingRequest req) {
        if (!req.content().hasEntity()
                || req.content().consumed()
                || req.headers().contentLength().orElse(0) > DRAIN_LIMIT) {
            return;
        }
        // A handler that read part of the body took its stream through Http.body; Helidon gives
        // a body's stream only once, so the rest is read from that one.
        Optional<Http.BodyStream> taken = req.context().get(Http.BodyStream.class);
        try (InputStream in =
                taken.isPresent() ? taken.get().in() : req.content().inputStream()) {
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while (total <= DRAIN_LIMIT && (n = in.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // malformed or gone: the connection closes either way
        }
    }

    /** Whether a {@code Connection} header lists {@code close}, in any case. */
    static boolean saysClose(Headers headers) {
        return headers.contains(HeaderNames.CONNECTION)
                && headers.get(HeaderNames.CONNECTION).allValues(true).stream()
                        .anyMatch(token -> token.strip().equalsIgnoreCase("close"));
    }
}
