package io.keyport.backend.storage;

import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A {@link MessageDigest} fed by a thread that receives a large upload, with the hashing done on
 * another core (decision 0063). SHA-256 runs at 1.5 to 1.8 GB/s on one core here and must see every
 * byte in order; hashed in the receiving thread it alone took a third of the time of a large push or
 * archive upload. This class copies the bytes into slabs of {@value #SLAB} bytes and hashes each full
 * slab on a shared pool, in order, while the receiving thread reads the next one; at most
 * {@value #SLABS} slabs are in flight per digest, so a slow hasher slows the receiver instead of
 * holding the body in memory.
 *
 * <p>The first {@value #INLINE_BELOW} bytes are hashed in the caller's thread, as before: a small
 * blob or chunk pays neither the copies nor a hand-over. Not thread-safe: one receiving thread
 * feeds it; {@link #digest()} and {@link #drained()} wait for every byte fed so far.
 */
public final class OffloadedDigest {

    /** Bytes hashed per hand-over to the pool. */
    static final int SLAB = 256 * 1024;
    /** Slabs per digest: one being filled, the rest queued or being hashed. */
    static final int SLABS = 4;
    /** Bytes hashed in the caller's thread before any hand-over. */
    static final long INLINE_BELOW = 1L << 20;

    private static final ExecutorService HASHERS =
            Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "keyport-digest");
                t.setDaemon(true);
                return t;
            });

    private final MessageDigest md;
    private final long inlineBelow;
    private long fed;
    private BlockingQueue<byte[]> free;
    private byte[] slab;
    private int filled;
    private CompletableFuture<Void> pending = CompletableFuture.completedFuture(null);
    /** What a hashing task threw, if one did: reported by {@link #drained()}. */
    private volatile Throwable failure;

    public OffloadedDigest(MessageDigest md) {
        this(md, INLINE_BELOW);
    }

    OffloadedDigest(MessageDigest md, long inlineBelow) {
        this.md = md;
        this.inlineBelow = inlineBelow;
    }

    /** Feeds {@code len} bytes of {@code b} from {@code off}; the array is the caller's again on return. */
    public void update(byte[] b, int off, int len) {
        if (slab == null && fed + len <= inlineBelow) {
            md.update(b, off, len);
            fed += len;
            return;
        }
        if (slab == null) {
            free = new ArrayBlockingQueue<>(SLABS);
            for (int i = 1; i < SLABS; i++) {
                free.add(new byte[SLAB]);
            }
            slab = new byte[SLAB];
        }
        fed += len;
        while (len > 0) {
            int n = Math.min(len, SLAB - filled);
            System.arraycopy(b, off, slab, filled, n);
            filled += n;
            off += n;
            len -= n;
            if (filled == SLAB) {
                handOver();
            }
        }
    }

    /** Bytes fed so far. */
    public long length() {
        return fed;
    }

    /** The digest of every byte fed; the digest is reset, as {@link MessageDigest#digest()} does. */
    public byte[] digest() {
        return drained().digest();
    }

    /** The underlying digest, once it has hashed every byte fed so far (to continue it elsewhere). */
    public MessageDigest drained() {
        if (slab != null && filled > 0) {
            handOver();
        }
        pending.join();
        Throwable failed = failure;
        if (failed != null) {
            throw new IllegalStateException("hashing the upload failed: " + failed, failed);
        }
        return md;
    }

    /** Queues the filled slab for hashing and takes a free one to fill next. */
    private void handOver() {
        byte[] full = slab;
        int n = filled;
        BlockingQueue<byte[]> back = free;
        // a task never fails: its slab always goes back (else the receiver would wait for it
        // forever) and the tasks after a failed one still run, so drained() always returns
        pending = pending.thenRunAsync(
                () -> {
                    try {
                        if (failure == null) {
                            md.update(full, 0, n);
                        }
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    } finally {
                        back.add(full);
                    }
                },
                HASHERS);
        filled = 0;
        slab = takeFree();
    }

    private byte[] takeFree() {
        try {
            return free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the digest", e);
        }
    }
}
