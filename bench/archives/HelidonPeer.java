import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * The Java peers of {@code bench/archives}: what this machine's JVM does without Keyport's work.
 *
 * <pre>
 * java -cp 'backend/target/libs/*' HelidonPeer.java serve PORT DIR
 *     a bare Helidon 4 web server (the same jars and the same 1 MiB receive buffer as Keyport) with
 *     POST /files/{name}   the raw body written to DIR/{name} and fsync'd (no digest, no zip check,
 *                          no database): the least a durable upload through Helidon does
 *     GET  /files/{name}   DIR/{name} streamed as Keyport streams an archive (1 MiB writes)
 * java -cp 'backend/target/libs/*' HelidonPeer.java sha256 FILE ROUNDS
 *     MB/s of the JDK's SHA-256 over FILE held in memory, after a warm-up: one core's bound on
 *     an upload whose id is its SHA-256
 * </pre>
 *
 * (The class path is needed for both: a source-file launch compiles the whole file.)
 *
 * MB = 10^6 bytes.
 */
public final class HelidonPeer {

    private static final int CHUNK = 1 << 20;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve" -> serve(Integer.parseInt(args[1]), Path.of(args[2]));
            case "sha256" -> sha256(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("serve PORT DIR | sha256 FILE ROUNDS");
        }
    }

    private static void sha256(Path file, int rounds) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < 3; i++) {
            sha.update(bytes);
            sha.digest();
        }
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            sha.update(bytes);
            sha.digest();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%.1f%n", (double) bytes.length * rounds / seconds / 1e6);
    }

    private static void serve(int port, Path dir) {
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .putListenerSocketOption(StandardSocketOptions.SO_RCVBUF, 1 << 20)
                .routing((HttpRouting.Builder r) -> r.post("/files/{name}", (req, res) -> {
                            Path target = dir.resolve(name(req.path().pathParameters().get("name")));
                            Path staged = dir.resolve(".staged-" + target.getFileName());
                            long size = 0;
                            try (InputStream in = req.content().inputStream();
                                    FileChannel out = FileChannel.open(
                                            staged,
                                            StandardOpenOption.CREATE,
                                            StandardOpenOption.TRUNCATE_EXISTING,
                                            StandardOpenOption.WRITE)) {
                                byte[] buffer = new byte[CHUNK];
                                int n;
                                while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                                    ByteBuffer wrapped = ByteBuffer.wrap(buffer, 0, n);
                                    while (wrapped.hasRemaining()) {
                                        out.write(wrapped);
                                    }
                                    size += n;
                                }
                                out.force(true);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            try {
                                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                            res.send("{\"size\":" + size + "}");
                        })
                        .get("/files/{name}", (req, res) -> {
                            Path file = dir.resolve(name(req.path().pathParameters().get("name")));
                            if (!Files.isRegularFile(file)) {
                                res.status(Status.NOT_FOUND_404).send();
                                return;
                            }
                            try (InputStream in = Files.newInputStream(file)) {
                                res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
                                res.headers().contentLength(Files.size(file));
                                try (OutputStream out = res.outputStream()) {
                                    byte[] buffer = new byte[CHUNK];
                                    int n;
                                    while ((n = in.read(buffer)) > 0) {
                                        out.write(buffer, 0, n);
                                    }
                                }
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        }))
                .build()
                .start();
        System.out.println("ready " + port);
    }

    private static String name(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("bad name " + name);
        }
        return name;
    }
}
