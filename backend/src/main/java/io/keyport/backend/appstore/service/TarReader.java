package io.keyport.backend.appstore.service;

import io.keyport.backend.storage.TarHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the entries of a tar stream (POSIX ustar and pax, and the GNU long-name records that Go's
 * {@code archive/tar} writes for long paths) without trusting it: every header's checksum is
 * verified, sizes are bounded, and entry types other than files, directories and links are refused.
 * It only parses; what a path may be is {@link ChartArchive}'s rule.
 *
 * <p>Not supported, and refused: sparse files, devices, FIFOs, multi-volume archives.
 */
final class TarReader {

    /** One entry: its path and link target as the archive names them, its type and size. */
    record Entry(String path, Type type, String linkTarget, long size) {}

    enum Type {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK
    }

    private static final int BLOCK = TarHeaders.BLOCK;
    /** Extended headers (pax, GNU long names) carry paths, not content; more than this is hostile. */
    private static final int MAX_EXTENDED_HEADER = 64 * 1024;

    private final InputStream in;
    private final long maxEntrySize;
    private long remaining;
    private long padding;
    private boolean ended;

    TarReader(InputStream in, long maxEntrySize) {
        this.in = in;
        this.maxEntrySize = maxEntrySize;
    }

    /** The next entry, or null at the end of the archive; the previous entry's unread data is skipped. */
    Entry next() throws IOException {
        if (ended) {
            return null;
        }
        skipRest();
        String longName = null;
        String longLink = null;
        Map<String, String> pax = Map.of();
        while (true) {
            byte[] header = new byte[BLOCK];
            if (!readBlock(header, true)) {
                throw new InvalidChartException("the tar archive ends without its end-of-archive marker");
            }
            if (TarHeaders.allZero(header)) {
                ended = true;
                return null;
            }
            verifyChecksum(header);
            char flag = (char) header[156];
            long size = size(header);
            switch (flag) {
                case 'x' -> {
                    pax = parsePax(readExtended(size));
                    continue;
                }
                case 'g' -> {
                    readExtended(size); // global pax defaults: nothing a chart needs
                    continue;
                }
                case 'L' -> {
                    longName = TarHeaders.cString(readExtended(size));
                    continue;
                }
                case 'K' -> {
                    longLink = TarHeaders.cString(readExtended(size));
                    continue;
                }
                default -> {
                    // an entry proper
                }
            }
            String path = pax.getOrDefault("path", longName != null ? longName : TarHeaders.name(header));
            String link =
                    pax.getOrDefault("linkpath", longLink != null ? longLink : TarHeaders.cString(header, 157, 100));
            if (pax.containsKey("size")) {
                size = paxSize(pax.get("size"));
            }
            Type type = switch (flag) {
                case '0', '\0', '7' -> Type.FILE;
                case '5' -> Type.DIRECTORY;
                case '2' -> Type.SYMLINK;
                case '1' -> Type.HARDLINK;
                default ->
                    throw new InvalidChartException("the tar archive holds an entry of type '" + printable(flag)
                            + "'; only files, directories and links are allowed");
            };
            if (size > maxEntrySize) {
                throw new InvalidChartException(
                        "the file " + path + " is larger than " + maxEntrySize + " bytes", true);
            }
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            return new Entry(path, type, type == Type.SYMLINK || type == Type.HARDLINK ? link : null, size);
        }
    }

    /** The data of the current entry; ends where the entry ends. */
    InputStream content() {
        return new ChunkInputStream() {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new InvalidChartException("the tar archive is truncated inside a file");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private void skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new InvalidChartException("the tar archive is truncated");
            }
            n -= r;
        }
    }

    private boolean readBlock(byte[] block, boolean endAllowed) throws IOException {
        int read = 0;
        while (read < block.length) {
            int n = in.read(block, read, block.length - read);
            if (n < 0) {
                if (read == 0 && endAllowed) {
                    return false;
                }
                throw new InvalidChartException("the tar archive is truncated inside a header");
            }
            read += n;
        }
        return true;
    }

    private byte[] readExtended(long size) throws IOException {
        if (size > MAX_EXTENDED_HEADER) {
            throw new InvalidChartException("an extended tar header is larger than " + MAX_EXTENDED_HEADER + " bytes");
        }
        byte[] data = in.readNBytes((int) size);
        if (data.length != size) {
            throw new InvalidChartException("the tar archive is truncated inside an extended header");
        }
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private static void verifyChecksum(byte[] header) {
        if (!TarHeaders.checksumMatches(header)) {
            throw new InvalidChartException("a tar header has a wrong checksum (not a tar archive, or a corrupt one)");
        }
    }

    private static long size(byte[] header) {
        if ((header[124] & 0x80) != 0) {
            // base-256 (GNU/star) for sizes of 8 GiB and more: far above any limit here
            throw new InvalidChartException("a tar entry is larger than any chart may be", true);
        }
        return octal(header, 124, 12, "size");
    }

    private static long octal(byte[] header, int offset, int length, String field) {
        long value = TarHeaders.octal(header, offset, length);
        if (value < 0) {
            throw new InvalidChartException("a tar header has a malformed " + field + " field");
        }
        return value;
    }

    private static long paxSize(String text) {
        try {
            long size = Long.parseLong(text);
            if (size < 0) {
                throw new NumberFormatException(text);
            }
            return size;
        } catch (NumberFormatException e) {
            throw new InvalidChartException("a pax header has a malformed size");
        }
    }

    /** Pax records: {@code "<length> <key>=<value>\n"}, the length counting the whole record. */
    private static Map<String, String> parsePax(byte[] data) {
        Map<String, String> records = new HashMap<>();
        int pos = 0;
        while (pos < data.length) {
            int space = pos;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            int length;
            try {
                length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new InvalidChartException("a pax header has a malformed record");
            }
            if (length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] != '\n') {
                throw new InvalidChartException("a pax header has a malformed record");
            }
            String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            int eq = record.indexOf('=');
            if (eq <= 0) {
                throw new InvalidChartException("a pax header has a malformed record");
            }
            records.put(record.substring(0, eq), record.substring(eq + 1));
            pos += length;
        }
        return records;
    }

    private static String printable(char c) {
        return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c);
    }
}
