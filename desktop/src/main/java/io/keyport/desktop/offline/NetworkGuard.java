package io.keyport.desktop.offline;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Proves, and in the console's offline mode enforces, that no network connection is attempted. While
 * armed ({@link #arm()}), every attempt is recorded and refused with an exception that says the
 * console is offline. The hooks, one for each way this JVM reaches the network (checked against the
 * JDK 25 sources; tests run on JDK 25):
 *
 * <ul>
 *   <li>{@link Hook#PROXY_SELECTOR}: the JVM's default {@link ProxySelector}, asked by OkHttp,
 *       {@code URLConnection} and an {@code HttpClient} built while it is the default;</li>
 *   <li>{@link Hook#SOCKETS}: {@link Socket#setSocketImplFactory} and {@link ServerSocket#setSocketFactory}.
 *       {@code java.net.Socket} runs on the JDK's {@code NioSocketImpl}, which never asks the
 *       selector provider, and with {@code Proxy.NO_PROXY} not the proxy selector either;</li>
 *   <li>{@link Hook#DATAGRAM_SOCKETS}: {@link DatagramSocket#setDatagramSocketImplFactory}; a plain
 *       {@code DatagramSocket} takes its channel from the JDK's default provider directly, past any
 *       provider set by property;</li>
 *   <li>{@link Hook#CHANNELS}: {@link GuardedSelectorProvider}, the JVM's selector provider when
 *       the process starts with {@value #PROVIDER_PROPERTY} naming it: {@code SocketChannel},
 *       {@code ServerSocketChannel}, {@code DatagramChannel} and so {@code java.net.http.HttpClient}
 *       whatever its proxy;</li>
 *   <li>{@link Hook#NAME_LOOKUPS}: {@link GuardedResolverProvider}, the JVM's name resolver through
 *       {@code META-INF/services}.</li>
 * </ul>
 *
 * The socket factories can be set once per JVM and the selector provider only at start, so the hooks
 * stay once installed: unarmed they hand out the JDK's own implementations where the JVM lets us reach
 * them (tests open {@code java.net} and export {@code sun.nio.ch} to do so), and refuse otherwise, so an
 * offline process that cannot delegate stays closed. A socket or channel opened before arming is not
 * refused afterwards; the offline console opens none.
 */
public final class NetworkGuard {

    /** The system property that makes {@link GuardedSelectorProvider} the JVM's selector provider. */
    public static final String PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";

    /** The ways a connection can be caught. */
    public enum Hook {
        PROXY_SELECTOR,
        SOCKETS,
        DATAGRAM_SOCKETS,
        CHANNELS,
        NAME_LOOKUPS
    }

    /** One refused attempt: what (socket, socket channel, name lookup, ...) and where, as far as known. */
    public record Attempt(String kind, String target) {
        @Override
        public String toString() {
            return kind + " " + target;
        }
    }

    private static final List<Armed> ARMED = new CopyOnWriteArrayList<>();
    private static final Set<Hook> INSTALLED = Collections.synchronizedSet(EnumSet.noneOf(Hook.class));

    private static final java.util.concurrent.atomic.AtomicReference<Armed> PROCESS_LOCK =
            new java.util.concurrent.atomic.AtomicReference<>();

    private NetworkGuard() {}

    /**
     * Locks this process's network down for good (the offline console, the offline ceremony commands):
     * called first thing in {@code main}, before any channel exists, so that {@link GuardedSelectorProvider}
     * becomes the JVM's. Throws if a hook could not be put in place: the process must then not go on
     * as "offline".
     */
    public static Armed lockDownProcess() {
        if (System.getProperty(PROVIDER_PROPERTY) == null) {
            System.setProperty(PROVIDER_PROPERTY, GuardedSelectorProvider.class.getName());
        }
        Armed armed = PROCESS_LOCK.updateAndGet(a -> a != null ? a : arm());
        if (!armed.complete()) {
            throw new IllegalStateException("Offline mode cannot guard the network of this process: only "
                    + armed.hooks() + " of " + EnumSet.allOf(Hook.class) + " are in place (something opened a"
                    + " channel or set a socket factory before the guard).");
        }
        return armed;
    }

    /** The lock of {@link #lockDownProcess()}, if this process took it. */
    public static java.util.Optional<Armed> processLock() {
        return java.util.Optional.ofNullable(PROCESS_LOCK.get());
    }

    /**
     * Installs the hooks (once) and starts recording and refusing every connection attempt until the
     * returned handle is closed.
     */
    public static Armed arm() {
        installHooks();
        Armed armed = new Armed(hooks());
        ARMED.add(armed);
        return armed;
    }

    /** The hooks in place in this JVM. */
    public static Set<Hook> hooks() {
        Set<Hook> now = EnumSet.noneOf(Hook.class);
        now.addAll(INSTALLED);
        if (SelectorProvider.provider() instanceof GuardedSelectorProvider) {
            now.add(Hook.CHANNELS);
        }
        if (GuardedResolverProvider.active()) {
            now.add(Hook.NAME_LOOKUPS);
        }
        return now;
    }

    /** Whether some code armed the guard and has not released it. */
    public static boolean armed() {
        return !ARMED.isEmpty();
    }

    /**
     * Called by each hook: records and refuses the attempt while armed; unarmed it returns, and the hook
     * delegates.
     */
    static void check(String kind, Object target) throws OfflineException {
        if (ARMED.isEmpty()) {
            return;
        }
        Attempt attempt = new Attempt(kind, String.valueOf(target));
        for (Armed armed : ARMED) {
            armed.attempts.add(attempt);
        }
        throw new OfflineException(attempt);
    }

    /** The refusal every hook throws (or wraps): names the attempt and why. */
    public static final class OfflineException extends SocketException {
        OfflineException(Attempt attempt) {
            super("Offline ceremony mode: this console makes no network connection; refused " + attempt);
        }

        OfflineException(String what) {
            super("Offline ceremony mode: this console makes no network connection; " + what);
        }
    }

    private static synchronized void installHooks() {
        if (!(ProxySelector.getDefault() instanceof GuardedProxySelector)) {
            ProxySelector.setDefault(new GuardedProxySelector(ProxySelector.getDefault()));
        }
        INSTALLED.add(Hook.PROXY_SELECTOR);
        if (!INSTALLED.contains(Hook.SOCKETS)) {
            try {
                Socket.setSocketImplFactory(() -> GuardedSocketImpl.forFactory(false));
                ServerSocket.setSocketFactory(() -> GuardedSocketImpl.forFactory(true));
                INSTALLED.add(Hook.SOCKETS);
            } catch (IOException e) {
                // another factory was set before: this hook is missing, and hooks() says so
            }
        }
        if (!INSTALLED.contains(Hook.DATAGRAM_SOCKETS)) {
            try {
                DatagramSocket.setDatagramSocketImplFactory(GuardedDatagramSocketImpl::new);
                INSTALLED.add(Hook.DATAGRAM_SOCKETS);
            } catch (IOException e) {
                // as above
            }
        }
    }

    /** An armed guard: the attempts since it was armed; closing it releases it. */
    public static final class Armed implements AutoCloseable {

        private final Set<Hook> hooks;
        private final List<Attempt> attempts = Collections.synchronizedList(new ArrayList<>());

        private Armed(Set<Hook> hooks) {
            EnumSet<Hook> inOrder = EnumSet.noneOf(Hook.class);
            inOrder.addAll(hooks);
            this.hooks = Collections.unmodifiableSet(inOrder);
        }

        /** The hooks that were in place when it was armed. */
        public Set<Hook> hooks() {
            return hooks;
        }

        /** Whether every hook is in place, so that no connection can pass unseen. */
        public boolean complete() {
            return hooks.containsAll(EnumSet.allOf(Hook.class));
        }

        /** The attempts refused while armed, in order. */
        public List<Attempt> attempts() {
            synchronized (attempts) {
                return List.copyOf(attempts);
            }
        }

        @Override
        public void close() {
            ARMED.remove(this);
        }
    }

    /** The default proxy selector, wrapped: armed it refuses, unarmed it asks the one it replaced. */
    private static final class GuardedProxySelector extends ProxySelector {

        private final ProxySelector previous;

        GuardedProxySelector(ProxySelector previous) {
            this.previous = previous;
        }

        @Override
        public List<Proxy> select(URI uri) {
            try {
                check("connection", uri);
            } catch (OfflineException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return previous == null ? List.of(Proxy.NO_PROXY) : previous.select(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            if (previous != null) {
                previous.connectFailed(uri, sa, ioe);
            }
        }
    }
}
