package io.keyport.backend.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The database a test server runs on, chosen by the system property {@code keyport.test.db}
 * ({@code h2}, the default, or {@code postgres}); Failsafe runs every black-box test once with
 * each. PostgreSQL is one embedded server per JVM (zonky, PostgreSQL 18) with a fresh database per
 * test server, so tests never see each other's rows.
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    public static String kind() {
        return System.getProperty("keyport.test.db", "h2");
    }

    public static boolean isPostgres() {
        return kind().equals("postgres");
    }

    /**
     * A fresh, empty database as server settings: {@code KEYPORT_DATA_DIR} (where embedded H2 keeps
     * its file) and, on PostgreSQL, {@code KEYPORT_DB_*}.
     */
    public record Settings(Map<String, String> values) {
        /** The configuration these settings make, as a server would read it. */
        public io.keyport.backend.KeyportConfig config() {
            return io.keyport.backend.KeyportConfig.of(values);
        }
    }

    /** A fresh database of this run's kind, H2 under {@code dataDir}; see {@link StoreTest}. */
    public static Settings fresh(java.nio.file.Path dataDir) {
        Map<String, String> values = new java.util.HashMap<>(freshDatabase());
        values.put("KEYPORT_DATA_DIR", dataDir.toString());
        return new Settings(Map.copyOf(values));
    }

    /** Settings ({@code KEYPORT_DB_*}) for a fresh, empty database; empty for embedded H2. */
    public static Map<String, String> freshDatabase() {
        if (!isPostgres()) {
            return Map.of();
        }
        EmbeddedPostgres pg = postgres();
        String name = "keyport_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database", e);
        }
        return Map.of(
                "KEYPORT_DB_URL",
                pg.getJdbcUrl("postgres", name),
                "KEYPORT_DB_USER",
                "postgres",
                "KEYPORT_DB_PASSWORD",
                "postgres");
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException e) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    /**
     * Migrates the database {@code settings} names ({@code KEYPORT_DB_URL}, {@code _USER},
     * {@code _PASSWORD}) up to Flyway version {@code target} ({@code "latest"} for all): upgrade
     * tests write what an older version left, then let the newer migrations run over it.
     */
    public static void migrateTo(Map<String, String> settings, String target) {
        org.flywaydb.core.Flyway.configure()
                .dataSource(
                        settings.get("KEYPORT_DB_URL"),
                        settings.get("KEYPORT_DB_USER"),
                        settings.get("KEYPORT_DB_PASSWORD"))
                .locations("classpath:db/migration")
                .target(target)
                .load()
                .migrate();
    }
}
