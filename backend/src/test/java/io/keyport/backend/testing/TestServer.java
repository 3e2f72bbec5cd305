package io.keyport.backend.testing;

import io.keyport.backend.KeyportConfig;
import io.keyport.backend.KeyportServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keyport server on a free port with its own data folder and a fresh database (H2 or
 * PostgreSQL, see {@link TestDatabases}). Black-box tests talk to it only over HTTP through
 * {@link ApiClient}.
 */
public final class TestServer implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-password-1";

    private final Path dataDir;
    private final Map<String, String> settings;
    private final Clock clock;
    private KeyportServer server;

    private TestServer(Map<String, String> extra, Clock clock) {
        this.clock = clock;
        try {
            dataDir = Files.createTempDirectory("keyport-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        settings = new HashMap<>();
        settings.put("KEYPORT_HTTP_HOST", "127.0.0.1");
        settings.put("KEYPORT_HTTP_PORT", "0");
        settings.put("KEYPORT_DATA_DIR", dataDir.toString());
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.putAll(TestDatabases.freshDatabase());
        settings.putAll(extra);
        server = KeyportServer.start(KeyportConfig.of(settings), clock);
    }

    /**
     * Stops the server and starts it again on the same data folder and database, as an operator's
     * restart does. The port changes: take a new {@link #client()} afterwards.
     */
    public void restart() {
        restart(() -> {});
    }

    /** As {@link #restart()}, running {@code whileStopped} (move the clock...) while no server runs. */
    public void restart(Runnable whileStopped) {
        server.close();
        whileStopped.run();
        server = KeyportServer.start(KeyportConfig.of(settings), clock);
    }

    public static TestServer start() {
        return new TestServer(Map.of(), Clock.systemUTC());
    }

    /**
     * With extra {@code KEYPORT_*} settings (they override the defaults above). A blank value means
     * unset, as in {@link KeyportConfig}: {@code KEYPORT_ADMIN_PASSWORD=""} makes the server
     * generate the first admin's password.
     */
    public static TestServer start(Map<String, String> settings) {
        return new TestServer(settings, Clock.systemUTC());
    }

    /** With extra settings and a clock the test moves ({@link SettableClock}); a restart keeps the clock. */
    public static TestServer start(Map<String, String> settings, Clock clock) {
        return new TestServer(settings, clock);
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:port}, or {@code https://} when the test configured TLS. */
    public String baseUrl() {
        return server.scheme() + "://127.0.0.1:" + server.port();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The running server, for the few white-box assertions (route table, event bus, database). */
    public KeyportServer server() {
        return server;
    }

    public ApiClient client() {
        return new ApiClient(baseUrl());
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
