package io.keyport.desktop.testing;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Proves that code run inside it opens no network connection: while installed, the JVM's default
 * {@link ProxySelector} records every destination and refuses it. Every way Java opens a connection
 * asks it first: {@code HttpClient}, {@code URLConnection}, OkHttp (without a proxy of its own) and
 * plain sockets (which ask for a SOCKS proxy), so a connection attempt shows in {@link #attempts()}
 * and fails instead of leaving the machine.
 */
public final class NetworkGuard implements AutoCloseable {

    private final ProxySelector previous = ProxySelector.getDefault();
    private final List<URI> attempts = Collections.synchronizedList(new ArrayList<>());

    private NetworkGuard() {
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                attempts.add(uri);
                throw new IllegalStateException("offline: no connection allowed to " + uri);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {}
        });
    }

    public static NetworkGuard install() {
        return new NetworkGuard();
    }

    /** The destinations something tried to reach while the guard was installed. */
    public List<URI> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public void close() {
        ProxySelector.setDefault(previous);
    }
}
