package io.keyport.backend.http;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import java.io.EOFException;
import java.net.SocketException;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps clients that go away from flooding the log. Helidon 4.3 logs a WARNING with a stack trace
 * for every connection that closes in the middle of a request line or its headers ("Internal server
 * error" from the HTTP/1.1 connection, "unexpected exception" from the connection handler); 200
 * such clients meant 200 stack traces. Records of Helidon's connection loggers whose cause is the
 * connection ending are turned into one FINE line each; every other record passes unchanged.
 */
final class QuietDisconnects implements Filter {

    /** Strong references: java.util.logging keeps loggers only weakly, and with them the filter. */
    private static final List<Logger> LOGGERS = List.of(
            Logger.getLogger("io.helidon.webserver.http1.Http1Connection"),
            Logger.getLogger("io.helidon.webserver.ConnectionHandler"),
            Logger.getLogger("io.helidon.webserver.http.ErrorHandlers"));

    private QuietDisconnects() {}

    static synchronized void install() {
        for (Logger logger : LOGGERS) {
            if (!(logger.getFilter() instanceof QuietDisconnects)) {
                logger.setFilter(new QuietDisconnects());
            }
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record.getLevel().intValue() > Level.WARNING.intValue() || !disconnect(record.getThrown())) {
            return true;
        }
        // no stack trace: a FINE line of the same logger, which passes this filter (it has no cause)
        Logger.getLogger(record.getLoggerName())
                .fine(() -> "Client closed the connection inside a request ("
                        + record.getThrown().getClass().getSimpleName() + ")");
        return false;
    }

    private static boolean disconnect(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof DataReader.InsufficientDataAvailableException
                    || t instanceof CloseConnectionException
                    || t instanceof SocketException
                    || t instanceof EOFException) {
                return true;
            }
        }
        return false;
    }
}
