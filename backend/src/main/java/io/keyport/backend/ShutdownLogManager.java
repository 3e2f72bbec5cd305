package io.keyport.backend;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The {@link LogManager} of the server process ({@code java.util.logging.manager}, set by {@link Main}).
 * The JDK's own manager closes every handler in a shutdown hook of its own, which races with
 * Keyport's: the "Shutting down" line and whatever the stop logs were lost in some stops. This one
 * ignores a reset during shutdown; {@link #closeHandlers()} flushes and closes them once the server
 * has stopped.
 */
public final class ShutdownLogManager extends LogManager {

    @Override
    public void reset() {
        if (shuttingDown()) {
            return; // Main's shutdown hook closes the handlers last
        }
        super.reset();
    }

    /** Flushes every handler and, with this manager in charge, closes them: the last step of a stop. */
    static void closeHandlers() {
        for (Handler h : Logger.getLogger("").getHandlers()) {
            h.flush();
        }
        if (LogManager.getLogManager() instanceof ShutdownLogManager manager) {
            manager.closeNow();
        }
    }

    private void closeNow() {
        super.reset();
    }

    /** Whether the JVM is running its shutdown hooks (adding one is refused then). */
    private static boolean shuttingDown() {
        Thread probe = new Thread(() -> {});
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
