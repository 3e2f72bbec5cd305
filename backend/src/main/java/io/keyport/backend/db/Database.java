package io.keyport.backend.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The metadata database: a HikariCP pool over H2 or PostgreSQL, migrated by Flyway from one set of
 * migrations, and the transaction templates every store runs in.
 *
 * <p>Work runs in {@link #inTransaction}: the callback gets a connection with auto-commit off; a
 * normal return commits, any exception rolls back and propagates. Stores take that connection as
 * an argument, so one service call can change several stores and append its audit entry in one
 * transaction.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final HikariDataSource dataSource;
    private final boolean postgres;
    /** Actions to run once the transaction of a connection commits, by connection identity. */
    /**
     * On embedded H2, write transactions run one at a time. H2's MVStore makes a committing
     * transaction's rows visible to others before its commit is on disk, so a second writer could
     * build on it (the audit head, say) and reach the disk first; a SIGKILL in between left a gap
     * in the audit chain (CrashIT). The audit chainer's transactions (decision 0015) take it too.
     * Reentrant, so a transaction may open another on the same thread. PostgreSQL needs none.
     */
    private final java.util.concurrent.locks.ReentrantLock embeddedWrites =
            new java.util.concurrent.locks.ReentrantLock(true);
    /**
     * Admission to the pool, first come first served, one permit per pooled connection, so that
     * HikariCP never has a thread waiting for a connection. When it has, every thread returning a
     * connection spins (parks for 10 µs, again and again) until a waiter takes it over; with more
     * requests than connections on a few carrier threads those spinners starve the very waiters they
     * wait for, and some requests stalled for seconds (the search tail in performance.md). Here a
     * request waits parked in this queue instead, and a returned connection is free at once.
     */
    private final Semaphore admission;

    private final long admissionTimeoutMillis;
    private final Map<Connection, List<Runnable>> afterCommit = Collections.synchronizedMap(new IdentityHashMap<>());

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.admission = new Semaphore(dataSource.getMaximumPoolSize(), true);
        this.admissionTimeoutMillis = dataSource.getConnectionTimeout();
        this.postgres = dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    /**
     * Opens the pool and migrates the schema; fails if the database is unreachable or a migration fails.
     *
     * <p>A commit returns only once it is durable: H2 runs with {@code WRITE_DELAY=0} on
     * {@link DurableH2Files} (a URL that weakens this is refused with an {@link IllegalArgumentException}),
     * and every PostgreSQL session runs with {@code synchronous_commit} at least {@code on}.
     */
    public static Database open(String url, Optional<String> user, Optional<String> password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(DurableH2Files.isH2(url) ? DurableH2Files.durableUrl(url) : url);
        if (url.startsWith("jdbc:postgresql:")) {
            // a server, database or role default of off would acknowledge commits that a crash of
            // PostgreSQL loses; every other value (local, on, remote_write, remote_apply) is kept
            config.setConnectionInitSql("SELECT set_config('synchronous_commit', 'on', false)"
                    + " WHERE current_setting('synchronous_commit') = 'off'");
        }
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setPoolName("keyport");
        config.setMaximumPoolSize(Integer.getInteger("keyport.db.pool", 16));
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        HikariDataSource ds = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
        return new Database(ds);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return postgres;
    }

    /** Runs {@code work} in one transaction and returns its result. */
    public <T> T inTransaction(SqlFunction<Connection, T> work) {
        if (!postgres) {
            embeddedWrites.lock();
            try {
                return transaction(work);
            } finally {
                embeddedWrites.unlock();
            }
        }
        return transaction(work);
    }

    private <T> T transaction(SqlFunction<Connection, T> work) {
        try (Admitted admitted = admit();
                Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            afterCommit.put(c, new ArrayList<>());
            try {
                T result = work.apply(c);
                c.commit();
                runAfterCommit(afterCommit.remove(c));
                return result;
            } catch (Throwable t) {
                rollbackQuietly(c, t);
                throw t;
            } finally {
                afterCommit.remove(c);
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw DatabaseException.of(e);
        }
    }

    /**
     * Like {@link #inTransaction}, but runs {@code work} again (up to {@code attempts} times in all)
     * when it fails on a unique violation: for an upsert whose "does it exist?" answer went stale
     * because a concurrent transaction created the same row. The next attempt sees that row.
     */
    public <T> T inTransactionRetryingConflicts(int attempts, SqlFunction<Connection, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(work);
            } catch (DatabaseException e) {
                if (e.kind() != DatabaseException.Kind.UNIQUE_VIOLATION || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** Runs read-only {@code work} on a pooled connection in auto-commit mode. */
    public <T> T read(SqlFunction<Connection, T> work) {
        try (Admitted admitted = admit();
                Connection c = dataSource.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw DatabaseException.of(e);
        }
    }

    /**
     * Runs {@code action} once the transaction of {@code c} (a connection given by
     * {@link #inTransaction}) has committed, on the committing thread; never if it rolls back. For a
     * connection outside such a transaction (auto-commit) the action runs at once. An action that
     * fails is logged and does not affect the committed transaction or the other actions.
     */
    public void afterCommit(Connection c, Runnable action) {
        List<Runnable> actions = afterCommit.get(c);
        if (actions == null) {
            action.run();
        } else {
            actions.add(action);
        }
    }

    private static void runAfterCommit(List<Runnable> actions) {
        for (Runnable action : actions == null ? List.<Runnable>of() : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An after-commit action failed", e);
            }
        }
    }

    /**
     * Waits for a permit of {@link #admission}, as long as Hikari would wait for a connection; the
     * permit is given back when the returned handle closes, after the connection it admitted.
     */
    private Admitted admit() throws SQLException {
        try {
            if (!admission.tryAcquire(admissionTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(
                        "no database connection free within " + admissionTimeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a database connection", e);
        }
        return admission::release;
    }

    /** A permit of {@link #admission}, for try-with-resources. */
    @FunctionalInterface
    private interface Admitted extends AutoCloseable {
        @Override
        void close();
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** A function over a JDBC resource that may throw {@link SQLException}. */
    @FunctionalInterface
    public interface SqlFunction<A, T> {
        T apply(A arg) throws SQLException;
    }
}
