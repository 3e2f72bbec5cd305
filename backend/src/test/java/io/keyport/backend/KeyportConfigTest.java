package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.db.Database;
import io.keyport.backend.http.HttpLimits;
import io.keyport.backend.http.TlsConfig;
import io.keyport.backend.identity.OidcConfig;
import io.keyport.backend.storage.S3Config;
import io.keyport.backend.storage.StorageConfig;
import io.keyport.backend.tasks.service.TasksConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code KEYPORT_*} settings as the server parses them: the README's defaults, each setting in
 * its concern's record, and every value that cannot work refused with a message naming the variable
 * (which {@code Main} prints before exiting with status 2).
 */
class KeyportConfigTest {

    @TempDir
    Path data;

    private KeyportConfig config(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(extra);
        settings.put("KEYPORT_DATA_DIR", data.toString());
        return KeyportConfig.of(settings);
    }

    @Test
    void embeddedPageCacheIsAQuarterOfTheHeapAndNeverBelowH2sDefault() {
        assertThat(KeyportConfig.h2CacheKilobytes(8L << 30)).isEqualTo(2L << 20);
        assertThat(KeyportConfig.h2CacheKilobytes(512L << 20)).isEqualTo(128L << 10);
        assertThat(KeyportConfig.h2CacheKilobytes(32L << 20)).isEqualTo(16L << 10);
    }

