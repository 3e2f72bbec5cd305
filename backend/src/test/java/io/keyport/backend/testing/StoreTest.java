package io.keyport.backend.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A store test: each test method (and {@code @BeforeEach} method) that declares a
 * {@link io.keyport.backend.db.Database} parameter gets a fresh, migrated database of the kind the
 * run is for ({@link TestDatabases#kind()}: an H2 file database in a temporary folder, or a fresh
 * database on the embedded PostgreSQL), closed and removed after the test. Failsafe runs every
 * {@code XxxIT} once per kind, so a store test written once runs on both:
 *
 * <pre>{@code
 * @StoreTest
 * class TaskStoreIT {
 *     @Test
 *     void claimsOldestFirst(Database db) { ... }
 * }
 * }</pre>
 *
 * <p>A test needing the settings themselves (to start a server or run Flyway to an older version)
 * declares a {@link TestDatabases.Settings} parameter instead: the same fresh database, not opened.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StoreDatabaseExtension.class)
public @interface StoreTest {}
