package io.keyport.backend;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.keyport.backend.appstore.AppStoreConfig;
import io.keyport.backend.archives.ArchivesConfig;
import io.keyport.backend.audit.service.AuditConfig;
import io.keyport.backend.db.DatabaseConfig;
import io.keyport.backend.http.HttpConfig;
import io.keyport.backend.http.HttpLimits;
import io.keyport.backend.http.TlsConfig;
import io.keyport.backend.identity.IdentityConfig;
import io.keyport.backend.identity.OidcConfig;
import io.keyport.backend.identity.TokenConfig;
import io.keyport.backend.registry.RegistryConfig;
import io.keyport.backend.storage.BlobStorages;
import io.keyport.backend.storage.OwnerOnly;
import io.keyport.backend.storage.S3Config;
import io.keyport.backend.storage.StorageConfig;
import io.keyport.backend.tasks.service.TasksConfig;
import io.keyport.backend.tuf.TufConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Every setting of the server, read once at start into one typed record per concern; each module
 * reads only its own record (and the platform's HTTP limits). This class is the only place that
 * knows the {@code KEYPORT_*} names, their defaults and their syntax; the README's table lists them.
 *
 * <p>Each value comes from a {@code KEYPORT_*} environment variable or, with the same meaning, from
 * the Helidon config key formed by lower-casing it and turning underscores into dots
 * ({@code KEYPORT_HTTP_PORT} = {@code keyport.http.port}). A value that cannot work throws an
 * {@link IllegalArgumentException} whose message starts with the variable's name; {@link Main}
 * prints it and exits with status 2.
 *
 * @param dataDir  the data folder: embedded database, blobs, keys ({@code KEYPORT_DATA_DIR})
 * @param http     the HTTP server (platform)
 * @param database the SQL database (platform)
 * @param storage  the content storage (platform)
 * @param audit    the audit log (platform)
 * @param tasks    the task queue (platform) and its workers (the tasks module)
 * @param identity people, tokens and the external OIDC provider (the identity module)
 * @param appstore the chart repository (the App Store module)
 * @param tuf      the TUF repository: online key, expiry renewal (the tuf module)
 * @param archives application archives (the archives module)
 * @param registry the image registry: garbage collection (the registry module)
 */
public record KeyportConfig(
        Path dataDir,
        HttpConfig http,
        DatabaseConfig database,
        StorageConfig storage,
        AuditConfig audit,
        TasksConfig tasks,
        IdentityConfig identity,
        AppStoreConfig appstore,
        TufConfig tuf,
        ArchivesConfig archives,
        RegistryConfig registry) {

    /** Reads the configuration from environment, system properties and an optional {@code keyport.yaml}. */
    public static KeyportConfig load(Config config) {
        return load(new Reader(config, true));
    }

    /**
     * Reads the configuration from explicit settings only, keyed by variable name
     * ({@code KEYPORT_HTTP_PORT}); the environment is ignored. For the console's bundled server and tests.
     */
    public static KeyportConfig of(Map<String, String> settings) {
        return load(new Reader(Config.just(ConfigSources.create(settings)), false));
    }

    private static KeyportConfig load(Reader r) {
        Path dataDir = r.path("KEYPORT_DATA_DIR").orElseGet(KeyportConfig::defaultDataDir);
        return new KeyportConfig(
                dataDir,
                http(r, dataDir),
                database(r, dataDir),
                storage(r, dataDir),
                audit(r),
                tasks(r),
                identity(r, dataDir),
                appstore(r),
                tuf(r, dataDir),
                archives(r),
                registry(r));
    }

    private static HttpConfig http(Reader r, Path dataDir) {
        HttpLimits limits = new HttpLimits(
                r.duration("KEYPORT_HTTP_IDLE_TIMEOUT", HttpLimits.DEFAULT_IDLE_TIMEOUT),
                r.duration("KEYPORT_HTTP_READ_TIMEOUT", HttpLimits.DEFAULT_READ_TIMEOUT),
                r.integer("KEYPORT_HTTP_MAX_CONNECTIONS", HttpLimits.DEFAULT_MAX_CONNECTIONS),
                r.integer("KEYPORT_HTTP_MAX_HEADER_SIZE", HttpLimits.DEFAULT_MAX_HEADER_SIZE));
        return new HttpConfig(
                r.string("KEYPORT_HTTP_HOST").orElse("127.0.0.1"),
                r.integer("KEYPORT_HTTP_PORT", 8080),
                limits,
                r.parsed("KEYPORT_MAX_JSON_BODY", Long::parseLong, "a number of bytes")
                        .orElse(1L << 20),
                r.string("KEYPORT_CORS_ORIGINS").map(KeyportConfig::list).orElse(Set.of()),
                tls(r, dataDir));
    }

    /**
     * HTTPS from the operator's PEM files, or from a self-signed loopback certificate the server keeps
     * in {@code <data>/tls}; the files' content is checked when the server starts ({@code ServerTls}).
     */
    private static Optional<TlsConfig> tls(Reader r, Path dataDir) {
        Optional<Path> cert = r.file("KEYPORT_TLS_CERT");
        Optional<Path> key = r.file("KEYPORT_TLS_KEY");
        if (r.flag("KEYPORT_TLS_SELF_SIGNED", false)) {
            if (cert.isPresent() || key.isPresent()) {
                throw new IllegalArgumentException("KEYPORT_TLS_SELF_SIGNED=true cannot be combined with "
                        + "KEYPORT_TLS_CERT or KEYPORT_TLS_KEY; set one or the other");
            }
            Path folder = dataDir.resolve("tls");
            return Optional.of(
                    new TlsConfig(folder.resolve("self-signed-cert.pem"), folder.resolve("self-signed-key.pem"), true));
        }
        if (cert.isPresent() != key.isPresent()) {
            throw new IllegalArgumentException(
                    (cert.isPresent()
                            ? "KEYPORT_TLS_KEY is required with KEYPORT_TLS_CERT"
                            : "KEYPORT_TLS_CERT is required with KEYPORT_TLS_KEY"));
        }
        return cert.map(c -> new TlsConfig(c, key.orElseThrow(), false));
    }

    /**
     * The embedded default is H2 in file mode under the data folder ({@code WRITE_DELAY=0}: a commit
     * is written before it returns; the database layer also syncs it and refuses H2 URLs that are not
     * durable), with a page cache of {@link #h2CacheKilobytes} (decision 0031).
     */
    private static DatabaseConfig database(Reader r, Path dataDir) {
        Optional<String> url = r.string("KEYPORT_DB_URL");
        String jdbcUrl = url.orElseGet(() -> "jdbc:h2:file:"
                + dataDir.resolve("db").resolve("keyport").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0"
                + ";CACHE_SIZE=" + h2CacheKilobytes(Runtime.getRuntime().maxMemory()));
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException(
                    "KEYPORT_DB_URL must be a JDBC URL (jdbc:postgresql://… or jdbc:h2:file:…): " + jdbcUrl);
        }
        return new DatabaseConfig(jdbcUrl, r.string("KEYPORT_DB_USER"), r.string("KEYPORT_DB_PASSWORD"), url.isEmpty());
    }

    /**
     * The embedded H2's page cache, in kilobytes as {@code CACHE_SIZE} takes it: a quarter of the
     * heap, at least H2's own default of 16 MB. H2 keeps decoded pages there; with its default, a
     * catalogue of 100,000 applications did not fit and every list read its pages from the file
     * again (decision 0031). The cache fills only as pages are read.
     */
    static long h2CacheKilobytes(long maxHeapBytes) {
        return Math.max(16 * 1024, maxHeapBytes / 4 / 1024);
    }

    private static StorageConfig storage(Reader r, Path dataDir) {
        String name = r.string("KEYPORT_STORAGE").orElse("filesystem");
        StorageConfig.Backend backend = switch (name.toLowerCase(Locale.ROOT)) {
            case "filesystem" -> StorageConfig.Backend.FILESYSTEM;
            case "s3" -> StorageConfig.Backend.S3;
            default ->
                throw new IllegalArgumentException(
                        "KEYPORT_STORAGE=" + name + " is not a storage backend; use filesystem or s3");
        };
        Optional<S3Config> s3 = backend == StorageConfig.Backend.S3 ? Optional.of(s3(r)) : Optional.empty();
        return new StorageConfig(
                backend,
                dataDir.resolve(BlobStorages.FILESYSTEM_FOLDER),
                s3,
                r.duration("KEYPORT_STORAGE_PURGE_AFTER", Duration.ofHours(24)),
                r.duration("KEYPORT_STORAGE_PURGE_INTERVAL", Duration.ofHours(1)));
    }

    private static S3Config s3(Reader r) {
        return new S3Config(
                r.httpUrl("KEYPORT_S3_ENDPOINT"),
                r.string("KEYPORT_S3_BUCKET").orElse(null),
                r.string("KEYPORT_S3_REGION").orElse("us-east-1"),
                r.string("KEYPORT_S3_ACCESS_KEY"),
                r.string("KEYPORT_S3_SECRET_KEY"),
                r.flag("KEYPORT_S3_PATH_STYLE", false),
                r.flag("KEYPORT_S3_REDIRECT", false),
                S3Config.DEFAULT_PART_SIZE);
    }

    /**
     * {@code KEYPORT_AUDIT=off} (writes append no audit entry, for {@code bench/audit} only) is
     * refused unless {@code KEYPORT_BENCHMARK_UNSAFE=true} says so too.
     */
    private static AuditConfig audit(Reader r) {
        String audit = r.string("KEYPORT_AUDIT").orElse("on");
        if (audit.equals("on")) {
            return AuditConfig.on();
        }
        if (!audit.equals("off")) {
            throw new IllegalArgumentException("KEYPORT_AUDIT must be on or off, not " + audit);
        }
        if (!r.string("KEYPORT_BENCHMARK_UNSAFE").orElse("").equals("true")) {
            throw new IllegalArgumentException("KEYPORT_AUDIT=off is for benchmarks only and leaves writes unaudited; "
                    + "it also needs KEYPORT_BENCHMARK_UNSAFE=true");
        }
        return new AuditConfig(true);
    }

    private static ArchivesConfig archives(Reader r) {
        return new ArchivesConfig(r.parsed("KEYPORT_ARCHIVES_MAX_SIZE", Long::parseLong, "a number of bytes")
                .orElse(ArchivesConfig.DEFAULT_MAX_SIZE));
    }

    private static TasksConfig tasks(Reader r) {
        TasksConfig d = TasksConfig.defaults();
        return new TasksConfig(
                r.integer("KEYPORT_TASKS_WORKERS", d.workers()),
                r.duration("KEYPORT_TASKS_POLL", d.poll()),
                r.duration("KEYPORT_TASKS_LEASE", d.lease()),
                r.duration("KEYPORT_TASKS_BACKOFF", d.backoff()),
                r.duration("KEYPORT_TASKS_MAX_BACKOFF", d.maxBackoff()),
                r.integer("KEYPORT_TASKS_MAX_ATTEMPTS", d.maxAttempts()),
                r.flag("KEYPORT_TASKS_TEST_KINDS", d.testKinds()));
    }

    private static IdentityConfig identity(Reader r, Path dataDir) {
        TokenConfig tokens = new TokenConfig(
                r.duration("KEYPORT_TOKEN_TTL", Duration.ofHours(1)),
                r.path("KEYPORT_TOKEN_KEY_FILE").orElse(dataDir.resolve("keys").resolve("token-signing-key.json")));
        Optional<OidcConfig> oidc = r.string("KEYPORT_OIDC_ISSUER")
                .map(issuer -> new OidcConfig(
                        issuer,
                        r.httpUrl("KEYPORT_OIDC_JWKS_URL")
                                .orElseThrow(() -> new IllegalArgumentException(
                                        "KEYPORT_OIDC_JWKS_URL is required with KEYPORT_OIDC_ISSUER")),
                        r.string("KEYPORT_OIDC_AUDIENCE"),
                        r.string("KEYPORT_OIDC_UID_CLAIM").orElse("sub"),
                        r.string("KEYPORT_OIDC_TEAMS_CLAIM").orElse("groups"),
                        r.string("KEYPORT_OIDC_REALM_CLAIM"),
                        r.string("KEYPORT_OIDC_ADMIN_TEAM")));
        return new IdentityConfig(
                r.string("KEYPORT_ADMIN_PASSWORD"), dataDir.resolve("initial-admin-password"), tokens, oidc);
    }

    private static AppStoreConfig appstore(Reader r) {
        return new AppStoreConfig(r.parsed("KEYPORT_APPSTORE_MAX_CHART_SIZE", Long::parseLong, "a number of bytes")
                .orElse(AppStoreConfig.DEFAULT_MAX_CHART_SIZE));
    }

    private static TufConfig tuf(Reader r, Path dataDir) {
        return new TufConfig(
                r.path("KEYPORT_TUF_ONLINE_KEY").orElse(dataDir.resolve("keys").resolve("tuf-online-key.pem")),
                r.duration("KEYPORT_TUF_RENEW_INTERVAL", TufConfig.DEFAULT_RENEW_INTERVAL),
                r.duration("KEYPORT_TUF_RENEW_MARGIN", TufConfig.DEFAULT_RENEW_MARGIN),
                r.duration("KEYPORT_TUF_RETENTION", TufConfig.DEFAULT_RETENTION));
    }

    private static RegistryConfig registry(Reader r) {
        return new RegistryConfig(
                r.duration("KEYPORT_REGISTRY_GC_GRACE", RegistryConfig.DEFAULT_GC_GRACE),
                r.duration("KEYPORT_REGISTRY_GC_INTERVAL", RegistryConfig.DEFAULT_GC_INTERVAL));
    }

    private static Set<String> list(String value) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return Set.copyOf(items);
    }

    /** The per-user data folder: {@code $XDG_DATA_HOME/keyport}, else {@code ~/.local/share/keyport}. */
    static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "keyport");
        }
        Path home = Path.of(System.getProperty("user.home"));
        if (System.getProperty("os.name", "").startsWith("Windows") && System.getenv("LOCALAPPDATA") != null) {
            return Path.of(System.getenv("LOCALAPPDATA"), "Keyport");
        }
        if (System.getProperty("os.name", "").startsWith("Mac")) {
            return home.resolve("Library/Application Support/Keyport");
        }
        return home.resolve(".local/share/keyport");
    }

    /**
     * Creates the data folder if needed and makes it the server user's alone (0700, also when it
     * existed); a folder that cannot be created fails the start.
     */
    public void prepareDataDir() throws IOException {
        OwnerOnly.createDirectories(dataDir);
        OwnerOnly.restrict(dataDir);
    }

    /** Looks settings up by variable name and parses them, naming the variable in every refusal. */
    private record Reader(Config config, boolean useEnv) {

        Optional<String> string(String env) {
            String value = useEnv ? System.getenv(env) : null;
            if (value == null || value.isBlank()) {
                value = config.get(env.toLowerCase(Locale.ROOT).replace('_', '.'))
                        .asString()
                        .orElse(null);
            }
            if (value == null || value.isBlank()) {
                value = config.get(env).asString().orElse(null);
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }

        /** The value parsed by {@code parser}; a value it refuses is reported as not being {@code what}. */
        <T> Optional<T> parsed(String env, Function<String, T> parser, String what) {
            return string(env).map(value -> {
                try {
                    return parser.apply(value);
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    throw new IllegalArgumentException(env + " must be " + what + ", not '" + value + "'", e);
                }
            });
        }

        int integer(String env, int otherwise) {
            return parsed(env, Integer::parseInt, "a whole number").orElse(otherwise);
        }

        Duration duration(String env, Duration otherwise) {
            return parsed(env, Duration::parse, "an ISO-8601 duration such as PT30S")
                    .orElse(otherwise);
        }

        boolean flag(String env, boolean otherwise) {
            return parsed(
                            env,
                            value -> switch (value.toLowerCase(Locale.ROOT)) {
                                case "true" -> true;
                                case "false" -> false;
                                default -> throw new IllegalArgumentException(value);
                            },
                            "true or false")
                    .orElse(otherwise);
        }

        Optional<Path> path(String env) {
            return parsed(env, Path::of, "a file path"); // InvalidPathException is an IllegalArgumentException
        }

        /** A path to a readable regular file (checked now, read later). */
        Optional<Path> file(String env) {
            Optional<Path> file = path(env);
            if (file.isPresent() && !(Files.isRegularFile(file.get()) && Files.isReadable(file.get()))) {
                throw new IllegalArgumentException(env + " must be a readable file, not '" + file.get() + "'");
            }
            return file;
        }

        Optional<URI> httpUrl(String env) {
            return parsed(
                    env,
                    value -> {
                        try {
                            URI uri = new URI(value);
                            String scheme = uri.getScheme() == null
                                    ? ""
                                    : uri.getScheme().toLowerCase(Locale.ROOT);
                            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                                return uri;
                            }
                        } catch (URISyntaxException e) {
                            // refused below
                        }
                        throw new IllegalArgumentException(value);
                    },
                    "an http or https URL");
        }
    }
}
