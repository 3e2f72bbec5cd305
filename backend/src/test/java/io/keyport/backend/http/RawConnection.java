package io.keyport.backend.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One raw TCP connection to the test server: writes bytes exactly as given (no client normalises
 * anything) and reads HTTP/1.1 responses byte by byte, so a test sees every response the server
 * wrote on the connection and whether the server closed it.
 */
final class RawConnection implements AutoCloseable {

    /** One parsed response; {@code head} is the status line and headers as received. */
    record Response(int status, Map<String, List<String>> headers, byte[] body, String head) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }

        List<String> all(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return head.strip() + " | " + (text().length() > 200 ? text().substring(0, 200) + "..." : text());
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static RawConnection open(int port) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(15_000);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the text as ISO-8859-1 bytes (one byte per character, CR LF as written). */
    RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawConnection send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the sending side (the server reads the end of the stream) while the answer can still be read. */
    RawConnection halfClose() {
        try {
            socket.shutdownOutput();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next response; null when the server closed (or reset) the connection before any byte of one. */
    Response read() {
        return read(false);
    }

    /** Reads the next response to a HEAD request: headers only, whatever Content-Length says. */
    Response readHead() {
        return read(true);
    }

    private Response read(boolean headRequest) {
        try {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int c;
                try {
                    c = in.read();
                } catch (SocketException e) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw e;
                }
                if (c < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new AssertionError("connection closed inside a response head: " + head);
                }
                head.write(c);
                matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : (c == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (!statusLine[0].startsWith("HTTP/1.")) {
                throw new AssertionError("not an HTTP response: " + text);
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(
                                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                    k -> new ArrayList<>())
                            .add(lines[i].substring(colon + 1).trim());
                }
            }
            int status = Integer.parseInt(statusLine[1]);
            byte[] body = new byte[0];
            List<String> length = headers.getOrDefault("content-length", List.of());
            List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
            if (headRequest || status == 204 || status == 304) {
                body = new byte[0];
            } else if (!encoding.isEmpty() && encoding.getFirst().equalsIgnoreCase("chunked")) {
                body = readChunked();
            } else if (!length.isEmpty()) {
                body = in.readNBytes(Integer.parseInt(length.getFirst()));
            }
            return new Response(status, headers, body, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(line(), 16);
            if (size == 0) {
                line();
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    /**
     * Waits until the server closes the connection, at most {@code within}. Returns normally when the
     * server closed or reset it; fails when the server wrote anything more (another response), or
     * kept the connection open past the deadline.
     */
    void assertClosedWithin(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("connection still open after " + within
                            + (extra.size() > 0
                                    ? ", server wrote: " + extra.toString(StandardCharsets.ISO_8859_1)
                                    : ""));
                }
                socket.setSoTimeout((int) Math.max(1, left));
                int c;
                try {
                    c = in.read();
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (SocketException e) {
                    c = -1;
                }
                if (c < 0) {
                    if (extra.size() > 0) {
                        throw new AssertionError(
                                "server wrote more before closing: " + extra.toString(StandardCharsets.ISO_8859_1));
                    }
                    return;
                }
                extra.write(c);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
