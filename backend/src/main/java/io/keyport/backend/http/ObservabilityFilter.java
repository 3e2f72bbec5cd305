package io.keyport.backend.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.keyport.backend.db.DatabaseException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Wraps every request: refuses ambiguous request targets, maps failures to answers (so that the
 * status is known here), records metrics and writes one access-log line to the
 * {@code keyport.access} logger: {@code client actor "METHOD /path" status millis}. Query strings
 * are not logged, because {@code /oauth2/tokeninfo} carries a token in its query.
 *
 * <p>Refused with 400 before any handler runs: a path with an encoded {@code /} or backslash, or
 * an encoded dot segment ({@code %2e%2e}), because Helidon routes on the decoded path, so such a
 * request would reach another route than the one a proxy or an access rule saw; and a NUL
 * character ({@code %00}) in the path or query, which no identifier contains and PostgreSQL
 * cannot store.
 */
public final class ObservabilityFilter implements Filter {

    private static final Logger ACCESS = Logger.getLogger("keyport.access");

    private final Metrics metrics;

    public ObservabilityFilter(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        RequestInfo info = RequestInfo.of(req);
        try {
            checkTarget(req.path().rawPath(), req.query().rawValue());
            chain.proceed();
        } catch (ApiException e) {
            ErrorMapper.api(req, res, e);
        } catch (DatabaseException e) {
            ErrorMapper.database(req, res, e);
        } catch (RuntimeException | Error e) {
            ErrorMapper.unexpected(req, res, e);
        } finally {
            long nanos = System.nanoTime() - start;
            int status = res.status().code();
            String route = info.route() != null ? info.route() : "unmatched";
            metrics.record(route, status, nanos);
            if (ACCESS.isLoggable(java.util.logging.Level.INFO)) {
                // logp names the source itself, sparing java.util.logging a stack walk per request
                ACCESS.logp(java.util.logging.Level.INFO, "keyport.access", "request", client(req.remotePeer().address()) + " " + (info.actor() == null ? "-" : info.actor())
                        + " \"" + req.prologue().method().text() + " " + req.path().rawPath() + "\" " + status + " "
                        + (nanos / 1_000_000) + "ms");
            }
        }
    }

    /** Throws 400 for the request targets described in the class comment. */
    static void checkTarget(String rawPath, String rawQuery) {
        String path = rawPath.toLowerCase(Locale.ROOT);
        if (path.contains("%2f") || path.contains("%5c")) {
            throw ApiException.badRequest("Encoded '/' or '\\' is not allowed in a path");
        }
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw ApiException.badRequest("Dot segments are not allowed in a path");
            }
        }
        if (path.contains("%00") || (rawQuery != null && rawQuery.contains("%00"))) {
            throw ApiException.badRequest("NUL characters are not allowed in a request target");
        }
    }

    private static String client(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
