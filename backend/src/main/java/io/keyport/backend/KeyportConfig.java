package io.keyport.backend;

import io.helidon.config.Config;
import io.keyport.backend.http.HttpLimits;
import io.keyport.backend.tasks.service.TaskSettings;
import java.nio.file.Files;
import io.keyport.backend.storage.OwnerOnly;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of the server, read once at start. Each value comes from a {@code KEYPORT_*}
 * environment variable or, with the same meaning, from the Helidon config key formed by lower-casing
 * it and turning underscores into dots ({@code KEYPORT_HTTP_PORT} = {@code keyport.http.port}).
 */
public record KeyportConfig(
        String httpHost,
        int httpPort,
        Path dataDir,
        Optional<String> adminPassword,
        Optional<String> dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        String storage,
        Map<String, String> s3,
        Duration tokenTtl,
        Optional<Path> tokenKeyFile,
        Optional<String> oidcIssuer,
        Optional<String> oidcJwksUrl,
        Optional<String> oidcAudience,
        String oidcUidClaim,
        String oidcTeamsClaim,
        Optional<String> oidcRealmClaim,
        Optional<String> oidcAdminTeam,
        long maxJsonBody,
        java.util.Set<String> corsOrigins,
        HttpLimits http,
        TaskSettings tasks,
        boolean auditOffForBenchmark,
        Duration storagePurgeAfter,
        Duration storagePurgeInterval) {

    public KeyportConfig {
        if (storagePurgeAfter.isNegative()) {
            throw new IllegalArgumentException("KEYPORT_STORAGE_PURGE_AFTER must not be negative: " + storagePurgeAfter);
        }
        if (storagePurgeInterval.isNegative() || storagePurgeInterval.isZero()) {
            throw new IllegalArgumentException("KEYPORT_STORAGE_PURGE_INTERVAL must be positive: " + storagePurgeInterval);
        }
    }

    /** Reads the configuration from environment, system properties and an optional {@code keyport.yaml}. */
    public static KeyportConfig load(Config config) {
        return load(new Reader(config, true));
    }

    /**
     * Reads the configuration from explicit settings only, keyed by variable name
     * ({@code KEYPORT_HTTP_PORT}); the environment is ignored. For the console's bundled server and tests.
     */
    public static KeyportConfig of(Map<String, String> settings) {
        return load(new Reader(Config.just(io.helidon.config.ConfigSources.create(settings)), false));
    }

    private static KeyportConfig load(Reader r) {
        return new KeyportConfig(
                r.string("KEYPORT_HTTP_HOST").orElse("127.0.0.1"),
                r.string("KEYPORT_HTTP_PORT").map(Integer::parseInt).orElse(8080),
                r.string("KEYPORT_DATA_DIR").map(Path::of).orElseGet(KeyportConfig::defaultDataDir),
                r.string("KEYPORT_ADMIN_PASSWORD"),
                r.string("KEYPORT_DB_URL"),
                r.string("KEYPORT_DB_USER"),
                r.string("KEYPORT_DB_PASSWORD"),
                r.string("KEYPORT_STORAGE").orElse("filesystem"),
                s3(r),
                r.string("KEYPORT_TOKEN_TTL").map(Duration::parse).orElse(Duration.ofHours(1)),
                r.string("KEYPORT_TOKEN_KEY_FILE").map(Path::of),
                r.string("KEYPORT_OIDC_ISSUER"),
                r.string("KEYPORT_OIDC_JWKS_URL"),
                r.string("KEYPORT_OIDC_AUDIENCE"),
                r.string("KEYPORT_OIDC_UID_CLAIM").orElse("sub"),
                r.string("KEYPORT_OIDC_TEAMS_CLAIM").orElse("groups"),
                r.string("KEYPORT_OIDC_REALM_CLAIM"),
                r.string("KEYPORT_OIDC_ADMIN_TEAM"),
                r.string("KEYPORT_MAX_JSON_BODY").map(Long::parseLong).orElse(1L << 20),
                r.string("KEYPORT_CORS_ORIGINS").map(KeyportConfig::list).orElse(java.util.Set.of()),
                new HttpLimits(
                        r.string("KEYPORT_HTTP_IDLE_TIMEOUT").map(Duration::parse).orElse(HttpLimits.DEFAULT_IDLE_TIMEOUT),
                        r.string("KEYPORT_HTTP_READ_TIMEOUT").map(Duration::parse).orElse(HttpLimits.DEFAULT_READ_TIMEOUT),
                        r.string("KEYPORT_HTTP_MAX_CONNECTIONS").map(Integer::parseInt)
                                .orElse(HttpLimits.DEFAULT_MAX_CONNECTIONS),
                        r.string("KEYPORT_HTTP_MAX_HEADER_SIZE").map(Integer::parseInt)
                                .orElse(HttpLimits.DEFAULT_MAX_HEADER_SIZE)),
                TaskSettings.from(r::string),
                auditOff(r),
                r.string("KEYPORT_STORAGE_PURGE_AFTER").map(Duration::parse).orElse(Duration.ofHours(24)),
                r.string("KEYPORT_STORAGE_PURGE_INTERVAL").map(Duration::parse).orElse(Duration.ofHours(1)));
    }

    /**
     * {@code KEYPORT_AUDIT=off}: writes append no audit entry. Only for measuring what the audit log
     * costs ({@code bench/audit}); never for a real deployment, whose every write must be audited.
     * Refused unless {@code KEYPORT_BENCHMARK_UNSAFE=true} says so too.
     */
    private static boolean auditOff(Reader r) {
        String audit = r.string("KEYPORT_AUDIT").orElse("on");
        if (audit.equals("on")) {
            return false;
        }
        if (!audit.equals("off")) {
            throw new IllegalArgumentException("KEYPORT_AUDIT must be on or off, not " + audit);
        }
        if (!r.string("KEYPORT_BENCHMARK_UNSAFE").orElse("").equals("true")) {
            throw new IllegalArgumentException("KEYPORT_AUDIT=off is for benchmarks only and leaves writes unaudited; "
                    + "it also needs KEYPORT_BENCHMARK_UNSAFE=true");
        }
        return true;
    }

    private static Map<String, String> s3(Reader r) {
        var map = new java.util.TreeMap<String, String>();
        for (String key : new String[] {"ENDPOINT", "BUCKET", "REGION", "ACCESS_KEY", "SECRET_KEY", "PATH_STYLE", "REDIRECT"}) {
            r.string("KEYPORT_S3_" + key).ifPresent(v -> map.put(key.toLowerCase(java.util.Locale.ROOT), v));
        }
        return Map.copyOf(map);
    }

    private static java.util.Set<String> list(String value) {
        java.util.Set<String> items = new java.util.LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return java.util.Set.copyOf(items);
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

    /** Whether the embedded H2 database under the data folder is used. */
    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    /**
     * The JDBC URL, the embedded H2 default included ({@code WRITE_DELAY=0}: a commit is written
     * before it returns; the database layer also syncs it and refuses H2 URLs that are not durable).
     */
    public String jdbcUrl() {
        return dbUrl.orElseGet(() -> "jdbc:h2:file:" + dataDir.resolve("db").resolve("keyport").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
    }

    /**
     * Creates the data folder if needed and makes it the server user's alone (0700, also when it
     * existed); a folder that cannot be created fails the start.
     */
    public void prepareDataDir() throws java.io.IOException {
        OwnerOnly.createDirectories(dataDir);
        OwnerOnly.restrict(dataDir);
    }

    private record Reader(Config config, boolean useEnv) {
        Optional<String> string(String env) {
            String value = useEnv ? System.getenv(env) : null;
            if (value == null || value.isBlank()) {
                value = config.get(env.toLowerCase(java.util.Locale.ROOT).replace('_', '.')).asString().orElse(null);
            }
            if (value == null || value.isBlank()) {
                value = config.get(env).asString().orElse(null);
            }
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
        }
    }
}
