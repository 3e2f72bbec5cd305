package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator runs it: {@code java -jar backend/target/keyport-server.jar} with
 * {@code KEYPORT_*} variables. It must say where it listens and where the first admin password
 * is, serve, and stop cleanly on SIGTERM with the data intact for the next start.
 */
class ServerProcessIT {

    @TempDir
    Path data;

    @Test
    void jarStartsWithEmbeddedDefaultsAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Path.of("target", "keyport-server.jar");
        assertThat(jar).as("built by the package phase").exists();

        Map<String, String> database = TestDatabases.freshDatabase();
        Running first = start(jar, database);
        // logged before the "listens" line
        assertThat(first.log()).anyMatch(l -> l.contains("password is in " + data.resolve("initial-admin-password")));
        Path passwordFile = data.resolve("initial-admin-password");
        assertThat(Files.getPosixFilePermissions(passwordFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String password = Files.readString(passwordFile).trim();

        ApiClient api = new ApiClient(first.url());
        assertThat(api.get("/.well-known/health", null).body()).isEqualTo("{\"health\":true}");
        String token = api.token("admin", password);
        api.team(token, "ops");
        api.app(token, "survivor", "ops");

        first.process().destroy(); // SIGTERM
        assertThat(first.process().waitFor(60, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        // 143 = terminated by SIGTERM after the shutdown hook ran (not killed, not crashed)
        assertThat(first.process().exitValue()).isEqualTo(143);

        // Same data folder: the application survived, no new password was generated.
        Running second = start(jar, database);
        ApiClient again = new ApiClient(second.url());
        String token2 = again.token("admin", password);
        assertThat(again.get("/apps/survivor", token2).status()).isEqualTo(200);
        assertThat(second.log()).noneMatch(l -> l.contains("generated password"));
        second.process().destroy();
        assertThat(second.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private record Running(Process process, String url, List<String> log) {
    }

    private Running start(Path jar, Map<String, String> database) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(database);
        settings.put("KEYPORT_DATA_DIR", data.toString());
        settings.put("KEYPORT_HTTP_PORT", "0");
        ServerProcess server = ServerProcess.start(jar, settings);
        return new Running(server.process(), server.url(), server.log());
    }
}
