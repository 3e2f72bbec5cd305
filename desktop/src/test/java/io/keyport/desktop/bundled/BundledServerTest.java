package io.keyport.desktop.bundled;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.service.BackendClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundledServerTest {

    @TempDir
    Path data;

    @Test
    void aFreshDataFolderIsAFirstStartAndTheChosenPasswordIsAdmins() {
        Map<String, String> env =
                Map.of("KEYPORT_DATA_DIR", data.toString(), "KEYPORT_HTTP_PORT", "0", "HOME", "/ignored");
        try (BundledServer server = new BundledServer(env)) {
            assertThat(server.firstStart()).isTrue();
            assertThat(server.presetFirstAdminPassword()).isEmpty();

            String url = server.start(Optional.of("chosen-password"));

            try (BackendClient client = new BackendClient(url)) {
                assertThat(client.login("admin", "chosen-password")).isNotBlank();
            }
            assertThat(Files.exists(data.resolve("initial-admin-password"))).isFalse();
        }
        try (BundledServer again = new BundledServer(Map.of("KEYPORT_DATA_DIR", data.toString()))) {
            assertThat(again.firstStart()).as("the database exists now").isFalse();
        }
    }

    @Test
    void anAdminPasswordFromTheEnvironmentMeansTheConsoleDoesNotAsk() {
        Map<String, String> env = Map.of(
                "KEYPORT_DATA_DIR",
                data.toString(),
                "KEYPORT_HTTP_PORT",
                "0",
                "KEYPORT_ADMIN_PASSWORD",
                "preset-password");
        try (BundledServer server = new BundledServer(env)) {
            assertThat(server.firstStart()).isFalse();
            assertThat(server.presetFirstAdminPassword())
                    .as("the console signs in with it")
                    .contains("preset-password");

            String url = server.start(Optional.empty());

            try (BackendClient client = new BackendClient(url)) {
                assertThat(client.login("admin", "preset-password")).isNotBlank();
            }
        }
        try (BundledServer again = new BundledServer(env)) {
            assertThat(again.presetFirstAdminPassword())
                    .as("not a first start: admin may have changed it")
                    .isEmpty();
        }
    }

    /** The console talks to its own server over loopback; TLS settings meant for a server alone do not apply. */
    @Test
    void theBundledServerServesPlainHttpWhateverTheTlsSettings() {
        Map<String, String> env = Map.of(
                "KEYPORT_DATA_DIR", data.toString(),
                "KEYPORT_HTTP_PORT", "0",
                "KEYPORT_TLS_SELF_SIGNED", "true");
        try (BundledServer server = new BundledServer(env)) {
            String url = server.start(Optional.of("chosen-password"));

            assertThat(url).startsWith("http://127.0.0.1:");
            try (BackendClient client = new BackendClient(url)) {
                assertThat(client.health()).isTrue();
            }
            assertThat(data.resolve("tls")).doesNotExist();
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        BundledServer server = new BundledServer(Map.of("KEYPORT_DATA_DIR", data.toString(), "KEYPORT_HTTP_PORT", "0"));
        server.start(Optional.of("chosen-password"));

        server.close();
        server.close();

        assertThat(server.running()).isFalse();
    }
}
