package io.keyport.backend.platform;

/**
 * A background job of a module (task workers, a periodic purge). Every job has the same
 * lifecycle: {@link #start} once the database is migrated and the server accepts requests;
 * {@link #close} on shutdown (SIGTERM) after the server stopped accepting requests and before the
 * database pool closes. Close must be safe without a start.
 */
public interface Job extends AutoCloseable {

    /** A short name for logs. */
    String name();

    void start();

    @Override
    void close();
}
