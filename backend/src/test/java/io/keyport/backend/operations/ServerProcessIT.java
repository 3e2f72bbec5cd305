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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator runs it: {@code java -jar backend/target/keyport-server.jar} with
 * {@code KEYPORT_*} variables. It must say where it listens and where the first admin password
 * is, serve, keep its data folder to its own user, and stop cleanly on SIGTERM with the data intact
 * for the next start.
 */
class ServerProcessIT {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    @TempDir
    Path parent;

    @Test
    void jarStartsWithEmbeddedDefaultsAndStopsCleanlyOnSigterm() throws Exception {
        assertThat(ServerProcess.jar()).as("built by the package phase").exists();
        Path data = parent.resolve("data"); // created by the server
        Map<String, String> database = TestDatabases.freshDatabase();
        ServerProcess first = ServerProcess.start(data, database);
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

        // 143 = terminated by SIGTERM after the shutdown hook ran (not killed, not crashed)
        assertThat(first.stop()).isEqualTo(143);
        assertOwnerOnly(data);

        // Same data folder: the application survived, no new password was generated.
        ServerProcess second = ServerProcess.start(data, database);
        ApiClient again = second.client();
        String token2 = again.token("admin", password);
        assertThat(again.get("/apps/survivor", token2).status()).isEqualTo(200);
        assertThat(second.log()).noneMatch(l -> l.contains("generated password"));
        second.stop();
    }

    /** Nothing in the data folder is open to the group or others: database, keys, blobs, password. */
    private static void assertOwnerOnly(Path data) throws Exception {
        try (Stream<Path> files = Files.walk(data)) {
            List<String> open = files.filter(p -> {
                try {
                    Set<PosixFilePermission> modes = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                    return modes.stream().anyMatch(GROUP_OR_OTHER::contains);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> data.relativize(p) + " " + permissions(p)).toList();
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
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            return "?";
        }
    }
}
