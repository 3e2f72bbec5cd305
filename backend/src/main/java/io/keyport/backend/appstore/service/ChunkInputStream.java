package io.keyport.backend.appstore.service;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream defined by its bulk {@link #read(byte[], int, int)} alone: the single-byte read
 * goes through it, so streams that count, limit or end at a boundary have one place that does so.
 */
public abstract class ChunkInputStream extends InputStream {

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public abstract int read(byte[] b, int off, int len) throws IOException;
}
