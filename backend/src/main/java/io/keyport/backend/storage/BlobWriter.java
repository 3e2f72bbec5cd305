package io.keyport.backend.storage;

import java.io.OutputStream;

/**
 * A staged write: the bytes written here stay invisible to every reader until {@link #commit(String)}
 * publishes them under a key in one atomic step. Obtained from {@link BlobStorage#openWriter()}.
 *
 * <p>Life cycle: <em>open</em> (accepts writes) → exactly one of <em>committed</em> or
 * <em>cancelled</em>. {@link #close()} on an open writer cancels it, so a try-with-resources block
 * that leaves early (an exception, a client that hangs up) never publishes a half blob and never leaks
 * a staged file:
 *
 * <pre>{@code
 * try (BlobWriter writer = storage.openWriter()) {
 *     body.transferTo(writer);
 *     writer.commit(key);
 * }
 * }</pre>
 *
 * <p>A writer is used by one thread at a time. Writing after commit or cancel throws
 * {@link java.io.IOException}. The {@code OutputStream} methods throw {@code IOException} as the JDK
 * requires; {@code commit} and {@code cancel} throw {@link StorageException}.
 */
public abstract class BlobWriter extends OutputStream {

    /**
     * Makes the bytes written so far durable and visible under {@code key}, atomically: a reader sees
     * either the previous state of the key or the complete new blob, never a part of it. When this
     * method returns, the blob survives a crash of the process or the machine.
     *
     * <p>If {@code key} already names a blob, it is <strong>replaced</strong> atomically (last commit
     * wins). Readers that opened the old blob before keep reading the old bytes to their end. For
     * content-addressed keys a replacement carries the same bytes, so deduplication needs no
     * backend support; a caller that must not overwrite checks {@link BlobStorage#stat(String)} first
     * and accepts the race, which is harmless for content addressing.
     *
     * @throws IllegalArgumentException if the key is invalid (see {@link BlobKeys}); the writer stays
     *         open and may still be committed or cancelled
     * @throws IllegalStateException if the writer was already committed or cancelled
     * @throws StorageException if the bytes cannot be made durable or published, including when the
     *         staged bytes were purged by {@link BlobStorage#purgeStaging}; the writer is then cancelled
     */
    public abstract void commit(String key);

    /**
     * Discards the staged bytes; nothing becomes visible and nothing stays behind. Idempotent: cancel
     * after cancel does nothing, cancel after commit does nothing (the blob stays).
     *
     * @throws StorageException if the staged bytes cannot be removed; they are then left for
     *         {@link BlobStorage#purgeStaging}
     */
    public abstract void cancel();

    /** The number of bytes written so far. */
    public abstract long size();

    /** Cancels the writer if it is still open; after a commit or cancel this does nothing. */
    @Override
    public void close() {
        cancel();
    }
}
