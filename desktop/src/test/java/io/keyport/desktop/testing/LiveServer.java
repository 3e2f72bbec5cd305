package io.keyport.desktop.testing;

import io.keyport.backend.KeyportConfig;
import io.keyport.backend.KeyportServer;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.service.OkHttpTransport;
import io.keyport.desktop.service.Transport;
import io.keyport.desktop.shell.DialogService;
import io.keyport.desktop.shell.FeatureContext;
import io.keyport.desktop.shell.SignedInUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * A real Keyport server for console tests: started in-process on a free port, with an H2 file
 * database and file storage in a fresh temporary folder, and a known password for {@code admin}.
 */
public final class LiveServer implements AutoCloseable {

    public static final String ADMIN_PASSWORD = "admin-password-1";

    private final Path dataDir;
    private final Map<String, String> settings;
    private KeyportServer server;
    private final int port;
    private final OkHttpClient http = new OkHttpClient();

    private LiveServer(Map<String, String> extra) {
        try {
            dataDir = Files.createTempDirectory("keyport-console-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new HashMap<>();
        settings.put("KEYPORT_HTTP_HOST", "127.0.0.1");
        settings.put("KEYPORT_HTTP_PORT", "0");
        settings.put("KEYPORT_DATA_DIR", dataDir.toString());
        settings.put("KEYPORT_ADMIN_PASSWORD", ADMIN_PASSWORD);
        settings.putAll(extra);
        this.settings = settings;
        server = KeyportServer.start(KeyportConfig.of(settings));
        port = server.port();
    }

    public static LiveServer start() {
        return new LiveServer(Map.of());
    }

    public static LiveServer start(Map<String, String> settings) {
        return new LiveServer(settings);
    }

    /** Stops the server (a server going away mid-session); {@link #restart()} brings it back. */
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts it again on the same port and data folder, after {@link #stop()}. */
    public void restart() {
        if (server != null) {
            throw new IllegalStateException("the server runs");
        }
        Map<String, String> again = new HashMap<>(settings);
        again.put("KEYPORT_HTTP_PORT", Integer.toString(port));
        server = KeyportServer.start(KeyportConfig.of(again));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The server's own connection pool, for tests that must change rows behind the server's back
     * (a tampered audit entry); a second connection to the H2 file would be locked out.
     */
    public javax.sql.DataSource dataSource() {
        return server.database().dataSource();
    }

    /** A fresh access token for {@code uid} (password grant). */
    public String token(String uid, String password) {
        try (BackendClient client = new BackendClient(baseUrl())) {
            return client.login(uid, password);
        }
    }

    /** An authenticated transport as {@code uid}, for setting up data and for client tests. */
    public Transport transportAs(String uid, String password) {
        String token = token(uid, password);
        return new OkHttpTransport(baseUrl(), http, () -> token);
    }

    /** An authenticated transport as the first admin. */
    public Transport adminTransport() {
        return transportAs("admin", ADMIN_PASSWORD);
    }

    /** What a feature receives when the first admin is signed in to this server. */
    public FeatureContext adminContext(DialogService dialogs, TaskExecutor executor) {
        return new FeatureContext(
                new SignedInUser(baseUrl(), "admin", "/employees", true, Set.of()),
                adminTransport(),
                dialogs,
                executor);
    }

    @Override
    public void close() {
        stop();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
