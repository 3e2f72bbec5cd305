package io.keyport.backend.storage;

import java.nio.charset.StandardCharsets;

/**
 * The fields of a tar header block (POSIX ustar; the GNU and pax extensions are the reader's
 * business), read without trusting them: for the chart archives of the App Store and the image
 * layers of the registry, which both read tar streams that clients uploaded.
 */
public final class TarHeaders {

    /** A tar block: headers and padded file contents come in these. */
    public static final int BLOCK = 512;

    private TarHeaders() {}

    /**
     * An octal number field (digits, padded with spaces or NULs on either side); -1 when it holds
     * anything else or overflows.
     */
    public static long octal(byte[] header, int offset, int length) {
        long value = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            byte b = header[i];
            if (b == 0 || b == ' ') {
                if (digits) {
                    break;
                }
                continue;
            }
            if (b < '0' || b > '7' || value > (Long.MAX_VALUE >> 3)) {
                return -1;
            }
            digits = true;
            value = value * 8 + (b - '0');
        }
        return value;
    }

    /**
     * Whether the header's checksum field (at 148, counted as spaces) is the sum of its bytes, taken
     * unsigned as POSIX says or signed as some old writers did: false for a block that is no tar header.
     */
    public static boolean checksumMatches(byte[] header) {
        long stored = octal(header, 148, 8);
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            byte b = (i >= 148 && i < 156) ? (byte) ' ' : header[i];
            unsigned += b & 0xff;
            signed += b;
        }
        return stored >= 0 && (stored == unsigned || stored == signed);
    }

    /** The entry's path as the header names it: the ustar prefix, if any, then the name. */
    public static String name(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = header[257] == 'u'
                && header[258] == 's'
                && header[259] == 't'
                && header[260] == 'a'
                && header[261] == 'r';
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** Text up to the first NUL. */
    public static String cString(byte[] data) {
        return cString(data, 0, data.length);
    }

    /** Text of a field, up to its first NUL. */
    public static String cString(byte[] data, int offset, int length) {
        int end = offset;
        while (end < offset + length && data[end] != 0) {
            end++;
        }
        return new String(data, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** Whether a block is all zeros (two of them end an archive). */
    public static boolean allZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
