package io.keyport.backend.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.keyport.backend.db.DatabaseException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.logging.Logger;

/**
 * Wraps every request: maps failures to answers (so that the status is known here), records
 * metrics and writes one access-log line to the {@code keyport.access} logger:
 * {@code client actor "METHOD /path" status millis}. Query strings are not logged, because
 * {@code /oauth2/tokeninfo} carries a token in its query.
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
                ACCESS.info(client(req.remotePeer().address()) + " " + (info.actor() == null ? "-" : info.actor())
                        + " \"" + req.prologue().method().text() + " " + req.path().rawPath() + "\" " + status + " "
                        + (nanos / 1_000_000) + "ms");
            }
        }
    }

    private static String client(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
