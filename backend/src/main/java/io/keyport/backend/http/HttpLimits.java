package io.keyport.backend.http;

import java.time.Duration;

/**
 * Limits of the HTTP transport, from the {@code KEYPORT_HTTP_*} settings.
 *
 * @param idleTimeout    how long a connection may wait for its next request (keep-alive), or for the
 *                       first one after it was opened, before the server closes it
 * @param readTimeout    how long the server waits for the rest of a started request (the end of its
 *                       headers, the next bytes of its body) before it closes the connection
 * @param maxConnections open connections at once; one more is answered 503 and closed
 * @param maxHeaderSize  bytes of all request headers together; more is refused with 400 and closed
 */
public record HttpLimits(Duration idleTimeout, Duration readTimeout, int maxConnections, int maxHeaderSize) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;

    public HttpLimits {
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("KEYPORT_HTTP_IDLE_TIMEOUT must be positive: " + idleTimeout);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("KEYPORT_HTTP_READ_TIMEOUT must be positive: " + readTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("KEYPORT_HTTP_MAX_CONNECTIONS must be at least 1");
        }
        if (maxHeaderSize < 1024) {
            throw new IllegalArgumentException("KEYPORT_HTTP_MAX_HEADER_SIZE must be at least 1024");
        }
    }

    public static HttpLimits defaults() {
        return new HttpLimits(
                DEFAULT_IDLE_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADER_SIZE);
    }
}
