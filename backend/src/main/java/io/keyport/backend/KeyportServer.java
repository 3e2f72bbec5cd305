package io.keyport.backend;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.keyport.backend.audit.api.AuditHttpService;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.backend.db.Database;
import io.keyport.backend.events.EventBus;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ConnectionGuard;
import io.keyport.backend.http.CorsFilter;
import io.keyport.backend.http.ErrorMapper;
import io.keyport.backend.http.JsonDirectHandler;
import io.keyport.backend.http.Metrics;
import io.keyport.backend.http.ObservabilityFilter;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.TransportFilter;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.api.ServiceAccountsHttpService;
import io.keyport.backend.identity.api.TeamsHttpService;
import io.keyport.backend.identity.api.TokenHttpService;
import io.keyport.backend.identity.service.AccountService;
import io.keyport.backend.identity.service.AuthService;
import io.keyport.backend.identity.service.LoginThrottle;
import io.keyport.backend.identity.service.OidcVerifier;
import io.keyport.backend.identity.service.PasswordHasher;
import io.keyport.backend.identity.service.SecretFiles;
import io.keyport.backend.identity.service.ServiceAccountService;
import io.keyport.backend.identity.service.TokenService;
import io.keyport.backend.identity.store.ServiceStore;
import io.keyport.backend.identity.store.TeamStore;
import io.keyport.backend.identity.store.UserStore;
import io.keyport.backend.kio.api.KioHttpService;
import io.keyport.backend.kio.service.ApplicationService;
import io.keyport.backend.kio.service.VersionApprovedTask;
import io.keyport.backend.kio.service.VersionService;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.kio.store.VersionStore;
import io.keyport.backend.operations.OperationsHttpService;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.BlobStorages;
import io.keyport.backend.tasks.api.TasksHttpService;
import io.keyport.backend.tasks.service.TaskAdminService;
import io.keyport.backend.tasks.service.TaskHandlers;
import io.keyport.backend.tasks.service.TaskMetrics;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tasks.service.TaskRunner;
import io.keyport.backend.tasks.service.TaskSignal;
import io.keyport.backend.tasks.service.TaskWorkers;
import io.keyport.backend.tasks.service.TestTaskKinds;
import io.keyport.backend.tasks.store.TaskStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * The whole server, wired explicitly: configuration, database, stores, services, routes. Used by
 * {@link Main}, by the console to run a bundled server, and by every black-box test.
 */
