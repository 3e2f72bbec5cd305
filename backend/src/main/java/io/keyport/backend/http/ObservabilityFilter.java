package io.keyport.backend.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.keyport.backend.db.DatabaseException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Wraps every request: refuses ambiguous request targets, maps failures to answers (so that the
 * status is known here), records metrics and writes one access-log line to the
 * {@code keyport.access} logger: {@code client actor "METHOD /path" status millis}. Query strings
 * are not logged, because {@code /oauth2/tokeninfo} carries a token in its query.
 *
 * <p>Refused with 400 before any handler runs:
 * <ul>
 *   <li>a body whose length is ambiguous: more than one {@code Content-Length} value, one that is not
 *       plain digits, {@code Transfer-Encoding} together with {@code Content-Length}, or any
 *       {@code Transfer-Encoding} other than exactly one {@code chunked}. Two parsers of such a request
 *       (a proxy and this server) can disagree where the body ends, which is how a second request is
 *       smuggled in; the answer says {@code Connection: close} and {@link TransportFilter} ends the
 *       connection, so the remaining bytes are never read;</li>
 *   <li>a path Helidon would route differently from what a proxy or an access rule saw: an encoded
 *       {@code /} or backslash, a dot segment ({@code .}, {@code ..}, raw or encoded), a path parameter
 *       ({@code ;}, raw or encoded, which Helidon strips, so {@code /apps/..;/api/users} would reach
 *       {@code /api/users}), and an empty segment ({@code //}, a trailing {@code /} except under
 *       {@code /v2/}, where the registry protocol has it: {@code /v2/}, {@code .../blobs/uploads/});</li>
 *   <li>a NUL character ({@code %00}) in the path or query, which no identifier contains and
 *       PostgreSQL cannot store.</li>
 * </ul>
 *
 * <p>These refusals answer in the error family of the path's route group.
 *
 * <p>A client that goes away in the middle of a request ends the connection without an answer; it
 * is logged as status 499 and is no error of the server's.
 */
public final class ObservabilityFilter implements Filter {

    private static final Logger ACCESS = Logger.getLogger("keyport.access");
    /** Logged for a request whose client went away before it was answered (as nginx does). */
    private static final int CLIENT_CLOSED = 499;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    /** RFC 3986 path characters: unreserved, sub-delims, ':', '@', '/' and '%' of percent-encoding (';' is refused below). */
    private static final java.util.BitSet PATH_CHARS = new java.util.BitSet(128);

    static {
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/%"
                .chars()
                .forEach(PATH_CHARS::set);
    }

    private final Metrics metrics;
    private final ErrorMapper errors;

    public ObservabilityFilter(Metrics metrics, ErrorMapper errors) {
        this.metrics = metrics;
        this.errors = errors;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        long start = System.nanoTime();
        RequestInfo info = RequestInfo.of(req);
        boolean clientGone = false;
        try {
            try {
                checkFraming(req.headers());
                checkTarget(req.path().rawPath(), req.query().rawValue());
            } catch (ApiException e) {
                throw errors.inFamily(req, e);
            }
            chain.proceed();
        } catch (CloseConnectionException e) {
            clientGone = true;
            throw e;
        } catch (ApiException e) {
            errors.api(req, res, e);
        } catch (DatabaseException e) {
            errors.database(req, res, e);
        } catch (RuntimeException | Error e) {
            errors.unexpected(req, res, e);
        } finally {
            long nanos = System.nanoTime() - start;
            int status =
                    clientGone && !res.isSent() ? CLIENT_CLOSED : res.status().code();
            String route = info.route() != null ? info.route() : "unmatched";
            metrics.record(route, status, nanos);
            if (ACCESS.isLoggable(java.util.logging.Level.INFO)) {
                // logp names the source itself, sparing java.util.logging a stack walk per request
                ACCESS.logp(
                        java.util.logging.Level.INFO,
                        "keyport.access",
                        "request",
                        client(req.remotePeer().address()) + " " + (info.actor() == null ? "-" : info.actor())
                                + " \"" + req.prologue().method().text() + " "
                                + req.path().rawPath() + "\" " + status + " "
                                + (nanos / 1_000_000) + "ms");
            }
        }
    }

    /** Throws 400, asking to close the connection, for the ambiguous bodies described in the class comment. */
    static void checkFraming(Headers headers) {
        String problem = null;
        List<String> lengths = headers.contains(HeaderNames.CONTENT_LENGTH)
                ? headers.get(HeaderNames.CONTENT_LENGTH).allValues(true)
                : List.of();
        List<String> encodings = headers.contains(HeaderNames.TRANSFER_ENCODING)
                ? headers.get(HeaderNames.TRANSFER_ENCODING).allValues(true)
                : List.of();
        if (lengths.size() > 1) {
            problem = "Content-Length must be given once";
        } else if (lengths.size() == 1 && !DIGITS.matcher(lengths.getFirst()).matches()) {
            problem = "Content-Length must be a non-negative decimal number";
        } else if (!encodings.isEmpty() && !lengths.isEmpty()) {
            problem = "Content-Length and Transfer-Encoding must not be combined";
        } else if (!encodings.isEmpty()
                && !(encodings.size() == 1 && encodings.getFirst().equals("chunked"))) {
            problem = "Transfer-Encoding must be exactly 'chunked'";
        }
        if (problem != null) {
            throw new ApiException(
                    KioError.BAD_REQUEST, problem, null, Map.of(HeaderNames.CONNECTION.defaultCase(), "close"));
        }
    }

    /** Throws 400 for the request targets described in the class comment. */
    static void checkTarget(String rawPath, String rawQuery) {
        if ((rawPath + (rawQuery == null ? "" : rawQuery)).chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw ApiException.badRequest("Control characters are not allowed in a request target");
        }
        for (int i = 0; i < rawPath.length(); i++) {
            if (!PATH_CHARS.get(rawPath.charAt(i))) {
                throw ApiException.badRequest("A path may hold only the characters RFC 3986 allows in it ('"
                        + (rawPath.charAt(i) < 0x7f ? String.valueOf(rawPath.charAt(i)) : "non-ASCII")
                        + "' is not one)");
            }
        }
        String path = rawPath.toLowerCase(Locale.ROOT);
        if (path.contains("%2f") || path.contains("%5c") || path.indexOf('\\') >= 0) {
            throw ApiException.badRequest("Encoded '/' or '\\' is not allowed in a path");
        }
        if (path.contains(";") || path.contains("%3b")) {
            throw ApiException.badRequest("Path parameters (';') are not allowed in a path");
        }
        String[] segments = path.split("/", -1);
        for (int i = 1; i < segments.length; i++) {
            String decoded = segments[i].replace("%2e", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                throw ApiException.badRequest("Dot segments are not allowed in a path");
            }
            if (decoded.isEmpty() && !path.equals("/") && !(i == segments.length - 1 && rawPath.startsWith("/v2/"))) {
                throw ApiException.badRequest("Empty segments ('//' or a trailing '/') are not allowed in a path");
            }
        }
        if (!wellFormedEscapes(path) || (rawQuery != null && !wellFormedEscapes(rawQuery))) {
            throw ApiException.badRequest("A '%' in a request target must start an escape of two hexadecimal digits");
        }
        if (path.contains("%00")
                || path.indexOf('\0') >= 0
                || (rawQuery != null && (rawQuery.contains("%00") || rawQuery.indexOf('\0') >= 0))) {
            throw ApiException.badRequest("NUL characters are not allowed in a request target");
        }
    }

    /**
     * Whether every {@code %} starts an escape of two ASCII hexadecimal digits. A decoder that takes
     * any Unicode digit ({@code Character.digit}) would read {@code %0}+ARABIC-INDIC ZERO as NUL.
     */
    private static boolean wellFormedEscapes(String s) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || !asciiHex(s.charAt(i + 1)) || !asciiHex(s.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    private static boolean asciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static String client(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress().getHostAddress() : String.valueOf(address);
    }
}
