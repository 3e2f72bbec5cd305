package io.keyport.desktop.offline;

import io.keyport.desktop.offline.NetworkGuard.OfflineException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;

/**
 * The datagram hook: once {@link NetworkGuard} has set its factory, every {@code DatagramSocket} of
 * the JVM runs on this class, which records and refuses binding, sending and receiving. The JDK keeps
 * no implementation a factory could hand out, so datagram sockets are refused even when the guard is
 * not armed (nothing in the console uses them); {@code DatagramChannel}s are guarded by
 * {@link GuardedSelectorProvider} and work unarmed.
 */
final class GuardedDatagramSocketImpl extends DatagramSocketImpl {

    private static void refuse(String kind, Object target) throws SocketException {
        NetworkGuard.check(kind, target);
        throw new OfflineException("refused " + kind + " " + target + " (datagram sockets are off in this process)");
    }

    @Override
    protected void create() {}

    @Override
    protected void bind(int lport, InetAddress laddr) throws SocketException {
        refuse("datagram socket", (laddr == null ? "*" : laddr.getHostAddress()) + ":" + lport);
    }

    @Override
    protected void send(DatagramPacket p) throws IOException {
        refuse("datagram", p.getSocketAddress());
    }

    @Override
    protected void connect(InetAddress address, int port) throws SocketException {
        refuse("datagram socket", address.getHostAddress() + ":" + port);
    }

    @Override
    protected int peek(InetAddress i) throws IOException {
        refuse("datagram receive", "");
        return 0;
    }

    @Override
    protected int peekData(DatagramPacket p) throws IOException {
        refuse("datagram receive", "");
        return 0;
    }

    @Override
    protected void receive(DatagramPacket p) throws IOException {
        refuse("datagram receive", "");
    }

    @Override
    @SuppressWarnings("deprecation")
    protected void setTTL(byte ttl) {}

    @Override
    @SuppressWarnings("deprecation")
    protected byte getTTL() {
        return 0;
    }

    @Override
    protected void setTimeToLive(int ttl) {}

    @Override
    protected int getTimeToLive() {
        return 0;
    }

    @Override
    protected void join(InetAddress inetaddr) throws IOException {
        refuse("multicast join", inetaddr);
    }

    @Override
    protected void leave(InetAddress inetaddr) {}

    @Override
    protected void joinGroup(SocketAddress mcastaddr, NetworkInterface netIf) throws IOException {
        refuse("multicast join", mcastaddr);
    }

    @Override
    protected void leaveGroup(SocketAddress mcastaddr, NetworkInterface netIf) {}

    @Override
    protected void close() {}

    @Override
    public void setOption(int optID, Object value) {}

    @Override
    public Object getOption(int optID) {
        return null;
    }
}
