package io.keyport.desktop.bundled;

import io.keyport.backend.KeyportConfig;
import io.keyport.backend.KeyportServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The server the console starts in its own process, on the embedded default (H2 and files in the
 * user's data folder) unless {@code KEYPORT_*} settings say otherwise. It listens on 127.0.0.1,
 * port 8080 or, if that is taken, a free one ({@code KEYPORT_HTTP_PORT} fixes it), always over plain
 * HTTP: the {@code KEYPORT_TLS_*} settings are for the server alone and ignored here.
 *
 * <p>On the first start (the embedded database does not exist yet) the console asks for the first
 * admin's password and passes it to {@link #start(Optional)}; the server then writes no password
 * file. With {@code KEYPORT_ADMIN_PASSWORD} set, a first start uses that password and the console
 * signs in with it ({@link #presetFirstAdminPassword()}). {@link #close()} stops it cleanly and may be called more than once (the window closing and
 * Ctrl-C may both ask).
 */
public final class BundledServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BundledServer.class.getName());

    /** The port tried first, the server's documented default. */
    public static final int PREFERRED_PORT = 8080;

    private final Map<String, String> settings;
    private final Optional<String> presetAdminPassword;
    private final KeyportConfig probe;
    private KeyportServer server;
    private boolean closed;

    /**
     * @param environment the {@code KEYPORT_*} settings to honour (the process environment in the
     *        console, explicit ones in tests); other entries are ignored
     */
    public BundledServer(Map<String, String> environment) {
        Map<String, String> chosen = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KEYPORT_TLS_")) {
                LOG.info("The bundled server serves plain HTTP on loopback; " + name + " is ignored");
            } else if (name.startsWith("KEYPORT_") && value != null && !value.isBlank()) {
                chosen.put(name, value);
            }
        });
        chosen.putIfAbsent("KEYPORT_HTTP_HOST", "127.0.0.1");
        // set in the environment, it is the first admin's password and the console does not ask
        this.presetAdminPassword = Optional.ofNullable(chosen.remove("KEYPORT_ADMIN_PASSWORD"));
        this.settings = chosen;
        this.probe = KeyportConfig.of(settings); // applies the defaults (data folder) without starting
    }

    /** The data folder (database, blobs, keys). */
    public Path dataDir() {
        return probe.dataDir();
    }

    /**
     * True if this is the first start: the embedded database does not exist yet, so the first admin
     * will be created with the password passed to {@link #start}. False with an external database
     * (the console cannot tell; the server then generates a password as when it runs alone), and
     * false when {@code KEYPORT_ADMIN_PASSWORD} is set (that is the password then).
     */
    public boolean firstStart() {
        return presetAdminPassword.isEmpty() && newEmbeddedDatabase();
    }

    /**
     * On a first start with {@code KEYPORT_ADMIN_PASSWORD} set: that password. The operator chose
     * it already, so the console signs in as {@code admin} with it instead of asking. Empty when
     * the database exists (the password may have changed since) or none is set.
     */
    public Optional<String> presetFirstAdminPassword() {
        return newEmbeddedDatabase() ? presetAdminPassword : Optional.empty();
    }

    private boolean newEmbeddedDatabase() {
        return probe.database().embedded()
                && !Files.exists(probe.dataDir().resolve("db").resolve("keyport.mv.db"));
    }

    /**
     * Starts the server (blocking, a few seconds: migrations run). {@code adminPassword} becomes the
     * password of user {@code admin} if no user exists yet.
     *
     * @throws IllegalStateException if it runs already
     */
    public synchronized String start(Optional<String> adminPassword) {
        if (server != null || closed) {
            throw new IllegalStateException("the bundled server was started already");
        }
        Map<String, String> run = new HashMap<>(settings);
        adminPassword.or(() -> presetAdminPassword).ifPresent(p -> run.put("KEYPORT_ADMIN_PASSWORD", p));
        run.computeIfAbsent("KEYPORT_HTTP_PORT", k -> Integer.toString(portFree(PREFERRED_PORT) ? PREFERRED_PORT : 0));
        server = KeyportServer.start(KeyportConfig.of(run));
        String url = url();
        LOG.info("Bundled server listens on " + url + " (data in "
                + probe.dataDir().toAbsolutePath() + ")");
        server.generatedPasswordFile()
                .ifPresent(f -> LOG.info("First admin: user admin, password in " + f.toAbsolutePath()));
        return url;
    }

    /** Where the running server listens, e.g. {@code http://127.0.0.1:8080}. */
    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("the bundled server is not running");
        }
        return "http://" + hostForUrl(settings.get("KEYPORT_HTTP_HOST")) + ":" + server.port();
    }

    public synchronized boolean running() {
        return server != null;
    }

    /** Stops the server: running requests finish, the database is closed. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server == null) {
            return;
        }
        KeyportServer stopping = server;
        server = null;
        LOG.info("Stopping the bundled server");
        stopping.close();
        LOG.info("Bundled server stopped");
    }

    static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String hostForUrl(String host) {
        if (host == null || host.equals("0.0.0.0") || host.equals("::")) {
            return "127.0.0.1";
        }
        return host.contains(":") ? "[" + host + "]" : host;
    }
}
