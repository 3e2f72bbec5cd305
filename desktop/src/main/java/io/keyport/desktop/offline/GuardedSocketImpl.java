package io.keyport.desktop.offline;

import io.keyport.desktop.offline.NetworkGuard.OfflineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketImpl;

/**
 * The socket hook: what {@link NetworkGuard}'s socket factories hand out. Unarmed, the JDK's own
 * implementation when this JVM lets us create it ({@code --add-opens java.base/java.net}); armed, or
 * when it does not, this class, which records and refuses each connect and bind.
 */
final class GuardedSocketImpl extends SocketImpl {

    private static final Method PLATFORM = platformFactory();

    private final boolean server;

    private GuardedSocketImpl(boolean server) {
        this.server = server;
    }

    static SocketImpl forFactory(boolean server) {
        if (!NetworkGuard.armed() && PLATFORM != null) {
            try {
                return (SocketImpl) PLATFORM.invoke(null, server);
            } catch (IllegalAccessException | InvocationTargetException e) {
                // fall through: refuse
            }
        }
        return new GuardedSocketImpl(server);
    }

    private static Method platformFactory() {
        try {
            Method m = SocketImpl.class.getDeclaredMethod("createPlatformSocketImpl", boolean.class);
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not opened to us: every socket is refused
        }
    }

    private Void refuse(String kind, Object target) throws IOException {
        NetworkGuard.check(kind, target);
        throw new OfflineException("refused " + kind + " " + target + " (a socket made while offline)");
    }

    @Override
    protected void create(boolean stream) {}

    @Override
    protected void connect(String host, int port) throws IOException {
        refuse("socket", host + ":" + port);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        refuse("socket", address.getHostAddress() + ":" + port);
    }

    @Override
    protected void connect(SocketAddress address, int timeout) throws IOException {
        refuse(
                "socket",
                address instanceof InetSocketAddress a
                        ? (a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString()) + ":"
                                + a.getPort()
                        : String.valueOf(address));
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        refuse(server ? "listening socket" : "socket bind", (host == null ? "*" : host.getHostAddress()) + ":" + port);
    }

    @Override
    protected void listen(int backlog) throws IOException {
        refuse("listening socket", "backlog " + backlog);
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        refuse("accept", "on a socket made while offline");
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        throw new OfflineException("the socket is not connected");
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        throw new OfflineException("the socket is not connected");
    }

    @Override
    protected int available() {
        return 0;
    }

    @Override
    protected void close() {}

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new OfflineException("the socket is not connected");
    }

    @Override
    public void setOption(int optID, Object value) {}

    @Override
    public Object getOption(int optID) {
        return null;
    }
}
