package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keyport.backend.db.Database;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.backend.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The settings behind "a 2xx is durable", read from the running server's own pool: on H2 every
 * commit is written before it returns (WRITE_DELAY 0) through a channel opened with O_DSYNC, to a
 * file only the server's user can read; on PostgreSQL no session runs with synchronous_commit off
 * (the embedded test PostgreSQL, like any server or role, may default to off). {@link CrashIT}
 * tests the outcome; this says which setting is missing when it fails.
 */
@KeyportTest
class DatabaseDurabilityIT {

    /** O_DSYNC on Linux x86-64 and aarch64, as printed (octal) in /proc/self/fdinfo. */
    private static final int O_DSYNC = 010000;

    private static String setting(Database database, String name) {
        return database.read(c -> {
            try (java.sql.PreparedStatement ps = c.prepareStatement(
                    "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    @Test
    void h2WritesEveryCommitThroughToTheDisk(TestServer server) throws Exception {
        assumeTrue(!TestDatabases.isPostgres(), "H2 only");
        Database database = server.server().database();
        assertThat(setting(database, "WRITE_DELAY"))
                .as("H2 WRITE_DELAY (ms from commit to write)")
                .isEqualTo("0");
        assertThat(setting(database, "REUSE_SPACE"))
                .as("H2 REUSE_SPACE (chunks only appended)")
                .isEqualToIgnoringCase("false");

        Path file = server.dataDir().resolve("db").resolve("keyport.mv.db").toRealPath();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
        List<Integer> flags = openFlags(file);
        assertThat(flags).as("open descriptors of " + file).isNotEmpty();
        assertThat(flags)
                .as("every descriptor of the database file is opened with O_DSYNC")
                .allMatch(f -> (f & O_DSYNC) != 0);
    }

    @Test
    void postgresqlSessionsCommitSynchronously(TestServer server) {
        assumeTrue(TestDatabases.isPostgres(), "PostgreSQL only");
        String setting = server.server().database().read(c -> {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SHOW synchronous_commit")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(setting).as("synchronous_commit of the server's sessions").isNotEqualTo("off");
    }

    private static List<Integer> openFlags(Path file) throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(file);
                        } catch (Exception e) {
                            return false; // closed meanwhile
                        }
                    })
                    .map(fd -> {
                        try {
                            return Files.readAllLines(Path.of(
                                            "/proc/self/fdinfo",
                                            fd.getFileName().toString()))
                                    .stream()
                                    .filter(l -> l.startsWith("flags:"))
                                    .map(l -> Integer.parseInt(l.substring(6).trim(), 8))
                                    .findFirst()
                                    .orElse(0);
                        } catch (Exception e) {
                            return 0;
                        }
                    })
                    .toList();
        }
    }
}
