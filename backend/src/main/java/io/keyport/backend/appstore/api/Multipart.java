package io.keyport.backend.appstore.api;

import io.keyport.backend.appstore.service.AppStoreError;
import io.keyport.backend.appstore.service.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds one field of a {@code multipart/form-data} body (RFC 7578) and streams its content, holding
 * no more than a small buffer: ChartMuseum's {@code curl -F chart=@mychart-0.1.0.tgz} form. Other
 * fields before it are skipped; nothing after it is read. A body without the field, or one that ends
 * without its closing boundary, is a 400.
 */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=(\"([^\"]*)\"|([^;\\s]*))");
    private static final int MAX_HEADERS = 16 * 1024;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buf = new byte[64 * 1024];
    private int start;
    private int end;
    private boolean eof;

    private Multipart(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // the first boundary follows no CRLF of its own: pretend the body starts with one
        buf[0] = '\r';
        buf[1] = '\n';
        end = 2;
    }

    /** The boundary of a {@code multipart/form-data} content type, or null when it is none. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw AppStoreError.BAD_REQUEST.with("a multipart/form-data body needs a boundary");
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The content of the field {@code name} of the multipart body {@code in}. */
    static InputStream field(InputStream in, String boundary, String name) throws IOException {
        Multipart m = new Multipart(in, boundary);
        m.skipPart(); // the preamble
        while (true) {
            byte[] after = m.readExact(2);
            if (after[0] == '-' && after[1] == '-') {
                throw AppStoreError.BAD_REQUEST.with("no chart in the form: send the archive as field '" + name + "'");
            }
            String headers = m.readHeaders();
            if (name.equals(fieldName(headers))) {
                return m.partStream();
            }
            m.skipPart();
        }
    }

    private static String fieldName(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                Matcher m = NAME.matcher(line);
                if (m.find()) {
                    return m.group(2) != null ? m.group(2) : m.group(3);
                }
            }
        }
        return null;
    }

    private String readHeaders() throws IOException {
        StringBuilder headers = new StringBuilder();
        while (headers.length() < MAX_HEADERS) {
            int c = readByte();
            if (c < 0) {
                throw truncated();
            }
            headers.append((char) c);
            if (headers.length() >= 4 && headers.substring(headers.length() - 4).equals("\r\n\r\n")) {
                return headers.toString();
            }
            if (headers.length() == 2 && headers.toString().equals("\r\n")) {
                return ""; // a part without headers
            }
        }
        throw AppStoreError.BAD_REQUEST.with("the headers of a multipart part are too large");
    }

    private void skipPart() throws IOException {
        byte[] scratch = new byte[8192];
        while (readPart(scratch, 0, scratch.length) >= 0) {
            // discard
        }
    }

    private InputStream partStream() {
        return new ChunkInputStream() {
            private boolean done;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (done) {
                    return -1;
                }
                int n = readPart(b, off, len);
                if (n < 0) {
                    done = true;
                }
                return n;
            }
        };
    }

    /** Bytes of the current part; -1 once its closing delimiter was reached (and consumed). */
    private int readPart(byte[] b, int off, int len) throws IOException {
        while (true) {
            int at = indexOfDelimiter();
            if (at == start) {
                start += delimiter.length;
                return -1;
            }
            int available = at >= 0 ? at - start : end - start - (delimiter.length - 1);
            if (available > 0) {
                int n = Math.min(len, available);
                System.arraycopy(buf, start, b, off, n);
                start += n;
                return n;
            }
            if (eof) {
                throw truncated();
            }
            fill();
        }
    }

    private int indexOfDelimiter() {
        outer:
        for (int i = start; i <= end - delimiter.length; i++) {
            for (int j = 0; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private int readByte() throws IOException {
        if (start == end) {
            if (eof) {
                return -1;
            }
            fill();
            if (start == end) {
                return -1;
            }
        }
        return buf[start++] & 0xff;
    }

    private byte[] readExact(int n) throws IOException {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int c = readByte();
            if (c < 0) {
                throw truncated();
            }
            out[i] = (byte) c;
        }
        return out;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    private static RuntimeException truncated() {
        return AppStoreError.BAD_REQUEST.with("the multipart body ends without its closing boundary");
    }
}
