package io.keyport.desktop.testing;

import java.util.List;

/**
 * Proves that code run inside it opens no network connection: arms the console's own guard
 * ({@link io.keyport.desktop.offline.NetworkGuard}, the one the offline console runs under) for the
 * block, which records and refuses every attempt however it is made (proxy selector, socket
 * factories, datagram sockets, NIO channels, name lookups; see {@code NetworkGuardTest}). It refuses
 * to start unless every hook is in place, so a test cannot pass on a guard with a hole: the test JVM
 * gets the selector provider and the JDK access it needs from surefire's {@code argLine}.
 */
public final class NetworkGuard implements AutoCloseable {

    private final io.keyport.desktop.offline.NetworkGuard.Armed armed;

    private NetworkGuard() {
        armed = io.keyport.desktop.offline.NetworkGuard.arm();
        if (!armed.complete()) {
            armed.close();
            throw new IllegalStateException("the network guard misses hooks in this JVM: it has only " + armed.hooks()
                    + "; run the tests with desktop/pom.xml's surefire argLine");
        }
    }

    public static NetworkGuard install() {
        return new NetworkGuard();
    }

    /** The attempts something made while the guard was installed, e.g. {@code socket 127.0.0.1:9}. */
    public List<io.keyport.desktop.offline.NetworkGuard.Attempt> attempts() {
        return armed.attempts();
    }

    @Override
    public void close() {
        armed.close();
    }
}
