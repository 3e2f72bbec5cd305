package io.keyport.backend.http;

import java.util.Optional;
import java.util.Set;

/**
 * The HTTP server's settings ({@code KEYPORT_HTTP_*}, {@code KEYPORT_MAX_JSON_BODY},
 * {@code KEYPORT_CORS_ORIGINS}, {@code KEYPORT_TLS_*}), parsed by {@link io.keyport.backend.KeyportConfig}. Shared by the
 * platform and every module's HTTP services, which read the body limit from here.
 *
 * @param host        the bind address
 * @param port        the port; 0 picks a free one
 * @param limits      timeouts and connection and header limits of the transport
 * @param maxJsonBody the largest accepted JSON request body, in bytes
 * @param corsOrigins browser origins allowed to call the APIs ({@code *} for any); empty: CORS is off
 * @param tls         HTTPS on the port; empty: plain HTTP
 */
public record HttpConfig(
        String host, int port, HttpLimits limits, long maxJsonBody, Set<String> corsOrigins, Optional<TlsConfig> tls) {

    public HttpConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("KEYPORT_HTTP_PORT must be between 0 and 65535: " + port);
        }
        if (maxJsonBody < 1) {
            throw new IllegalArgumentException("KEYPORT_MAX_JSON_BODY must be at least 1 byte: " + maxJsonBody);
        }
        corsOrigins = Set.copyOf(corsOrigins);
    }
}
