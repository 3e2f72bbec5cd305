package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.InMemoryStorage;
import io.keyport.backend.testing.TestDatabases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails half-way leaves nothing open: what was opened before the failure is closed again. */
class KeyportServerStartTest {

    @TempDir
    Path dataDir;

    /** A storage that counts its closes and otherwise behaves as in-memory storage. */
    private static final class CountingStorage {
        final AtomicInteger closes = new AtomicInteger();
        final BlobStorage storage;

        CountingStorage() {
            InMemoryStorage delegate = new InMemoryStorage(Clock.systemUTC());
            storage = (BlobStorage) Proxy.newProxyInstance(
                    BlobStorage.class.getClassLoader(), new Class<?>[] {BlobStorage.class}, (proxy, method, args) -> {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            closes.incrementAndGet();
                        }
                        try {
                            return method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>();
        settings.put("KEYPORT_HTTP_HOST", "127.0.0.1");
        settings.put("KEYPORT_HTTP_PORT", "0");
        settings.put("KEYPORT_DATA_DIR", dataDir.toString());
        settings.put("KEYPORT_ADMIN_PASSWORD", "start-test-password");
        settings.putAll(extra);
        return settings;
    }

    @Test
    void anUnreachableDatabaseClosesTheStorageAgain() {
        CountingStorage spy = new CountingStorage();
        KeyportConfig config = KeyportConfig.of(settings(Map.of(
                "KEYPORT_DB_URL",
                "jdbc:postgresql://127.0.0.1:1/keyport",
                "KEYPORT_DB_USER",
                "keyport",
                "KEYPORT_DB_PASSWORD",
                "none")));

        assertThatThrownBy(() -> KeyportServer.start(config, Clock.systemUTC(), c -> spy.storage))
                .isInstanceOf(RuntimeException.class);

        assertThat(spy.closes).hasValue(1);
    }

    @Test
    void aModuleFailingAfterTheDatabaseOpenedClosesTheStorage() throws Exception {
        CountingStorage spy = new CountingStorage();
        Map<String, String> extra = new HashMap<>(TestDatabases.freshDatabase());
        // identity cannot read its token signing key, after the platform is open
        Path keyFile = dataDir.resolve("not-a-key.json");
        Files.writeString(keyFile, "not a JSON web key");
        extra.put("KEYPORT_TOKEN_KEY_FILE", keyFile.toString());
        KeyportConfig config = KeyportConfig.of(settings(extra));

        assertThatThrownBy(() -> KeyportServer.start(config, Clock.systemUTC(), c -> spy.storage))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not-a-key.json");

        assertThat(spy.closes).hasValue(1);
    }
}
