package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator runs it: {@code java -jar backend/target/keyport-server.jar} with
 * {@code KEYPORT_*} variables. It must say where it listens and where the first admin password
 * is, serve, keep its data folder to its own user, and stop cleanly on SIGTERM and SIGINT (logging
 * it, exit status 0) with the data intact for the next start.
 */
class ServerProcessIT {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path parent;

    /** Every server this test started; one a failed assertion left running is killed after it. */
    private final List<ServerProcess> started = new java.util.ArrayList<>();

    @AfterEach
    void killLeftovers() throws InterruptedException {
        for (ServerProcess server : started) {
            if (server.process().isAlive()) {
                server.kill();
            }
        }
    }

    private ServerProcess start(Path data, Map<String, String> settings) throws Exception {
        ServerProcess server = ServerProcess.start(data, settings);
        started.add(server);
        return server;
    }

    @Test
    void jarStartsWithEmbeddedDefaultsAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(ServerProcess.jar()).as("built by the package phase").exists();
        Path data = parent.resolve("data"); // created by the server
        Map<String, String> database = TestDatabases.freshDatabase();
        ServerProcess first = start(data, database);
        // logged before the "listens" line
        assertThat(first.log()).anyMatch(l -> l.contains("password is in " + data.resolve("initial-admin-password")));
        Path passwordFile = data.resolve("initial-admin-password");
        assertThat(Files.getPosixFilePermissions(passwordFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String password = Files.readString(passwordFile).trim();

        ApiClient api = first.client();
        assertThat(api.get("/.well-known/health", null).body()).isEqualTo("{\"health\":true}");
        String token = api.token("admin", password);
        api.team(token, "ops");
        api.app(token, "survivor", "ops");
        assertOwnerOnly(data);

        assertThat(first.stop())
                .as("exit status after SIGTERM and a clean stop")
                .isZero();
        assertStoppedCleanly(first);
        assertOwnerOnly(data);

        // Same data folder: the application survived, no new password was generated.
        ServerProcess second = start(data, database);
        ApiClient again = second.client();
        String token2 = again.token("admin", password);
        assertThat(again.get("/apps/survivor", token2).status()).isEqualTo(200);
        assertThat(second.log()).noneMatch(l -> l.contains("generated password"));
        assertThat(second.stop()).isZero();
        assertStoppedCleanly(second);
    }

    /** The "Shutting down" line was lost in some stops; every stop, by SIGTERM or Ctrl-C, logs it. */
    @Test
    void everyStopLogsItAndExitsZero() throws Exception {
        Path data = parent.resolve("stops");
        Map<String, String> settings = new java.util.HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_ADMIN_PASSWORD", "stop-test-password");
        for (String signal : List.of("TERM", "INT", "TERM")) {
            ServerProcess server = start(data, settings);
            Process kill = new ProcessBuilder(
                            "kill", "-s", signal, Long.toString(server.process().pid()))
                    .start();
            assertThat(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0)
                    .as("kill -s " + signal)
                    .isTrue();
            assertThat(server.process().waitFor(60, TimeUnit.SECONDS))
                    .as("exits after SIG" + signal)
                    .isTrue();
            assertThat(server.process().exitValue())
                    .as("exit status after SIG" + signal)
                    .isZero();
            assertStoppedCleanly(server);
        }
    }

    /**
     * Helm's Go runtime, loaded into the server by the first release operation, took over the
     * process's SIGTERM handler: the server ignored SIGTERM from then on (found by CrashIT). A release
     * whose cluster cannot be reached still runs Helm, which is all it takes.
     */
    @Test
    void aServerInWhichHelmRanStillStopsOnSigterm() throws Exception {
        Path data = parent.resolve("helm");
        Files.createDirectories(parent);
        Path kubeconfig = parent.resolve("unreachable-kubeconfig.yaml");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster:
                    server: https://127.0.0.1:1
                contexts:
                - name: gone
                  context: {cluster: gone, user: nobody}
                current-context: gone
                users:
                - name: nobody
                  user: {token: none}
                """);
        Map<String, String> settings = new java.util.HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_ADMIN_PASSWORD", "helm-stop-password");
        ServerProcess server = start(data, settings);
        ApiClient api = server.client();
        String token = api.token("admin", "helm-stop-password");
        api.team(token, "ops");
        java.net.http.HttpResponse<String> upload = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + "/api/charts?team=ops"))
                                .header("Authorization", "Bearer " + token)
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                        io.keyport.backend.appstore.TestCharts.chart("stopper", "0.1.0")))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        ApiClient.expect(
                api.putJson(
                        "/namespaces/gone",
                        token,
                        "{\"cluster\":\"gone\",\"kubeconfig\":\"file:" + kubeconfig
                                + "\",\"namespace\":\"default\",\"teams\":[\"ops\"]}"),
                201);
        String release = ApiClient.expect(
                        api.postJson(
                                "/releases",
                                token,
                                "{\"package\":\"stopper\",\"version\":\"0.1.0\",\"namespace\":\"gone\","
                                        + "\"adminGroups\":[\"ops\"],\"values\":{}}"),
                        201)
                .json()
                .get("id")
                .asText();
        io.keyport.backend.testing.Eventually.until(
                java.time.Duration.ofSeconds(60),
                "Helm ran and refused the install",
                () -> "failed"
                        .equals(api.get("/releases/" + release, token)
                                .json()
                                .path("status")
                                .asText()));

        assertThat(server.stop()).as("exit status after SIGTERM").isZero();
        assertStoppedCleanly(server);
    }

    @Test
    void aDatabaseUrlThatWouldLoseCommitsIsRefusedAtStart() throws Exception {
        Path data = parent.resolve("refused");
        Map<String, String> settings =
                Map.of("KEYPORT_DB_URL", "jdbc:h2:file:" + data.resolve("db") + ";WRITE_DELAY=500");
        assertThat(ServerProcess.refused(data, settings))
                .anyMatch(l -> l.contains("Keyport cannot start: KEYPORT_DB_URL sets WRITE_DELAY=500"))
                .noneMatch(l -> l.contains("\tat "));
    }

    /** A value that cannot be parsed stops the start with one line naming the variable, and exit status 2. */
    @Test
    void aMalformedSettingIsRefusedAtStartNamingTheVariable() throws Exception {
        Path data = parent.resolve("malformed");
        assertThat(ServerProcess.refused(data, Map.of("KEYPORT_TOKEN_TTL", "1h")))
                .anyMatch(l -> l.contains(
                        "Keyport cannot start: KEYPORT_TOKEN_TTL must be an ISO-8601 duration such as PT30S, not '1h'"))
                .noneMatch(l -> l.contains("\tat "));
    }

    private static void assertStoppedCleanly(ServerProcess server) {
        List<String> log = server.log();
        assertThat(log).as("the server's output").anyMatch(l -> l.contains("Shutting down"));
        assertThat(log).as("the server's output").anyMatch(l -> l.endsWith("Stopped"));
        assertThat(log).as("the server's output").noneMatch(l -> l.contains("Exception") || l.contains("\tat "));
    }

    /** Nothing in the data folder is open to the group or others: database, keys, blobs, password. */
    private static void assertOwnerOnly(Path data) throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            List<String> open = files.filter(p -> {
                        try {
                            Set<PosixFilePermission> modes =
                                    Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                            return modes.stream().anyMatch(GROUP_OR_OTHER::contains);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> data.relativize(p) + " " + permissions(p))
                    .toList();
            assertThat(open).as("files and folders others can reach in " + data).isEmpty();
        }
        if (!TestDatabases.isPostgres()) {
            assertThat(data.resolve("db").resolve("keyport.mv.db")).exists();
        }
        assertThat(data.resolve("keys")).isDirectory();
        assertThat(data.resolve("blobs").resolve("_uploads")).isDirectory();
    }

    private static String permissions(Path p) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
