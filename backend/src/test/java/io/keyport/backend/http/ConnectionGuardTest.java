package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServerConfig;
import java.net.StandardSocketOptions;
import org.junit.jupiter.api.Test;

class ConnectionGuardTest {

    /**
     * Helidon 4.3 gives the listening socket a 4 KiB receive buffer unless told otherwise, which
     * every accepted connection inherits and which switches off the kernel's buffer auto-tuning:
     * uploads then stall on an 8 KiB TCP window (bench/registry measured 10-20 MB/s pushes).
     */
    @Test
    void theListenerReceivesIntoOneMebibyteNotHelidonsFourKibibytes() {
        WebServerConfig.Builder builder = WebServerConfig.builder().port(0);
        try (ConnectionGuard guard = new ConnectionGuard(HttpLimits.defaults())) {
            guard.configure(builder);
        }
        WebServerConfig config = builder.buildPrototype();

        assertThat(config.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF))
                .isEqualTo(1 << 20)
                .isEqualTo(ConnectionGuard.RECEIVE_BUFFER);
    }

    @Test
    void withoutTheGuardHelidonWouldUseFourKibibytes() {
        WebServerConfig config = WebServerConfig.builder().port(0).buildPrototype();

        assertThat(config.listenerSocketOptions().get(StandardSocketOptions.SO_RCVBUF))
                .isEqualTo(4096);
    }
}