public final class KeyportServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KeyportServer.class.getName());

    private final KeyportConfig config;
    private final Database database;
    private final BlobStorage storage;
    private final WebServer server;
    private final RouteRegistry routes;
    private final EventBus events;
    private final TaskQueue tasks;
    private final TaskWorkers taskWorkers;
    private final AtomicBoolean serving = new AtomicBoolean(true);
    private final Optional<Path> generatedPasswordFile;
    private ConnectionGuard connections;

    private KeyportServer(KeyportConfig config) {
        this.config = config;
        try {
            config.prepareDataDir();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + config.dataDir(), e);
        }
        this.storage = BlobStorages.create(config);
        this.database = Database.open(config.jdbcUrl(), config.dbUser(), config.dbPassword());
        try {
            this.routes = new RouteRegistry();
            this.events = new EventBus();
            Metrics metrics = new Metrics();

            AuditService audit = config.auditOffForBenchmark()
                    ? AuditService.offForBenchmark(database, new AuditStore())
                    : new AuditService(database, new AuditStore());
            if (config.auditOffForBenchmark()) {
                LOG.severe("KEYPORT_AUDIT=off: THIS SERVER WRITES NO AUDIT LOG. For benchmarks only (bench/audit); "
                        + "never run a real deployment like this.");
            }

            AtomicReference<AuthService> authRef = new AtomicReference<>();
            Runnable identityChanged = () -> {
                AuthService a = authRef.get();
                if (a != null) {
                    a.identityChanged();
                }
            };
            AccountService accounts = new AccountService(database, new UserStore(), new TeamStore(), audit,
                    new PasswordHasher(), identityChanged);
            ServiceAccountService serviceAccounts = new ServiceAccountService(database, new ServiceStore(), audit,
                    identityChanged);
            TokenService tokens = TokenService.open(
                    config.tokenKeyFile().orElse(config.dataDir().resolve("keys").resolve("token-signing-key.json")),
                    config.tokenTtl());
            Optional<OidcVerifier> oidc = config.oidcIssuer().map(issuer -> new OidcVerifier(issuer,
                    config.oidcJwksUrl().orElseThrow(() -> new IllegalArgumentException(
                            "KEYPORT_OIDC_JWKS_URL is required with KEYPORT_OIDC_ISSUER")),
                    config.oidcAudience().orElse(null), config.oidcUidClaim(), config.oidcTeamsClaim(),
                    config.oidcRealmClaim().orElse(null)));
            AuthService auth = new AuthService(accounts, serviceAccounts, tokens, new LoginThrottle(), oidc,
                    config.oidcAdminTeam());
            authRef.set(auth);
            Authenticator authenticator = new Authenticator(auth);

            ApplicationStore applicationStore = new ApplicationStore();
            VersionStore versionStore = new VersionStore();
            java.time.Clock clock = java.time.Clock.systemUTC();
            TaskStore taskStore = new TaskStore();
            TaskSignal taskSignal = new TaskSignal();
            this.tasks = new TaskQueue(database, taskStore, taskSignal, clock, config.tasks());
            TaskHandlers taskHandlers = new TaskHandlers()
                    .register(VersionApprovedTask.KIND, new VersionApprovedTask(versionStore, clock));
            if (config.tasks().testKinds()) {
                LOG.warning("KEYPORT_TASKS_TEST_KINDS is on: test-only task kinds are registered");
                TestTaskKinds.register(taskHandlers);
            }
            this.taskWorkers = new TaskWorkers(new TaskRunner(database, taskStore, taskHandlers, clock, config.tasks(),
                    TaskWorkers.newOwner()), taskSignal, config.tasks());
            TaskAdminService taskAdmin = new TaskAdminService(database, taskStore, auth, audit, taskSignal, clock);
            ApplicationService applications = new ApplicationService(database, applicationStore, versionStore, auth, accounts,
                    serviceAccounts, audit, clock);
            VersionService versions = new VersionService(database, applicationStore, versionStore, auth, audit, events, tasks,
                    clock);
            applications.policyListener(versions::reevaluate);
            applications.serviceIdentityListener(identityChanged);
            accounts.serviceDirectory(applications);
            serviceAccounts.serviceDirectory(applications);

            this.generatedPasswordFile = bootstrapAdmin(accounts);

            long maxBody = config.maxJsonBody();
            metrics.gauge("keyport_db_pool_active_connections", () -> activeConnections());
            this.connections = new ConnectionGuard(config.http());
            metrics.gauge("keyport_http_open_connections", () -> connections.openConnections());
            TaskMetrics.register(metrics, taskAdmin);
            this.server = WebServer.builder()
                    .update(connections::configure)
                    .host(config.httpHost())
                    .port(config.httpPort())
                    .shutdownHook(false)
                    // requests in flight at SIGTERM get this long to finish (Helidon's default is 0.5 s)
                    .shutdownGracePeriod(java.time.Duration.ofSeconds(10))
                    .directHandlers(JsonDirectHandler.handlers())
                    .routing((HttpRouting.Builder r) -> {
                        r.addFilter(new TransportFilter(connections));
                        r.addFilter(new ObservabilityFilter(metrics));
                        if (!config.corsOrigins().isEmpty()) {
                            r.addFilter(new CorsFilter(config.corsOrigins()));
                        }
                        r.register(new OperationsHttpService(metrics, routes, serving::get));
                        r.register(new TokenHttpService(auth, routes));
                        r.register(new TeamsHttpService(accounts, authenticator, routes, maxBody));
                        r.register(new ServiceAccountsHttpService(serviceAccounts, authenticator, routes, maxBody));
                        r.register(new KioHttpService(applications, versions, authenticator, routes, maxBody));
                        r.register(new AuditHttpService(audit, auth, authenticator, routes));
                        r.register(new TasksHttpService(taskAdmin, authenticator, routes));
                        r.any(routes.unmatched());
                        r.error(ApiException.class, ErrorMapper::api);
                        r.error(Throwable.class, ErrorMapper::unexpected);
                    })
                    .build()
                    .start();
            taskWorkers.start();
        } catch (RuntimeException e) {
            if (connections != null) {
                connections.close();
            }
            database.close();
            throw e;
        }
    }

    /** Starts a server; returns once it accepts requests. */
    public static KeyportServer start(KeyportConfig config) {
        return new KeyportServer(config);
    }

    private double activeConnections() {
        return database.dataSource() instanceof com.zaxxer.hikari.HikariDataSource h && h.getHikariPoolMXBean() != null
                ? h.getHikariPoolMXBean().getActiveConnections() : 0;
    }

    private Optional<Path> bootstrapAdmin(AccountService accounts) {
        Optional<String> generated = accounts.bootstrapAdmin(config.adminPassword());
        if (generated.isEmpty()) {
            return Optional.empty();
        }
        Path file = config.dataDir().resolve("initial-admin-password");
        try {
            SecretFiles.write(file, generated.get() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.info("Created user admin; its generated password is in " + file.toAbsolutePath());
        return Optional.of(file);
    }

    public int port() {
        return server.port();
    }

    public KeyportConfig config() {
        return config;
    }

    public RouteRegistry routes() {
        return routes;
    }

    public EventBus events() {
        return events;
    }

    /** The task queue, for enqueueing inside a transaction of {@link #database()}. */
    public TaskQueue tasks() {
        return tasks;
    }

    public Database database() {
        return database;
    }

    /** Content storage (filesystem or S3), shared by the domains that store blobs. */
    public BlobStorage storage() {
        return storage;
    }

    /** Where the generated admin password was written on this start, if one was generated. */
    public Optional<Path> generatedPasswordFile() {
        return generatedPasswordFile;
    }

    /**
     * Stops accepting requests, lets running ones finish, stops the task workers (runs in progress
     * get a grace period, then are handed back), then closes the database pool.
     */
    @Override
    public void close() {
        serving.set(false);
        try {
            server.stop();
        } finally {
            try {
                taskWorkers.close();
            } finally {
                connections.close();
                database.close();
                storage.close();
            }
        }
    }
}
