package io.keyport.backend;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the server from {@code KEYPORT_*} settings and stops it gracefully on SIGTERM or SIGINT
 * (Ctrl-C): it logs "Shutting down", lets requests in flight finish, closes the database, logs
 * "Stopped" and exits with status 0 (1 if the stop failed). A setting that cannot work stops the
 * start with one line naming it and status 2.
 */
public final class Main {

    static {
        // before the first logger: keep the log handlers until the shutdown hook has logged the stop
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        }
    }

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {}

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        KeyportServer server;
        KeyportConfig config;
        try {
            config = KeyportConfig.load(Config.create());
            server = KeyportServer.start(config);
        } catch (IllegalArgumentException e) {
            LOG.severe("Keyport cannot start: " + e.getMessage());
            ShutdownLogManager.closeHandlers();
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server), "keyport-shutdown"));
        server.tls()
                .ifPresent(tls -> LOG.info("TLS certificate "
                        + tls.certificate().getSubjectX500Principal().getName() + ", SHA-256 fingerprint "
                        + tls.fingerprint()));
        LOG.info("Keyport listens on " + server.scheme() + "://" + config.http().host() + ":" + server.port()
                + " (data in " + config.dataDir().toAbsolutePath() + ")");
        server.generatedPasswordFile()
                .ifPresent(f -> LOG.info("First admin: user admin, password in " + f.toAbsolutePath()));
    }

    private static void stop(KeyportServer server) {
        LOG.info("Shutting down");
        int status = 0;
        try {
            server.close();
            LOG.info("Stopped");
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "Stopping failed", e);
            status = 1;
        }
        ShutdownLogManager.closeHandlers();
        // The signal would make the exit status 143 (SIGTERM) or 130 (SIGINT) although the stop was
        // clean. No other shutdown hook needs to finish: H2 is opened with DB_CLOSE_ON_EXIT=FALSE and
        // closed above, Helidon's own hook is off, and logging is closed.
        Runtime.getRuntime().halt(status);
    }
}
