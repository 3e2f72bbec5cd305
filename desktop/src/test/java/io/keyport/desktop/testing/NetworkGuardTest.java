package io.keyport.desktop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keyport.desktop.ceremony.HttpCeremonyServer;
import io.keyport.desktop.service.OkHttpTransport;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/**
 * The guard the offline ceremony tests rely on does see connections: the ceremony's own HTTP sender
 * (OkHttp) and a plain socket are both recorded and refused while it is installed.
 */
class NetworkGuardTest {

    @Test
    void recordsAndRefusesOkHttpAndPlainSocketConnections() {
        try (NetworkGuard guard = NetworkGuard.install()) {
            HttpCeremonyServer server = new HttpCeremonyServer(
                    new OkHttpTransport("http://127.0.0.1:9", new OkHttpClient(), () -> "token"),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(10),
                    Clock.systemUTC());
            assertThatThrownBy(() -> server.bootstrap(JsonNodeFactory.instance.objectNode()));
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket("127.0.0.1", 9)) {
                    socket.getOutputStream().write(1);
                }
            });
            assertThat(guard.attempts())
                    .extracting(java.net.URI::toString)
                    .anyMatch(u -> u.startsWith("http://127.0.0.1:9"))
                    .anyMatch(u -> u.startsWith("socket://127.0.0.1:9"));
        }
    }
}
