package io.keyport.backend.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The storage SPI for content: opaque blobs under keys, written once through a staged
 * {@link BlobWriter} and read back from any offset. It knows nothing about images, manifests,
 * digests or charts; deduplication, digest checks and garbage collection are written once above it.
 *
 * <p><b>Keys</b> are '/'-separated relative paths of {@code [A-Za-z0-9._-]} segments, validated by
 * {@link BlobKeys}. Every method that takes a key or prefix throws {@link IllegalArgumentException}
 * for an invalid one before touching storage, so no key can name anything outside the storage. A key
 * must not also be the prefix ("directory") of another key; layouts never do that, and a backend may
 * reject such a commit with {@link StorageException}.
 *
 * <p><b>Visibility.</b> A blob exists from the moment {@link BlobWriter#commit(String)} returns until
 * {@link #delete(String)} returns; it is never visible in part. Implementations are thread-safe, and
 * every backend passes the same conformance suite ({@code StorageContractTest}).
 *
 * <p><b>Errors.</b> I/O failures surface as the unchecked {@link StorageException}; a missing blob
 * on read as its subclass {@link NoSuchBlobException}.
 */
public interface BlobStorage extends AutoCloseable {

    /**
     * Size and modification time of the blob under {@code key}, or empty if no blob is committed
     * there (a key that is only a prefix of other keys is not a blob).
     */
    Optional<BlobInfo> stat(String key);

    /**
     * Opens the blob under {@code key} for reading from byte {@code offset} to its end. The stream
     * reads the blob as it was when opened, even if it is replaced or deleted meanwhile. The caller
     * closes it.
     *
     * @param offset 0 to the blob's size; at the size the stream is empty
     * @throws NoSuchBlobException if no blob is committed under the key
     * @throws IllegalArgumentException if the offset is negative or beyond the blob's size
     */
    InputStream openReader(String key, long offset);

    /** {@link #openReader(String, long)} from the start. */
    default InputStream openReader(String key) {
        return openReader(key, 0);
    }

    /**
     * Starts a staged write. Its bytes live in the backend's staging area (never under a key) until
     * {@link BlobWriter#commit(String)}; the key is chosen only at commit, so a blob can be written
     * before its digest is known. A writer that is neither committed nor cancelled (a crashed process)
     * leaves staged bytes that {@link #purgeStaging(Duration)} removes.
     */
    BlobWriter openWriter();

    /**
     * Continues the staged write {@code id}, which an earlier writer left suspended
     * ({@link BlobWriter#suspend()}), from this or any other instance of the storage on the same
     * backing store. The returned writer is open and appends after the bytes already staged; its
     * {@link BlobWriter#size()} starts at their number:
     * <ul>
     * <li>after {@code suspend()}: exactly the suspended writer's {@code size()};
     * <li>after a writer that was neither suspended nor closed (its process died): the bytes that had
     *     reached the staging area, always a prefix of what was written, possibly shorter (the
     *     filesystem keeps what was flushed; S3 keeps whole parts and the tail of the last suspend).
     *     The caller learns the size here and has the client continue from it, as chunked upload
     *     protocols do.
     * </ul>
     * Resuming counts as writing for {@link #purgeStaging(Duration)}. Then commit or cancel (or
     * suspend again) as with any writer.
     *
     * @return the writer, or empty if no staged write has this id: never opened, committed, cancelled
     *         or purged
     * @throws IllegalArgumentException if {@code id} is not a writer id
     *         ({@link BlobKeys#isValidWriterId(String)})
     * @throws IllegalStateException if a writer of this instance still has the staged write open (a
     *         second open writer in another instance is a caller error that no backend can detect)
     */
    Optional<BlobWriter> resumeWriter(String id);

    /**
     * Writes all of {@code content} to {@code key} through a staged writer and commits it, with the
     * commit semantics of {@link BlobWriter#commit(String)}. Does not close {@code content}.
     *
     * @return the number of bytes stored
     */
    default long put(String key, InputStream content) {
        BlobKeys.requireValid(key);
        try (BlobWriter writer = openWriter()) {
            content.transferTo(writer);
            long size = writer.size();
            writer.commit(key);
            return size;
        } catch (IOException e) {
            throw new StorageException("cannot write " + key, e);
        }
    }

    /**
     * Every committed key under {@code prefix}: the keys that start with {@code prefix + "/"}, at any
     * depth, or all keys when {@code prefix} is empty. A key equal to the prefix is not included.
     * Order is unspecified. The stream is lazy and weakly consistent: keys committed or deleted while
     * it runs may or may not appear. Close it when done; a backend may hold resources.
     *
     * @param prefix {@code ""} or a valid key
     * @throws StorageException (possibly from the stream's operations) if listing fails
     */
    Stream<String> list(String prefix);

    /**
     * Deletes the blob under {@code key}. Readers already open keep reading it. Not idempotent in
     * its answer, but safe to repeat.
     *
     * @return true if a blob was deleted, false if there was none (a key that is only a prefix of
     *         other keys is not a blob, and nothing under it is deleted)
     */
    boolean delete(String key);

    /**
     * A URL from which an HTTP client may GET the blob directly (a presigned S3 URL) for at least
     * {@code validity}, or empty if the backend cannot offer one; the filesystem never does. Does not
     * check that the blob exists. Callers must then serve the bytes themselves.
     *
     * @throws IllegalArgumentException if {@code validity} is not positive
     */
    Optional<URI> redirectUrl(String key, Duration validity);

    /**
     * Removes staged writes not written to (nor resumed) for at least {@code olderThan}: suspended
     * writes nobody resumed, and uploads abandoned by a crashed process or a forgotten writer. A writer
     * whose staged bytes were purged fails its commit, and its id no longer resumes.
     * Use an age well above the longest expected pause of an upload; {@link Duration#ZERO} removes
     * every staged write, including ones in progress.
     *
     * @return how many staged writes were removed
     */
    int purgeStaging(Duration olderThan);

    /** Releases clients and connections; the filesystem holds none. Blobs are not affected. */
    @Override
    default void close() {}
}
