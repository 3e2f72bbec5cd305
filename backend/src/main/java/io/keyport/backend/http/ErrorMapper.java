package io.keyport.backend.http;

import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.db.DatabaseException;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers. {@link ApiException}s are written by the
 * {@link ErrorFamily} of their code; failures without a code of their own answer in the family of
 * the request's route group ({@link ErrorFamilies}); database conflicts that a service did not translate become 409, values the database refuses
 * (too long, out of range, unstorable) 400; anything else is logged once with its stack trace and
 * answered 500 with a body that reveals nothing internal.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    private final ErrorFamilies families;

    /** Failures without a code of their own answer in the family of the request's route group. */
    public ErrorMapper(ErrorFamilies families) {
        this.families = families;
    }

    private ErrorFamily family(ServerRequest req) {
        return families.forPath(req.path().path());
    }

    /**
     * Writes an {@link ApiException}. When the request's body was not read to its end, the answer
     * says {@code Connection: close} and {@link TransportFilter} ends the connection: the unread
     * bytes are never parsed as the next request, and a client is told not to reuse the connection.
     */
    public void api(ServerRequest req, ServerResponse res, ApiException e) {
        if (res.isSent()) {
            return;
        }
        ApiException shown = inRouteFamily(req, e);
        shown.headers().forEach(res::header);
        if (req.content().hasEntity() && !req.content().consumed()) {
            res.header(HeaderValues.CONNECTION_CLOSE);
        }
        Http.json(HeadResponse.of(req, res), shown.status(), shown.body());
    }

    /**
     * A platform refusal (a STUPS code: authentication, scopes, body limits, unmatched routes) on a
     * route group with a family of its own answers in that family, with the same status, message
     * and headers, so each API's clients see one error shape. Codes of other families are kept.
     */
    private ApiException inRouteFamily(ServerRequest req, ApiException e) {
        return e.code().family() == KioError.FAMILY ? inFamily(req, e) : e;
    }

    /**
     * The same refusal in the error family of the request's route group (also for checks that run
     * before routing and know nothing of the API they guard), keeping its status, message and
     * headers; a header the family sets itself (its authentication challenge) is the family's.
     */
    public ApiException inFamily(ServerRequest req, ApiException e) {
        ErrorFamily family = family(req);
        if (e.code().family() == family) {
            return e;
        }
        ApiException translated = family.generic(e.status(), e.message(), e.details());
        java.util.Set<String> own = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        own.addAll(translated.headers().keySet());
        for (java.util.Map.Entry<String, String> header : e.headers().entrySet()) {
            if (!own.contains(header.getKey())) {
                translated = translated.withHeader(header.getKey(), header.getValue());
            }
        }
        return translated;
    }

    public void database(ServerRequest req, ServerResponse res, DatabaseException e) {
        switch (e.kind()) {
            case UNIQUE_VIOLATION ->
                api(
                        req,
                        res,
                        family(req)
                                .generic(
                                        Status.CONFLICT_409,
                                        "Conflict with the stored state; retry after reading it again",
                                        null));
            case FOREIGN_KEY_VIOLATION ->
                api(
                        req,
                        res,
                        family(req)
                                .generic(
                                        Status.CONFLICT_409,
                                        "A record this request refers to was removed, or one it removes is still referred to; retry after reading it again",
                                        null));
            case SERIALIZATION ->
                api(
                        req,
                        res,
                        family(req)
                                .generic(
                                        Status.SERVICE_UNAVAILABLE_503,
                                        "The database is busy; retry the request",
                                        null));
            case CHECK_VIOLATION -> rejectedValue(req, res, e);
            default -> {
                if (isDataException(e)) {
                    rejectedValue(req, res, e);
                } else {
                    internalError(req, res, e);
                }
            }
        }
    }

    /**
     * SQLSTATE class 22 ("data exception": a string too long for its column, a number out of range,
     * a character the database cannot store) comes from a value the client sent that a service did
     * not validate; the transaction was rolled back, so the answer is 400, not 500.
     */
    private static boolean isDataException(DatabaseException e) {
        return e.getCause() instanceof SQLException sql
                && sql.getSQLState() != null
                && sql.getSQLState().startsWith("22");
    }

    private void rejectedValue(ServerRequest req, ServerResponse res, DatabaseException e) {
        LOG.warning("Value refused by the database on "
                + req.prologue().method().text() + " " + req.path().path()
                + " (a service should have validated it): " + e.kind() + ", SQLSTATE "
                + (e.getCause() instanceof SQLException sql ? sql.getSQLState() : "?"));
        api(
                req,
                res,
                family(req)
                        .generic(
                                Status.BAD_REQUEST_400,
                                "A value is too long, out of range or contains characters that cannot be stored",
                                null));
    }

    /**
     * The catch-all of the routing. Helidon's error handlers run inside the filter chain and take
     * the first handler registered for a supertype, so this one also sees the failures that have
     * their own mapping: database failures, and Helidon's 4xx exceptions thrown while a handler
     * reads the request (a malformed chunked body, for instance). Only the rest is a 500.
     */
    public void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        // an if-chain, not a switch with `when` guards: the formatter runs in Maven's JVM (17)
        if (e instanceof ApiException api) {
            api(req, res, api);
        } else if (e instanceof DatabaseException db) {
            database(req, res, db);
        } else if (e instanceof HttpException http && http.status().code() < 500) {
            clientError(req, res, http.status());
        } else if (e instanceof RequestException request && request.status().code() < 500) {
            clientError(req, res, request.status());
        } else {
            internalError(req, res, e);
        }
    }

    private void clientError(ServerRequest req, ServerResponse res, Status status) {
        api(req, res, family(req).generic(status, status.reasonPhrase(), null));
    }

    private void internalError(ServerRequest req, ServerResponse res, Throwable e) {
        if (res.isSent() && causedByIo(e)) {
            // The client went away while a streamed answer was being written; nothing to fix here.
            LOG.log(
                    Level.FINE,
                    "Client left during " + req.prologue().method().text() + " "
                            + req.path().path(),
                    e);
            return;
        }
        LOG.log(
                Level.SEVERE,
                "Unhandled failure on " + req.prologue().method().text() + " "
                        + req.path().path(),
                e);
        if (res.isSent()) {
            return;
        }
        ApiException internal = family(req).generic(Status.INTERNAL_SERVER_ERROR_500, "Internal server error", null);
        Http.json(HeadResponse.of(req, res), internal.status(), internal.body());
    }

    private static boolean causedByIo(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof java.io.UncheckedIOException) {
                return true;
            }
        }
        return false;
    }
}
