package io.keyport.desktop.offline;

import io.keyport.desktop.offline.NetworkGuard.OfflineException;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;

/**
 * The channel hook: the JVM's selector provider when it starts with
 * {@code -Djava.nio.channels.spi.SelectorProvider=io.keyport.desktop.offline.GuardedSelectorProvider}
 * (the offline console sets it first thing; the tests through surefire's {@code argLine}). Socket,
 * server socket and datagram channels are recorded and refused while {@link NetworkGuard} is armed;
 * everything else, and everything unarmed, goes to the JDK's default provider, reached through
 * {@code sun.nio.ch} when this JVM exports it ({@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}).
 * Without it the provider has nothing to delegate to and refuses every channel: right for the offline
 * console, which needs none.
 */
public final class GuardedSelectorProvider extends SelectorProvider {

    private final SelectorProvider delegate = jdkDefault();

    /** Called by {@link SelectorProvider#provider()} when the system property names this class. */
    public GuardedSelectorProvider() {}

    private static SelectorProvider jdkDefault() {
        try {
            return (SelectorProvider) Class.forName("sun.nio.ch.DefaultSelectorProvider")
                    .getMethod("get")
                    .invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // sun.nio.ch not exported to us
        }
    }

    private SelectorProvider network(String kind) throws IOException {
        NetworkGuard.check(kind, "(destination not known when the channel opens)");
        return local(kind);
    }

    private SelectorProvider local(String kind) throws IOException {
        if (delegate == null) {
            throw new OfflineException("refused " + kind + " (channels are off in this process)");
        }
        return delegate;
    }

    @Override
    public DatagramChannel openDatagramChannel() throws IOException {
        return network("datagram channel").openDatagramChannel();
    }

    @Override
    public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
        return network("datagram channel").openDatagramChannel(family);
    }

    @Override
    public Pipe openPipe() throws IOException {
        return local("pipe").openPipe();
    }

    @Override
    public AbstractSelector openSelector() throws IOException {
        return local("selector").openSelector();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel() throws IOException {
        return network("server socket channel").openServerSocketChannel();
    }

    @Override
    public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
        return network("server socket channel").openServerSocketChannel(family);
    }

    @Override
    public SocketChannel openSocketChannel() throws IOException {
        return network("socket channel").openSocketChannel();
    }

    @Override
    public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
        return network("socket channel").openSocketChannel(family);
    }

    @Override
    public Channel inheritedChannel() throws IOException {
        return delegate == null ? null : delegate.inheritedChannel();
    }
}
