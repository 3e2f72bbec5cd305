package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestDatabases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator runs it: {@code java -jar backend/target/keyport-server.jar} with
 * {@code KEYPORT_*} variables. It must say where it listens and where the first admin password
 * is, serve, and stop cleanly on SIGTERM with the data intact for the next start.
 */
class ServerProcessIT {

    private static final Pattern LISTENS = Pattern.compile("Keyport listens on (http://\\S+)");

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
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-jar", jar.toString()).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("KEYPORT_"));
        env.put("KEYPORT_DATA_DIR", data.toString());
        env.put("KEYPORT_HTTP_PORT", "0");
        env.putAll(database);
        Process process = pb.start();
        List<String> log = new java.util.concurrent.CopyOnWriteArrayList<>(); // read by assertions while the reader appends
        java.util.concurrent.CompletableFuture<String> url = new java.util.concurrent.CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.add(line);
                    Matcher m = LISTENS.matcher(line);
                    if (m.find()) {
                        url.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
            url.completeExceptionally(new IllegalStateException("server exited: " + log));
        });
        reader.setDaemon(true);
        reader.start();
        String base = url.get(120, TimeUnit.SECONDS);
        return new Running(process, base, log);
    }
}
