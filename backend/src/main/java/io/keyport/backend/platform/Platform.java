package io.keyport.backend.platform;

import io.keyport.backend.KeyportConfig;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.events.EventBus;
import io.keyport.backend.http.ErrorFamilies;
import io.keyport.backend.http.Metrics;
import io.keyport.backend.http.OpenApiDocument;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.StagingPurge;
import io.keyport.backend.tasks.service.TaskHandlers;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tasks.service.TaskSignal;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/**
 * What every domain module is built on, built once per server: configuration, the migrated
 * database, blob storage, the audit log, in-process events, the one clock, metrics, the route
 * registry, the OpenAPI document that modules contribute their fragments to, the error family of each route group, the task queue with the registry of task handlers that modules fill, and the
 * platform's own background jobs (the storage staging purge).
 */
public record Platform(
        KeyportConfig config,
        Database db,
        BlobStorage storage,
        AuditService audit,
        EventBus events,
        Clock clock,
        Metrics metrics,
        RouteRegistry routes,
        OpenApiDocument openApi,
        ErrorFamilies errorFamilies,
        TaskQueue tasks,
        TaskHandlers taskHandlers,
        TaskSignal taskSignal,
        List<Job> jobs)
        implements AutoCloseable {

    /**
     * Opens storage, then the database (migrating it); closes the storage again when the database
     * cannot be opened, so a failed start leaves nothing open.
     */
    public static Platform open(
            KeyportConfig config, Function<KeyportConfig, BlobStorage> storageFactory, Clock clock) {
        BlobStorage storage = storageFactory.apply(config);
        Database db;
        try {
            db = Database.open(
                    config.database().url(),
                    config.database().user(),
                    config.database().password());
        } catch (RuntimeException e) {
            closeQuietly(storage, e);
            throw e;
        }
        TaskSignal signal = new TaskSignal();
        List<Job> jobs = List.of(new PeriodicJob(
                "storage-purge",
                config.storage().purgeInterval(),
                new StagingPurge(storage, config.storage().purgeAfter())));
        AuditService audit;
        if (config.audit().offForBenchmark()) {
            java.util.logging.Logger.getLogger(Platform.class.getName())
                    .severe("KEYPORT_AUDIT=off: THIS SERVER WRITES NO AUDIT"
                            + " LOG. For benchmarks only (bench/audit); never run a real deployment like this.");
            audit = AuditService.offForBenchmark(db, clock);
        } else {
            audit = AuditService.open(db, clock);
        }
        return new Platform(
                config,
                db,
                storage,
                audit,
                new EventBus(),
                clock,
                new Metrics(),
                new RouteRegistry(),
                new OpenApiDocument(),
                new ErrorFamilies(),
                TaskQueue.open(db, signal, clock, config.tasks()),
                new TaskHandlers(),
                signal,
                jobs);
    }

    /** Closes the database pool, then the storage. */
    @Override
    public void close() {
        try {
            db.close();
        } finally {
            storage.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Exception cause) {
        try {
            closeable.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
