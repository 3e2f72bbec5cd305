package io.keyport.backend;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
import io.keyport.backend.appstore.AppStoreModule;
import io.keyport.backend.archives.ArchivesModule;
import io.keyport.backend.audit.AuditModule;
import io.keyport.backend.db.Database;
import io.keyport.backend.events.EventBus;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ConnectionGuard;
import io.keyport.backend.http.CorsFilter;
import io.keyport.backend.http.ErrorMapper;
import io.keyport.backend.http.JsonDirectHandler;
import io.keyport.backend.http.ObservabilityFilter;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.ServerTls;
import io.keyport.backend.http.TransportFilter;
import io.keyport.backend.identity.IdentityModule;
import io.keyport.backend.kio.KioModule;
import io.keyport.backend.operations.OperationsModule;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Job;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.registry.RegistryModule;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.BlobStorages;
import io.keyport.backend.tasks.TasksModule;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tuf.TufModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The whole server: builds the {@link Platform}, then one {@link DomainModule} per domain in
 * dependency order, registers their routes through {@link #routing}, starts the background jobs
 * once the database is migrated, and closes everything in reverse order (also when a start fails
 * half-way). Used by {@link Main}, by the console to run a bundled server, and by every black-box test.
 */
public final class KeyportServer implements AutoCloseable {

    private final Platform platform;
    private final List<DomainModule> modules;
    private final List<Job> jobs;
    private final ConnectionGuard connections;
    private final WebServer server;
    private final AtomicBoolean serving;
    private final Optional<Path> generatedPasswordFile;
    private final Optional<ServerTls> tls;

    private KeyportServer(
            Platform platform,
            List<DomainModule> modules,
            List<Job> jobs,
            ConnectionGuard connections,
            WebServer server,
            AtomicBoolean serving,
            Optional<Path> generatedPasswordFile,
            Optional<ServerTls> tls) {
        this.platform = platform;
        this.modules = modules;
        this.jobs = jobs;
        this.connections = connections;
        this.server = server;
        this.serving = serving;
        this.generatedPasswordFile = generatedPasswordFile;
        this.tls = tls;
    }

    /** Starts a server; returns once it accepts requests. */
    public static KeyportServer start(KeyportConfig config) {
        Clock clock = Clock.systemUTC();
        return start(config, clock, c -> BlobStorages.create(c.storage(), clock));
    }

    /**
     * With another clock than the system's: every domain reads time from it, so a test that moves it
     * moves the server's time (token expiry, task backoff, TUF expiry and renewal).
     */
    public static KeyportServer start(KeyportConfig config, Clock clock) {
        return start(config, clock, c -> BlobStorages.create(c.storage(), clock));
    }

    /**
     * On {@code clock}, the one clock of the platform, with another storage (tests observe that a
     * failed start closes it).
     */
    static KeyportServer start(KeyportConfig config, Clock clock, Function<KeyportConfig, BlobStorage> storageFactory) {
        try {
            config.prepareDataDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
        }
        Platform platform = Platform.open(config, storageFactory, clock);
        List<DomainModule> modules = new ArrayList<>();
        List<Job> jobs = new ArrayList<>();
        AtomicBoolean serving = new AtomicBoolean(true);
        ConnectionGuard connections = null;
        try {
            // dependency order: each module gets the ports of those built before it
            modules.add(new OperationsModule(platform, serving::get));
            IdentityModule identity = new IdentityModule(platform, KioModule.directory(platform));
            modules.add(identity);
            modules.add(new KioModule(platform, identity.ports()));
            modules.add(new AuditModule(platform, identity.ports()));
            modules.add(new TasksModule(platform, identity.ports()));
            AppStoreModule appStore = new AppStoreModule(platform, identity.ports(), KioModule.approvedVersions());
            modules.add(appStore);
            modules.add(new TufModule(
                    platform,
                    identity.ports(),
                    KioModule.approvalState(),
                    RegistryModule.imageManifests(),
                    KioModule.applicationOwners()));
            modules.add(new RegistryModule(
                    platform, identity.ports(), KioModule.imageUsage(), List.of(appStore.ociCharts())));
            modules.add(new ArchivesModule(platform, identity.ports()));

            platform.metrics().gauge("keyport_db_pool_active_connections", () -> activeConnections(platform.db()));
            // before the listener: files that cannot work stop the start naming the setting
            Optional<ServerTls> tls = config.http().tls().map(t -> ServerTls.load(t, platform.clock()));
            ConnectionGuard guard = new ConnectionGuard(config.http().limits());
            connections = guard;
            platform.metrics().gauge("keyport_http_open_connections", guard::openConnections);
            WebServer server = WebServer.builder()
                    .update(guard::configure)
                    .update(b -> tls.ifPresent(t -> b.tls(t.helidon())))
                    .host(config.http().host())
                    .port(config.http().port())
                    .shutdownHook(false)
                    // requests in flight at SIGTERM get this long to finish (Helidon's default is 0.5 s)
                    .shutdownGracePeriod(Duration.ofSeconds(10))
                    .directHandlers(JsonDirectHandler.handlers())
                    .routing((HttpRouting.Builder r) -> {
                        r.addFilter(new TransportFilter(guard));
                        routing(r, platform, modules);
                    })
                    .build()
                    .start();
            // the database was migrated when the platform opened it
            jobs.addAll(platform.jobs());
            modules.forEach(m -> jobs.addAll(m.jobs()));
            try {
                jobs.forEach(Job::start);
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            return new KeyportServer(
                    platform,
                    List.copyOf(modules),
                    List.copyOf(jobs),
                    guard,
                    server,
                    serving,
                    identity.generatedPasswordFile(),
                    tls);
        } catch (RuntimeException e) {
            closeAll(jobs, modules, connections, platform, e);
            throw e;
        }
    }

    /**
     * The routing of every module over the platform: filters, each module's HTTP services in
     * module order, the unmatched-route answer and the error mappers; it also assembles the OpenAPI
     * document from the fragments the modules contributed, refusing a path, tag or component that
     * two of them define. Reused by tests that build their own server.
     */
    public static void routing(HttpRouting.Builder r, Platform platform, List<DomainModule> modules) {
        ErrorMapper errors = new ErrorMapper(platform.errorFamilies());
        r.addFilter(new ObservabilityFilter(platform.metrics(), errors));
        if (!platform.config().http().corsOrigins().isEmpty()) {
            r.addFilter(new CorsFilter(platform.config().http().corsOrigins()));
        }
        for (DomainModule module : modules) {
            for (HttpService service : module.httpServices()) {
                r.register(service);
            }
        }
        // every module has contributed its fragment: a path, tag or component defined twice stops the start here
        platform.openApi().assemble();
        r.any(platform.routes().unmatched(platform.errorFamilies()));
        r.error(ApiException.class, errors::api);
        r.error(Throwable.class, errors::unexpected);
    }

    private static double activeConnections(Database database) {
        return database.dataSource() instanceof com.zaxxer.hikari.HikariDataSource h && h.getHikariPoolMXBean() != null
                ? h.getHikariPoolMXBean().getActiveConnections()
                : 0;
    }

    /**
     * Stops jobs and closes modules in reverse order, then the connections and the platform, each
     * step also when an earlier one failed. Failures are added to {@code cause} when given, else the
     * first is thrown with the others suppressed.
     */
    private static void closeAll(
            List<Job> jobs,
            List<DomainModule> modules,
            ConnectionGuard connections,
            Platform platform,
            Throwable cause) {
        List<RuntimeException> failures = new ArrayList<>();
        for (Job job : reversed(jobs)) {
            run(job::close, failures);
        }
        for (DomainModule module : reversed(modules)) {
            run(module::close, failures);
        }
        if (connections != null) {
            run(connections::close, failures);
        }
        run(platform::close, failures);
        if (cause != null) {
            failures.forEach(cause::addSuppressed);
        } else if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }

    private static void run(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code https} when the server has a TLS certificate, else {@code http}. */
    public String scheme() {
        return tls.isPresent() ? "https" : "http";
    }

    /** The TLS certificate the server presents, if it serves HTTPS. */
    public Optional<ServerTls> tls() {
        return tls;
    }

    public KeyportConfig config() {
        return platform.config();
    }

    public RouteRegistry routes() {
        return platform.routes();
    }

    public EventBus events() {
        return platform.events();
    }

    /** The task queue, for enqueueing inside a transaction of {@link #database()}. */
    public TaskQueue tasks() {
        return platform.tasks();
    }

    public Database database() {
        return platform.db();
    }

    /** Content storage (filesystem or S3), shared by the domains that store blobs. */
    public BlobStorage storage() {
        return platform.storage();
    }

    /** Where the generated admin password was written on this start, if one was generated. */
    public Optional<Path> generatedPasswordFile() {
        return generatedPasswordFile;
    }

    /**
     * Stops accepting requests, lets running ones finish, stops the background jobs (task runs in
     * progress get a grace period, then are handed back), closes the modules in reverse order, then
     * the database pool and the storage.
     */
    @Override
    public void close() {
        serving.set(false);
        try {
            server.stop();
        } finally {
            closeAll(jobs, modules, connections, platform, null);
        }
    }
}
