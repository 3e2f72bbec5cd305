package io.keyport.backend.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The life cycle of {@link BlobWriter} written once: the state machine (open → committed, cancelled
 * or suspended), the argument and state checks, cancel-on-failed-commit, and the bookkeeping of the
 * instance's open writers. A backend supplies only what moves bytes.
 */
abstract class StagedBlobWriter extends BlobWriter {

    private enum State {
        OPEN,
        COMMITTED,
        CANCELLED,
        SUSPENDED
    }

    private final String id;
    private final Set<String> open;
    private State state = State.OPEN;

    /**
     * @param open the owning storage's ids of open writers; {@code id} must already be in it, and
     *             leaves it when this writer stops being open
     */
    StagedBlobWriter(String id, Set<String> open) {
        this.id = id;
        this.open = open;
    }

    /** Appends bytes to the staged write; the writer is open. */
    protected abstract void append(byte[] b, int off, int len) throws IOException;

    /**
     * Publishes the staged write under {@code key} (valid), atomically and durably. A failure
     * (including {@link StorageException} for purged bytes) cancels the writer.
     */
    protected abstract void publish(String key) throws IOException;

    /** Removes the staged write; throws {@link StorageException} if that fails. */
    protected abstract void discard();

    /** Keeps the staged write for a later resume ({@link BlobWriter#suspend()}); {@link StorageException} if it cannot. */
    protected abstract void keep();

    /** Pushes buffered bytes towards the staging area, as far as the backend does that before suspend. */
    protected void flushStaged() throws IOException {}

    /**
     * Opens the staged bytes for reading, everything written so far having been flushed; only for
     * a backend whose {@link #readsStaged()} is true.
     */
    protected InputStream openStaged() throws IOException {
        throw new UnsupportedOperationException("this backend cannot read staged bytes back");
    }

    @Override
    public final InputStream readStaged() {
        if (!readsStaged()) {
            throw new UnsupportedOperationException("this backend cannot read staged bytes back");
        }
        if (state != State.OPEN) {
            throw new IllegalStateException("this writer is already " + stateName());
        }
        try {
            flushStaged();
            return openStaged();
        } catch (IOException e) {
            throw new StorageException("cannot read the staged write " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public final void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (state != State.OPEN) {
            throw new IOException("this writer is already " + stateName());
        }
        append(b, off, len);
    }

    @Override
    public final void flush() throws IOException {
        if (state != State.OPEN) {
            throw new IOException("this writer is already " + stateName());
        }
        flushStaged();
    }

    @Override
    public final void commit(String key) {
        BlobKeys.requireValid(key);
        if (state != State.OPEN) {
            throw new IllegalStateException("this writer is already " + stateName());
        }
        try {
            publish(key);
        } catch (IOException | RuntimeException e) {
            StorageException failure = e instanceof StorageException se
                    ? se
                    : new StorageException("commit " + key + " failed: " + e.getMessage(), e);
            try {
                cancel();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        leave(State.COMMITTED);
    }

    @Override
    public final void cancel() {
        if (state == State.OPEN) {
            leave(State.CANCELLED);
            discard();
        }
    }

    @Override
    public final void suspend() {
        if (state == State.OPEN) {
            leave(State.SUSPENDED);
            keep();
        }
    }

    private void leave(State next) {
        state = next;
        open.remove(id);
    }

    private String stateName() {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
