package io.keyport.backend.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.storage.TarHeaders;
import io.keyport.model.common.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Finds {@code scm-source.json} (or {@code ./scm-source.json}) at the root of an image layer, as
 * Pier One did for every pushed layer: the layer is read as a stream (gzip is recognised by its
 * magic bytes, anything else is read as a plain tar), header by header, skipping file contents
 * without keeping them, and stops at the file. Only that file's content is held, and only up to
 * {@link #MAX_FILE} bytes. Anything that is not a tar (an artifact's layer, zstd, a truncated or
 * hostile archive) means "none found", never an error.
 *
 * <p>The file is {@code {"url", "revision", "author", "status"}}; fields of other types are read as
 * text, fields longer than the columns are cut.
 */
public final class LayerScmSource {

    /** The largest scm-source.json read; a larger one is ignored. */
    public static final int MAX_FILE = 64 * 1024;

    /** What a scm-source.json says. */
    public record Found(String url, String revision, String author, String status) {}

    private static final int BLOCK = TarHeaders.BLOCK;

    private LayerScmSource() {}

    /** The scm-source.json of the layer {@code in} holds; the stream is not closed. */
    public static Optional<Found> find(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 8192);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        try {
            return scan(first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 8192) : buffered);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            return Optional.empty(); // not gzip after all, or cut short: no scm source
        }
    }

    private static Optional<Found> scan(InputStream tar) throws IOException {
        byte[] header = new byte[BLOCK];
        String longName = null;
        while (readFully(tar, header)) {
            if (TarHeaders.allZero(header) || !TarHeaders.checksumMatches(header)) {
                return Optional.empty(); // end of archive, or not a tar
            }
            long size = TarHeaders.octal(header, 124, 12);
            if (size < 0) {
                return Optional.empty();
            }
            byte type = header[156];
            String name = longName != null ? longName : TarHeaders.name(header);
            longName = null;
            if (type == 'L' || type == 'x') {
                // a GNU long name or a pax header names the next entry
                if (size > MAX_FILE) {
                    return Optional.empty();
                }
                byte[] data = readEntry(tar, (int) size);
                longName = type == 'L' ? TarHeaders.cString(data) : paxPath(data);
                continue;
            }
            if ((type == '0' || type == 0) && isScmSource(name)) {
                if (size > MAX_FILE) {
                    return Optional.empty();
                }
                return parse(readEntry(tar, (int) size));
            }
            skip(tar, padded(size));
        }
        return Optional.empty();
    }

    private static boolean isScmSource(String name) {
        return name.equals("scm-source.json") || name.equals("./scm-source.json") || name.equals("/scm-source.json");
    }

    /** Parses the file's bytes; empty when it is no JSON object. */
    static Optional<Found> parse(byte[] bytes) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(bytes);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Found(
                text(node, "url", 2048),
                text(node, "revision", 255),
                text(node, "author", 255),
                text(node, "status", 1024)));
    }

    private static String text(JsonNode node, String field, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.length() > max ? text.substring(0, max) : text;
    }

    private static byte[] readEntry(InputStream in, int size) throws IOException {
        byte[] data = new byte[size];
        if (!readFully(in, data)) {
            throw new java.io.EOFException();
        }
        skip(in, padded(size) - size);
        return data;
    }

    private static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    private static void skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new java.io.EOFException();
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    /** Fills {@code buffer}; false at a clean end before its first byte. */
    private static boolean readFully(InputStream in, byte[] buffer) throws IOException {
        int off = 0;
        while (off < buffer.length) {
            int n = in.read(buffer, off, buffer.length - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new java.io.EOFException();
            }
            off += n;
        }
        return true;
    }

    /** The {@code path} record of a pax header ({@code "<len> path=<value>\n"} records). */
    private static String paxPath(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8);
        for (String record : text.split("\n")) {
            int space = record.indexOf(' ');
            if (space > 0 && record.startsWith("path=", space + 1)) {
                return record.substring(space + 1 + "path=".length());
            }
        }
        return null;
    }
}
