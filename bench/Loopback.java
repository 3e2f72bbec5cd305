import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * What this machine's loopback allows at best, with no HTTP, no digest and no database: the ceiling
 * that any server on it can at most reach, measured in the same run as the servers (decision 0063).
 * JDK only: {@code java Loopback.java MODE ...}; prints one figure, MB/s (10^6 bytes per second),
 * total bytes over total time of all rounds.
 *
 * <ul>
 *   <li>{@code receive BYTES ROUNDS DIR}: a client sends BYTES from memory in 1 MiB writes over one
 *       TCP connection; the receiver reads them into a direct buffer, writes them to a new file in
 *       DIR, fsyncs it and answers one byte. The upload of a blob without HTTP and without hashing.
 *   <li>{@code send FILE ROUNDS}: the server sends FILE with {@code sendfile} (zero copy,
 *       {@link FileChannel#transferTo}); the client reads into a direct buffer and discards. The
 *       download of a blob without HTTP, by the fastest means the kernel has.
 * </ul>
 */
public class Loopback {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java Loopback.java receive BYTES ROUNDS DIR | send FILE ROUNDS");
            System.exit(2);
        }
        double mbPerS = switch (args[0]) {
            case "receive" -> receive(Long.parseLong(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
            case "send" -> send(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        System.out.printf("%.1f%n", mbPerS);
        System.exit(0);
    }

    private static ServerSocketChannel listen() throws IOException {
        return ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    private static double receive(long bytes, int rounds, Path dir) throws Exception {
        ServerSocketChannel server = listen();
        Thread receiver = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
            try {
                while (true) {
                    try (SocketChannel s = server.accept()) {
                        Path file = Files.createTempFile(dir, "loopback-", ".bin");
                        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                            for (long left = bytes; left > 0; ) {
                                buffer.clear();
                                if (left < buffer.capacity()) {
                                    buffer.limit((int) left);
                                }
                                int n = s.read(buffer);
                                if (n < 0) {
                                    throw new EOFException("the sender stopped early");
                                }
                                left -= n;
                                buffer.flip();
                                while (buffer.hasRemaining()) {
                                    out.write(buffer);
                                }
                            }
                            out.force(true);
                        } finally {
                            Files.deleteIfExists(file);
                        }
                        s.write(ByteBuffer.wrap(new byte[] {1}));
                    }
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    e.printStackTrace();
                }
            }
        });
        receiver.setDaemon(true);
        receiver.start();
        byte[] data = new byte[1 << 20];
        new Random(1).nextBytes(data);
        long nanos = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), port(server))) {
                OutputStream out = c.getOutputStream();
                for (long left = bytes; left > 0; left -= data.length) {
                    out.write(data, 0, (int) Math.min(data.length, left));
                }
                out.flush();
                if (c.getInputStream().read() != 1) {
                    throw new IOException("the receiver did not acknowledge");
                }
            }
            nanos += System.nanoTime() - start;
        }
        server.close();
        return bytes * (double) rounds / (nanos / 1e9) / 1e6;
    }

    private static double send(Path file, int rounds) throws Exception {
        long size = Files.size(file);
        ServerSocketChannel server = listen();
        Thread sender = new Thread(() -> {
            try {
                while (true) {
                    try (SocketChannel s = server.accept();
                            FileChannel in = FileChannel.open(file)) {
                        for (long at = 0; at < size; ) {
                            at += in.transferTo(at, size - at, s);
                        }
                    }
                }
            } catch (IOException e) {
                if (server.isOpen()) {
                    e.printStackTrace();
                }
            }
        });
        sender.setDaemon(true);
        sender.start();
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        long nanos = 0;
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            try (SocketChannel c = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(server)))) {
                for (long got = 0; got < size; ) {
                    buffer.clear();
                    int n = c.read(buffer);
                    if (n < 0) {
                        throw new EOFException("the sender stopped early");
                    }
                    got += n;
                }
            }
            nanos += System.nanoTime() - start;
        }
        server.close();
        return size * (double) rounds / (nanos / 1e9) / 1e6;
    }

    private static int port(ServerSocketChannel server) throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }
}
