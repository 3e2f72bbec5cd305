package io.keyport.backend.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The first start: user {@code admin} with the configured password, or a generated one written once to a 0600 file. */
class IdentityBootstrapIT {

    @Test
    void configuredPasswordCreatesAdminAndWritesNoFile() {
        try (TestServer server = TestServer.start()) {
            ApiClient api = server.client();
            String token = api.token("admin", TestServer.ADMIN_PASSWORD);
            var me = api.get("/api/users/admin", token);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("admin").asBoolean()).isTrue();
            assertThat(server.server().generatedPasswordFile()).isEmpty();
            assertThat(server.dataDir().resolve("initial-admin-password")).doesNotExist();
        }
    }

    @Test
    void generatedPasswordIsWrittenOnceWithOwnerOnlyPermissions() throws IOException {
        try (TestServer server = TestServer.start(Map.of("KEYPORT_ADMIN_PASSWORD", ""))) {
            Path file = server.dataDir().resolve("initial-admin-password");
            assertThat(server.server().generatedPasswordFile()).contains(file);
            assertThat(file).isRegularFile();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .isEqualTo("rw-------");
            String password = Files.readString(file).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16).doesNotContain(TestServer.ADMIN_PASSWORD);

            ApiClient api = server.client();
            String token = api.token("admin", password);
            assertThat(api.get("/api/users", token).status()).isEqualTo(200);
            assertThat(api.form(
                                    "/oauth2/token",
                                    Map.of(
                                            "grant_type",
                                            "password",
                                            "username",
                                            "admin",
                                            "password",
                                            TestServer.ADMIN_PASSWORD))
                            .status())
                    .isEqualTo(400);

            // The operator read and removed the file; a restart finds the admin and writes nothing.
            Files.delete(file);
            server.restart();
            assertThat(server.server().generatedPasswordFile()).isEmpty();
            assertThat(file).doesNotExist();
            ApiClient again = server.client();
            assertThat(again.token("admin", password)).isNotBlank();
            // Tokens survive the restart: the signing key is kept in the data folder.
            assertThat(again.get("/api/users/admin", token).status()).isEqualTo(200);
        }
    }

    @Test
    void generatedPasswordStaysTheSameAcrossRestarts() throws IOException {
        try (TestServer server = TestServer.start(Map.of("KEYPORT_ADMIN_PASSWORD", ""))) {
            Path file = server.dataDir().resolve("initial-admin-password");
            String first = Files.readString(file);
            server.restart();
            assertThat(Files.readString(file)).isEqualTo(first);
            assertThat(server.client().token("admin", first.strip())).isNotBlank();
        }
    }

    @Test
    void firstAdminIsAuditedAsCreatedBySystem() {
        try (TestServer server = TestServer.start()) {
            ApiClient api = server.client();
            var entries = api.get("/api/audit?action=user.create", api.adminToken())
                    .json()
                    .get("entries");
            assertThat(entries).hasSize(1);
            var entry = entries.get(0);
            assertThat(entry.get("actor").asText()).isEqualTo("keyport");
            assertThat(entry.get("realm").asText()).isEqualTo("system");
            assertThat(entry.get("target").asText()).isEqualTo("user:admin");
            assertThat(entry.get("details").toString()).doesNotContain(TestServer.ADMIN_PASSWORD);
        }
    }
}
