package io.keyport.backend.http;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionSelector;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every HTTP connection of the server, with the limits Helidon 4.3 does not enforce by itself: a
 * connection count, an idle timeout that also covers connections that never send a byte, and a read
 * timeout for requests whose headers or body stop arriving.
 *
 * <p>It replaces Helidon's own HTTP/1.1 connection selector with one that wraps each connection
 * as it is accepted, before any byte is read (so a silent connection is counted and timed too). A
 * watchdog checks the connections every quarter of the shorter timeout and closes the socket of
 * one that is overdue; the thread blocked reading it then fails and ends the connection quietly:
 * <ul>
 *   <li>waiting for a request line (between keep-alive requests, or a new connection): closed after
 *       {@link HttpLimits#idleTimeout()};</li>
 *   <li>reading headers, or inside a handler while the request body is still incomplete: closed when
 *       no progress was made for {@link HttpLimits#readTimeout()} (progress: the request arrived, the
 *       handler started, or {@link #progress(ServerRequest)} was called as body bytes came in);</li>
 *   <li>inside a handler with the whole request read: never (the server is working, not waiting).</li>
 * </ul>
 */
public final class ConnectionGuard implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConnectionGuard.class.getName());
    private static final String TOO_MANY_BODY = "{\"message\":\"Too many connections; retry later\"}";
    private static final byte[] TOO_MANY = ("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + TOO_MANY_BODY.length() + "\r\nConnection: close\r\n\r\n" + TOO_MANY_BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final HttpLimits limits;
    private final ServerConnectionSelector http1;
    private final Map<String, Guarded> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;

    public ConnectionGuard(HttpLimits limits) {
        this.limits = limits;
        this.http1 = Http1ConnectionSelector.builder()
                .config(Http1Config.builder()
                        .maxHeadersSize(limits.maxHeaderSize())
                        .receiveLog(false)
                        .sendLog(false)
                        .build())
                .build();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyport-connection-watchdog");
            t.setDaemon(true);
            return t;
        });
        long shorter =
                Math.min(limits.idleTimeout().toMillis(), limits.readTimeout().toMillis());
        long period = Math.clamp(shorter / 4, 50, 1000);
        watchdog.scheduleAtFixedRate(this::check, period, period, TimeUnit.MILLISECONDS);
        QuietDisconnects.install();
    }

    /**
     * The listening socket's receive buffer, which every accepted connection inherits. Helidon 4.3
     * sets 4096 bytes unless told otherwise, and any explicit size switches off Linux's buffer
     * auto-tuning: with 8 KiB of TCP window an upload stalls on every scheduling delay of the
     * reading thread (image pushes ran at 10-20 MB/s on a busy machine, bench/registry). 1 MiB
     * (the kernel caps it at {@code net.core.rmem_max}) keeps a loopback or LAN client streaming.
     */
    static final int RECEIVE_BUFFER = 1 << 20;

    /**
     * Makes the listener use this guard's HTTP/1.1 connections instead of Helidon's discovered ones,
     * with a receive buffer of {@link #RECEIVE_BUFFER}.
     */
    public void configure(WebServerConfig.BuilderBase<?, ?> server) {
        server.protocolsDiscoverServices(false).protocols(List.of()).connectionSelectors(List.of(new Selector()));
        server.putListenerSocketOption(StandardSocketOptions.SO_RCVBUF, RECEIVE_BUFFER);
    }

    /** Connections open now, for the {@code keyport_http_open_connections} gauge. */
    public int openConnections() {
        return open.size();
    }

    /** Marks the connection of {@code req} as inside a handler; returns what {@link #finished} needs. */
    Object started(ServerRequest req) {
        Guarded g = open.get(key(req.serverSocketId(), req.socketId()));
        if (g != null) {
            g.request = req;
            g.progress = System.nanoTime();
            req.context().register(g);
        }
        return g;
    }

    void finished(Object started) {
        if (started instanceof Guarded g) {
            g.request = null;
        }
    }

    /** Tells the watchdog that body bytes of {@code req} arrived (called by the readers of request bodies). */
    public static void progress(ServerRequest req) {
        req.context().get(Guarded.class).ifPresent(g -> g.progress = System.nanoTime());
    }

    /**
     * What {@link #progress(ServerRequest)} does, with the connection looked up once: for readers
     * that report progress on every read of a large body (a context lookup per 8 KiB read showed in
     * the registry's push profile).
     */
    public static Runnable progressOf(ServerRequest req) {
        Optional<Guarded> guarded = req.context().get(Guarded.class);
        if (guarded.isEmpty()) {
            return () -> {};
        }
        Guarded g = guarded.get();
        return () -> g.progress = System.nanoTime();
    }

    private static String key(String socketId, String childSocketId) {
        return socketId + " " + childSocketId;
    }

    private void check() {
        try {
            long now = System.nanoTime();
            for (Guarded g : open.values()) {
                String overdue = g.overdue(now);
                if (overdue != null) {
                    LOG.fine(() -> "Closing connection " + g.key + ": " + overdue);
                    g.closeSocket();
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Connection watchdog failed a round", e);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    private final class Selector implements ServerConnectionSelector {
        @Override
        public int bytesToIdentifyConnection() {
            return http1.bytesToIdentifyConnection();
        }

        @Override
        public Support supports(BufferData data) {
            return http1.supports(data);
        }

        @Override
        public Set<String> supportedApplicationProtocols() {
            return http1.supportedApplicationProtocols();
        }

        @Override
        public ServerConnection connection(ConnectionContext ctx) {
            String key = key(ctx.socketId(), ctx.childSocketId());
            Guarded g = new Guarded(key, ctx, http1.connection(ctx));
            open.put(key, g);
            if (open.size() > limits.maxConnections()) {
                open.remove(key);
                return new Refused(ctx);
            }
            return g;
        }
    }

    /** A connection over the limit: answered 503 without reading anything, then closed. */
    private static final class Refused implements ServerConnection {
        private final ConnectionContext ctx;

        Refused(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) {
            ctx.dataWriter().writeNow(BufferData.create(TOO_MANY));
            throw new CloseConnectionException("Too many connections");
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {}
    }

    /** One accepted connection, delegating to Helidon's HTTP/1.1 connection. */
    private final class Guarded implements ServerConnection, InterruptableTask<Void> {
        private final String key;
        private final ConnectionContext ctx;
        private final ServerConnection delegate;
        private volatile ServerRequest request;
        private volatile long progress = System.nanoTime();

        Guarded(String key, ConnectionContext ctx, ServerConnection delegate) {
            this.key = key;
            this.ctx = ctx;
            this.delegate = delegate;
        }

        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                open.remove(key);
            }
        }

        /** Why this connection is overdue, or null. */
        String overdue(long now) {
            ServerRequest req = request;
            if (req != null) {
                boolean waitingForBody =
                        req.content().hasEntity() && !req.content().consumed();
                return waitingForBody && now - progress > limits.readTimeout().toNanos()
                        ? "no request body bytes for " + limits.readTimeout()
                        : null;
            }
            Duration idle = delegate.idleTime();
            if (canInterrupt()) {
                return idle.compareTo(limits.idleTimeout()) > 0 ? "idle for " + idle : null;
            }
            return idle.compareTo(limits.readTimeout()) > 0 ? "incomplete request for " + idle : null;
        }

        void closeSocket() {
            try {
                ctx.serverSocket().close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Closing an overdue connection failed", e);
            }
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }

        @Override
        public void run() {
            throw new UnsupportedOperationException("a connection is handled through handle(Limit)");
        }

        @Override
        public Void call() {
            throw new UnsupportedOperationException("a connection is handled through handle(Limit)");
        }
    }
}