    @Test
    void embeddedDatabaseOpensWithThatPageCache() throws Exception {
        KeyportConfig config = config(Map.of());
        try (Database db = Database.open(config.database().url(), Optional.empty(), Optional.empty())) {
            long megabytes = db.read(c -> {
                try (var rs = c.createStatement()
                        .executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                + " WHERE SETTING_NAME = 'info.CACHE_MAX_SIZE'")) {
                    rs.next();
                    return Long.parseLong(rs.getString(1));
                }
            });
            assertThat(megabytes)
                    .isEqualTo(
                            KeyportConfig.h2CacheKilobytes(Runtime.getRuntime().maxMemory()) / 1024);
        }
    }

    @Test
    void defaultsAreTheReadmeTable() {
        KeyportConfig config = config(Map.of());

        assertThat(config.dataDir()).isEqualTo(data);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().maxJsonBody()).isEqualTo(1_048_576);
        assertThat(config.http().corsOrigins()).isEmpty();
        assertThat(config.http().tls()).as("plain HTTP").isEmpty();
        assertThat(config.http().limits())
                .isEqualTo(new HttpLimits(Duration.parse("PT30S"), Duration.parse("PT20S"), 1000, 16384));
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.database().url())
                .startsWith(
                        "jdbc:h2:file:" + data.resolve("db").resolve("keyport").toAbsolutePath() + ";")
                .contains("WRITE_DELAY=0")
                .contains(";CACHE_SIZE="
                        + Math.max(16 * 1024, Runtime.getRuntime().maxMemory() / 4 / 1024));
        assertThat(config.database().user()).isEmpty();
        assertThat(config.storage())
                .isEqualTo(new StorageConfig(
                        StorageConfig.Backend.FILESYSTEM,
                        data.resolve("blobs"),
                        Optional.empty(),
                        Duration.parse("PT24H"),
                        Duration.parse("PT1H")));
        assertThat(config.audit().offForBenchmark()).isFalse();
        assertThat(config.tasks())
                .isEqualTo(new TasksConfig(
                        2,
                        Duration.parse("PT1S"),
                        Duration.parse("PT30S"),
                        Duration.parse("PT2S"),
                        Duration.parse("PT1H"),
                        10,
                        false));
        assertThat(config.identity().adminPassword()).isEmpty();
        assertThat(config.identity().initialPasswordFile()).isEqualTo(data.resolve("initial-admin-password"));
        assertThat(config.identity().tokens().ttl()).isEqualTo(Duration.parse("PT1H"));
        assertThat(config.identity().tokens().keyFile())
                .isEqualTo(data.resolve("keys").resolve("token-signing-key.json"));
        assertThat(config.identity().oidc()).isEmpty();
    }

    /**
     * The README's table and the parser name the same variables: none documented but never read,
     * none read but undocumented. (The parser is the only class that knows the names.)
     */
    @Test
    void theReadmeTableListsExactlyTheVariablesTheServerReads() throws Exception {
        Set<String> documented = variables(Files.readString(Path.of("..", "README.md"))
                .lines()
                .filter(l -> l.startsWith("| `KEYPORT_"))
                .collect(Collectors.joining("\n")));
        Set<String> read = variables(
                Files.readString(Path.of("src", "main", "java", "io", "keyport", "backend", "KeyportConfig.java")));

        assertThat(documented).isNotEmpty().isEqualTo(read);
    }

    private static Set<String> variables(String text) {
        return Pattern.compile("KEYPORT_[A-Z0-9_]*[A-Z0-9]")
                .matcher(text)
                .results()
                .map(MatchResult::group)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void eachSettingLandsInItsConcernsRecord() {
        KeyportConfig config = config(Map.ofEntries(
                Map.entry("KEYPORT_HTTP_HOST", "0.0.0.0"),
                Map.entry("KEYPORT_HTTP_PORT", "9090"),
                Map.entry("KEYPORT_MAX_JSON_BODY", "2048"),
                Map.entry("KEYPORT_CORS_ORIGINS", "https://a.example.org, https://b.example.org,"),
                Map.entry("KEYPORT_DB_URL", "jdbc:postgresql://db.example.org/keyport"),
                Map.entry("KEYPORT_DB_USER", "keyport"),
                Map.entry("KEYPORT_DB_PASSWORD", "db-secret"),
                Map.entry("KEYPORT_ADMIN_PASSWORD", "admin-secret"),
                Map.entry("KEYPORT_TOKEN_TTL", "PT15M"),
                Map.entry("KEYPORT_TOKEN_KEY_FILE", "/etc/keyport/token.json"),
                Map.entry("KEYPORT_OIDC_ISSUER", "https://login.example.org"),
                Map.entry("KEYPORT_OIDC_JWKS_URL", "https://login.example.org/jwks"),
                Map.entry("KEYPORT_OIDC_ADMIN_TEAM", "admins"),
                Map.entry("KEYPORT_TASKS_WORKERS", "0"),
                Map.entry("KEYPORT_TASKS_TEST_KINDS", "TRUE")));

        assertThat(config.http().host()).isEqualTo("0.0.0.0");
        assertThat(config.http().port()).isEqualTo(9090);
        assertThat(config.http().maxJsonBody()).isEqualTo(2048);
        assertThat(config.http().corsOrigins())
                .containsExactlyInAnyOrder("https://a.example.org", "https://b.example.org");
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db.example.org/keyport");
        assertThat(config.database().embedded()).isFalse();
        assertThat(config.database().user()).contains("keyport");
        assertThat(config.database().password()).contains("db-secret");
        assertThat(config.identity().adminPassword()).contains("admin-secret");
        assertThat(config.identity().tokens().ttl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.identity().tokens().keyFile()).isEqualTo(Path.of("/etc/keyport/token.json"));
        assertThat(config.identity().oidc())
                .contains(new OidcConfig(
                        "https://login.example.org",
                        URI.create("https://login.example.org/jwks"),
                        Optional.empty(),
                        "sub",
                        "groups",
                        Optional.empty(),
                        Optional.of("admins")));
        assertThat(config.tasks().workers()).isZero();
        assertThat(config.tasks().testKinds()).isTrue();
        assertThat(config.toString()).as("no secret is printed").doesNotContain("db-secret", "admin-secret");
    }

    @Test
    void s3SettingsAreATypedRecordOnlyWithS3Storage() {
        Map<String, String> s3 = Map.of(
                "KEYPORT_S3_ENDPOINT",
                "http://127.0.0.1:9000",
                "KEYPORT_S3_BUCKET",
                "blobs",
                "KEYPORT_S3_ACCESS_KEY",
                "access",
                "KEYPORT_S3_SECRET_KEY",
                "s3-secret",
                "KEYPORT_S3_PATH_STYLE",
                "true");
        assertThat(config(s3).storage().s3())
                .as("ignored with filesystem storage")
                .isEmpty();

        Map<String, String> settings = new HashMap<>(s3);
        settings.put("KEYPORT_STORAGE", "S3");
        KeyportConfig config = config(settings);

        assertThat(config.storage().backend()).isEqualTo(StorageConfig.Backend.S3);
        assertThat(config.storage().s3())
                .contains(new S3Config(
                        Optional.of(URI.create("http://127.0.0.1:9000")),
                        "blobs",
                        "us-east-1",
                        Optional.of("access"),
                        Optional.of("s3-secret"),
                        true,
                        false,
                        S3Config.DEFAULT_PART_SIZE));
        assertThat(config.toString()).doesNotContain("s3-secret");
    }

    @Test
    void helidonConfigKeysAreTheVariablesInLowerCaseWithDots() {
        assertThat(KeyportConfig.of(Map.of("keyport.http.port", "9191", "keyport.tasks.max.attempts", "3")))
                .satisfies(c -> assertThat(c.http().port()).isEqualTo(9191))
                .satisfies(c -> assertThat(c.tasks().maxAttempts()).isEqualTo(3));
    }

    /** Every kind of value the parser refuses, for each syntax it knows, and the records' own rules. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            KEYPORT_HTTP_PORT              | eighty
            KEYPORT_HTTP_PORT              | 65536
            KEYPORT_HTTP_PORT              | -1
            KEYPORT_HTTP_IDLE_TIMEOUT      | 30s
            KEYPORT_HTTP_IDLE_TIMEOUT      | -PT1S
            KEYPORT_HTTP_READ_TIMEOUT      | PT0S
            KEYPORT_HTTP_MAX_CONNECTIONS   | many
            KEYPORT_HTTP_MAX_HEADER_SIZE   | 512
            KEYPORT_MAX_JSON_BODY          | 1MB
            KEYPORT_MAX_JSON_BODY          | 0
            KEYPORT_DB_URL                 | postgres://db/keyport
            KEYPORT_STORAGE                | gcs
            KEYPORT_STORAGE_PURGE_AFTER    | 24h
            KEYPORT_STORAGE_PURGE_INTERVAL | PT0S
            KEYPORT_TOKEN_TTL              | one hour
            KEYPORT_TOKEN_TTL              | -PT1H
            KEYPORT_TASKS_WORKERS          | two
            KEYPORT_TASKS_WORKERS          | 65
            KEYPORT_TASKS_LEASE            | PT0.1S
            KEYPORT_TASKS_MAX_ATTEMPTS     | 0
            KEYPORT_TASKS_TEST_KINDS       | yes
            KEYPORT_AUDIT                  | false
            KEYPORT_TLS_SELF_SIGNED        | yes
            KEYPORT_TLS_CERT               | /nonexistent/cert.pem
            KEYPORT_TLS_KEY                | /
            """)
    void aBadValueIsRefusedNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> config(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(variable);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            KEYPORT_S3_BUCKET     |
            KEYPORT_S3_ENDPOINT   | localhost:9000
            KEYPORT_S3_ENDPOINT   | ftp://store.example.org
            KEYPORT_S3_PATH_STYLE | yes
            KEYPORT_S3_REDIRECT   | 1
            KEYPORT_S3_SECRET_KEY | only-half
            """)
    void aBadS3ValueIsRefusedNamingTheVariable(String variable, String value) {
        Map<String, String> settings = new HashMap<>(Map.of("KEYPORT_STORAGE", "s3", "KEYPORT_S3_BUCKET", "blobs"));
        settings.put(variable, value == null ? "" : value);

        assertThatThrownBy(() -> config(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(variable);
    }

    @Test
    void tlsComesFromTwoPemFilesOrFromASelfSignedCertificateInTheDataFolder() throws Exception {
        Path cert = Files.writeString(data.resolve("cert.pem"), "read when the server starts");
        Path key = Files.writeString(data.resolve("key.pem"), "read when the server starts");

        assertThat(config(Map.of("KEYPORT_TLS_CERT", cert.toString(), "KEYPORT_TLS_KEY", key.toString()))
                        .http()
                        .tls())
                .contains(new TlsConfig(cert, key, false));
        assertThat(config(Map.of("KEYPORT_TLS_SELF_SIGNED", "true")).http().tls())
                .contains(new TlsConfig(
                        data.resolve("tls").resolve("self-signed-cert.pem"),
                        data.resolve("tls").resolve("self-signed-key.pem"),
                        true));
        assertThat(config(Map.of("KEYPORT_TLS_SELF_SIGNED", "false")).http().tls())
                .isEmpty();
    }

    @Test
    void tlsSettingsThatCannotWorkTogetherAreRefused() throws Exception {
        String cert = Files.writeString(data.resolve("cert.pem"), "").toString();
        String key = Files.writeString(data.resolve("key.pem"), "").toString();

        assertThatThrownBy(() -> config(Map.of("KEYPORT_TLS_CERT", cert)))
                .hasMessage("KEYPORT_TLS_KEY is required with KEYPORT_TLS_CERT");
        assertThatThrownBy(() -> config(Map.of("KEYPORT_TLS_KEY", key)))
                .hasMessage("KEYPORT_TLS_CERT is required with KEYPORT_TLS_KEY");
        assertThatThrownBy(() -> config(Map.of("KEYPORT_TLS_SELF_SIGNED", "true", "KEYPORT_TLS_CERT", cert)))
                .hasMessage("KEYPORT_TLS_SELF_SIGNED=true cannot be combined with KEYPORT_TLS_CERT or "
                        + "KEYPORT_TLS_KEY; set one or the other");
        assertThatThrownBy(() -> config(Map.of("KEYPORT_TLS_CERT", cert, "KEYPORT_TLS_KEY", data.toString())))
                .hasMessage("KEYPORT_TLS_KEY must be a readable file, not '" + data + "'");
    }

    @Test
    void anExternalIssuerNeedsAnHttpKeySet() {
        assertThatThrownBy(() -> config(Map.of("KEYPORT_OIDC_ISSUER", "https://login.example.org")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KEYPORT_OIDC_JWKS_URL is required with KEYPORT_OIDC_ISSUER");
        assertThatThrownBy(() -> config(Map.of(
                        "KEYPORT_OIDC_ISSUER",
                        "https://login.example.org",
                        "KEYPORT_OIDC_JWKS_URL",
                        "file:///etc/jwks.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KEYPORT_OIDC_JWKS_URL must be an http or https URL, not 'file:///etc/jwks.json'");
    }
}
