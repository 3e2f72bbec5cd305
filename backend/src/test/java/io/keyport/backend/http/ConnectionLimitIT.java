package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * More connections than {@code KEYPORT_HTTP_MAX_CONNECTIONS}: the extra ones are answered 503 and
 * closed at once, the held ones are closed by the idle timeout, and afterwards the server answers
 * and holds no connection of the test's.
 */
@KeyportTest(
        settings = {"KEYPORT_HTTP_MAX_CONNECTIONS=8", "KEYPORT_HTTP_IDLE_TIMEOUT=PT3S", "KEYPORT_HTTP_READ_TIMEOUT=PT3S"
        })
class ConnectionLimitIT {

    @Test
    void connectionsOverTheLimitAreRefusedAndNothingLeaks(TestServer server, ApiClient api) {
        List<RawConnection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(RawConnection.open(server.port()));
            }
            int refused = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            for (RawConnection c : held) {
                RawConnection.Response r = c.read();
                if (r != null) {
                    assertThat(r.status()).as(r.toString()).isEqualTo(503);
                    assertThat(r.header("connection")).isEqualToIgnoringCase("close");
                    refused++;
                }
                c.assertClosedWithin(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            }
            assertThat(refused).as("connections over the limit of 8").isGreaterThanOrEqualTo(12);
        } finally {
            held.forEach(RawConnection::close);
        }
        assertThat(api.get("/.well-known/health", null).status()).isEqualTo(200);
        assertThat(WireLevelHttpIT.openConnections(api))
                .as("open connections after all closed")
                .isLessThanOrEqualTo(1);
    }
}
