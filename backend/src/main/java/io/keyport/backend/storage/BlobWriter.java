package io.keyport.backend.storage;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A staged write: the bytes written here stay invisible to every reader until {@link #commit(String)}
 * publishes them under a key in one atomic step. Obtained from {@link BlobStorage#openWriter()}, or
 * from {@link BlobStorage#resumeWriter(String)} to continue a staged write begun earlier, possibly by
 * another process.
 *
 * <p><b>Staged write and writer.</b> The <em>staged write</em> is the bytes in the backend's staging
 * area, named by {@link #id()}; it outlives this object. A <em>writer</em> is this object, the one
 * handle that appends to it. Life cycle of a writer: <em>open</em> (accepts writes) → exactly one of
 * <em>committed</em>, <em>cancelled</em> or <em>suspended</em>:
 * <ul>
 * <li>{@link #commit(String)} publishes the staged write under a key; the staged write is gone.
 * <li>{@link #cancel()} discards it; so does {@link #close()} on an open writer, so a
 *     try-with-resources block that leaves early (an exception, a client that hangs up) never
 *     publishes a half blob and never leaks a staged file.
 * <li>{@link #suspend()} closes this writer <em>without</em> committing or cancelling: the staged
 *     write is "closed but not committed". It belongs to no writer, keeps every byte written so far
 *     (see {@link #suspend()} for how durably), and any instance of the storage on the same backing store (another replica, or this
 *     server after a restart) continues it with {@link BlobStorage#resumeWriter(String)} by its id,
 *     then commits or cancels it. A suspended write that nobody resumes is removed by
 *     {@link BlobStorage#purgeStaging} once it is old enough.
 * </ul>
 *
 * <pre>{@code
 * try (BlobWriter writer = storage.openWriter()) {       // or storage.resumeWriter(id).orElseThrow()
 *     body.transferTo(writer);
 *     if (lastChunk) writer.commit(key); else writer.suspend(); // close() after either does nothing
 * }
 * }</pre>
 *
 * <p>A writer is used by one thread at a time, and a staged write has at most one open writer at a
 * time (the layer above keeps one upload session per id and serialises its requests). Writing after
 * commit, cancel or suspend throws {@link java.io.IOException}. The {@code OutputStream} methods throw
 * {@code IOException} as the JDK requires; {@code commit}, {@code cancel} and {@code suspend} throw
 * {@link StorageException}.
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

    /**
     * The number of bytes in the staged write so far: those staged before this writer was obtained
     * (see {@link BlobStorage#resumeWriter(String)}) plus those written through it. For a new writer,
     * simply the bytes written.
     */
    public abstract long size();

    /**
     * The staged write's id: a lower-case UUID ({@link BlobKeys#isValidWriterId(String)}), fixed when
     * the write is opened and the same in every writer that resumes it. It names only a staging entry,
     * so it may be handed to clients (as an upload session id); it grants nothing by itself.
     */
    public abstract String id();

    /**
     * Closes this writer without committing or cancelling: every byte written so far survives a crash
     * of this process and is left in the staging area for {@link BlobStorage#resumeWriter(String)}; a
     * backend may make it durable against a crash of the machine in the background (the filesystem
     * fsyncs behind, decision 0036), since {@link #commit} makes the whole write durable anyway. After
     * it, {@link #size()} still answers, writes throw {@code IOException}, {@code commit} throws
     * {@code IllegalStateException}, and {@code cancel} and {@code close} do nothing: they would need a
     * resumed writer. Suspending a writer that is not open does nothing.
     *
     * @throws StorageException if the bytes cannot be made durable; the staged write may then hold
     *         fewer bytes than were written (resume reports how many), or none if it was purged
     */
    public abstract void suspend();

    /**
     * Whether {@link #readStaged()} can read this backend's staged bytes back: the filesystem and
     * memory can; S3 cannot, since the parts of an unfinished multipart upload are not readable.
     */
    public boolean readsStaged() {
        return false;
    }

    /**
     * The bytes staged so far, all {@link #size()} of them, read back from the staging area: for a
     * caller that must look again at what it staged (the registry re-hashes an upload session
     * whose running hash this process does not hold, decision 0040). The writer must be open, and
     * nothing may be written through it until the stream is closed. The caller closes the stream.
     *
     * @throws UnsupportedOperationException if the backend cannot ({@link #readsStaged()} is false)
     * @throws IllegalStateException if the writer is not open
     * @throws StorageException if the staged bytes cannot be read
     */
    public InputStream readStaged() {
        throw new UnsupportedOperationException("this backend cannot read staged bytes back");
    }

    /** Cancels the writer if it is still open; after a commit, cancel or suspend this does nothing. */
    @Override
    public void close() {
        cancel();
    }
}
