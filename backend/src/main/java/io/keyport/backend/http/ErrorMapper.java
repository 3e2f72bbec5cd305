package io.keyport.backend.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.db.DatabaseException;
import io.keyport.model.common.ApiError;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers. {@link ApiException}s are written as they
 * are; database conflicts that a service did not translate become 409; anything else is logged
 * once with its stack trace and answered 500 with a body that reveals nothing internal.
 */
public final class ErrorMapper {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    private ErrorMapper() {
    }

    public static void api(ServerRequest req, ServerResponse res, ApiException e) {
        if (res.isSent()) {
            return;
        }
        e.headers().forEach(res::header);
        Http.json(res, e.status(), e.body());
    }

    public static void database(ServerRequest req, ServerResponse res, DatabaseException e) {
        switch (e.kind()) {
            case UNIQUE_VIOLATION -> api(req, res, ApiException.conflict("Conflict with the stored state; retry after reading it again"));
            case SERIALIZATION -> api(req, res, ApiException.of(Status.SERVICE_UNAVAILABLE_503, "The database is busy; retry the request", null));
            default -> unexpected(req, res, e);
        }
    }

    public static void unexpected(ServerRequest req, ServerResponse res, Throwable e) {
        LOG.log(Level.SEVERE, "Unhandled failure on " + req.prologue().method().text() + " " + req.path().path(), e);
        if (res.isSent()) {
            return;
        }
        Http.json(res, Status.INTERNAL_SERVER_ERROR_500, new ApiError("Internal server error", null));
    }
}
