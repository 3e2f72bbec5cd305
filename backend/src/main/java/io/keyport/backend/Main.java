package io.keyport.backend;

import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import java.util.logging.Logger;

/** Starts the server from {@code KEYPORT_*} settings and stops it gracefully on SIGTERM. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        KeyportConfig config = KeyportConfig.load(Config.create());
        KeyportServer server = KeyportServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Shutting down");
            server.close();
        }, "keyport-shutdown"));
        LOG.info("Keyport listens on http://" + config.httpHost() + ":" + server.port() + " (data in "
                + config.dataDir().toAbsolutePath() + ")");
        server.generatedPasswordFile().ifPresent(f -> LOG.info("First admin: user admin, password in " + f.toAbsolutePath()));
    }
}
