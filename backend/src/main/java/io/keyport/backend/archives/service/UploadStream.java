package io.keyport.backend.archives.service;

import io.keyport.backend.storage.OffloadedDigest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The request body of an upload as the zip inspection reads it: every byte read is also written to
 * the staged blob and into the SHA-256, in the same pass, and counted against the size limit (413
 * as soon as it is passed). A failure to read the body itself (the client left) is an
 * {@link UncheckedIOException}, which the zip inspection does not take for a broken archive.
 */
final class UploadStream extends InputStream {

    private final InputStream body;
    private final OutputStream staged;
    private final long limit;
    private final OffloadedDigest sha256;
    private final byte[] tail = new byte[KployArchive.TAIL];
    private int tailEnd;
    private long count;

    UploadStream(InputStream body, OutputStream staged, long limit) {
        this.body = body;
        this.staged = staged;
        this.limit = limit;
        try {
            this.sha256 = new OffloadedDigest(MessageDigest.getInstance("SHA-256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        int n;
        try {
            // whole chunks: the request body arrives in pieces of a few KiB, each of which would
            // otherwise cost a digest update, a staged write and a tail copy of its own
            n = body.readNBytes(b, off, len);
            if (n == 0 && len > 0) {
                n = -1;
            }
        } catch (IOException e) {
            throw new UploadInterrupted(e);
        } catch (UncheckedIOException e) {
            throw new UploadInterrupted(e.getCause());
        }
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw tooLarge(limit);
            }
            sha256.update(b, off, n);
            keepTail(b, off, n);
            try {
                staged.write(b, off, n);
            } catch (IOException e) {
                throw new UncheckedIOException("the upload could not be staged", e);
            }
        }
        return n;
    }

    /** Reads what the zip inspection left (the central directory) to the end of the body. */
    void drain() {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // every byte goes to the blob and the digest
        }
    }

    /** Keeps the last {@link KployArchive#TAIL} bytes read in a ring ending at {@code tailEnd}. */
    private void keepTail(byte[] b, int off, int n) {
        if (n >= tail.length) {
            System.arraycopy(b, off + n - tail.length, tail, 0, tail.length);
            tailEnd = 0;
            return;
        }
        int first = Math.min(n, tail.length - tailEnd);
        System.arraycopy(b, off, tail, tailEnd, first);
        System.arraycopy(b, off + first, tail, 0, n - first);
        tailEnd = (tailEnd + n) % tail.length;
    }

    /** The last bytes read (at most {@link KployArchive#TAIL}), in order. */
    byte[] tail() {
        int kept = (int) Math.min(count, tail.length);
        byte[] out = new byte[kept];
        int start = Math.floorMod(tailEnd - kept, tail.length);
        int first = Math.min(kept, tail.length - start);
        System.arraycopy(tail, start, out, 0, first);
        System.arraycopy(tail, 0, out, first, kept - first);
        return out;
    }

    long count() {
        return count;
    }

    /** The SHA-256 of everything read, as 64 lower-case hex digits; call once, after {@link #drain()}. */
    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    static io.keyport.backend.http.ApiException tooLarge(long limit) {
        return ArchivesError.PAYLOAD_TOO_LARGE.with(
                "An app archive may have at most " + limit + " bytes", Map.of("limit_bytes", limit));
    }
}
