package io.keyport.backend.platform;

import io.helidon.webserver.http.HttpService;
import java.util.List;

/**
 * One domain, wired by its constructor over the {@link Platform} and the ports of the modules
 * built before it: its stores, services, HTTP services, background jobs and the narrow ports it
 * offers the modules built after it. {@code KeyportServer} builds modules in dependency order,
 * registers their HTTP services in that order, starts their jobs after migration and closes the
 * modules in reverse order.
 */
public interface DomainModule extends AutoCloseable {

    /** The HTTP services to register, in order. */
    List<HttpService> httpServices();

    /** The background jobs; started after migration, stopped before the database pool closes. */
    default List<Job> jobs() {
        return List.of();
    }

    /** Releases what the module holds beyond its jobs (which the server stops before). */
    @Override
    default void close() {}
}
