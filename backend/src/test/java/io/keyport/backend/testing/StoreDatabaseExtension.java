package io.keyport.backend.testing;

import io.keyport.backend.KeyportConfig;
import io.keyport.backend.db.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit extension behind {@link StoreTest}: one fresh database per test method, shared by the
 * method and its {@code @BeforeEach} methods, opened (and so migrated) on the first
 * {@link Database} parameter, closed and deleted when the method's context closes.
 */
public final class StoreDatabaseExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(StoreDatabaseExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Database.class || type == TestDatabases.Settings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Fresh fresh = store.getOrComputeIfAbsent(Fresh.class, key -> new Fresh(), Fresh.class);
        return parameter.getParameter().getType() == Database.class ? fresh.database() : fresh.settings;
    }

    /** One test's database: its settings, and the pool once opened. Closed with the test's context. */
    private static final class Fresh implements AutoCloseable {
        private final Path dataDir;
        private final TestDatabases.Settings settings;
        private Database database;

        Fresh() {
            try {
                dataDir = Files.createTempDirectory("keyport-store");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            settings = TestDatabases.fresh(dataDir);
        }

        synchronized Database database() {
            if (database == null) {
                KeyportConfig config = settings.config();
                database = Database.open(
                        config.database().url(),
                        config.database().user(),
                        config.database().password());
            }
            return database;
        }

        @Override
        public synchronized void close() throws IOException {
            if (database != null) {
                database.close();
            }
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
