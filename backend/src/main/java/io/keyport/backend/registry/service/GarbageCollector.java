package io.keyport.backend.registry.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.http.Metrics;
import io.keyport.backend.registry.store.BlobIndex;
import io.keyport.backend.registry.store.RegistryLayout;
import io.keyport.backend.registry.store.UploadStore;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.BlobWriter;
import io.keyport.model.registry.Digest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The registry's garbage collection (issue 8 section 2), run periodically on every replica:
 * upload sessions not moved for the grace period are cancelled (row and staged bytes), and blobs
 * that no manifest references and that nobody touched (committed, found by HEAD, mounted, named by
 * a manifest PUT) for the grace period are deleted, row and bytes in one transaction per blob.
 *
 * <p>Safe against concurrent pushes, on any replica: each blob is removed under its row lock after
 * checking again that it is untouched and unreferenced; a manifest PUT touches (and so locks) the
 * blobs it names before it checks they are there, and a blob upload touches an existing row before
 * it discards its own copy of the bytes. Whichever transaction takes the row first wins: the PUT
 * then keeps the blob for another grace period, or finds it gone and answers MANIFEST_BLOB_UNKNOWN;
 * the upload then keeps its bytes. Not audited: it removes nothing a manifest refers to.
 */
public final class GarbageCollector implements Runnable {

    private static final Logger LOG = Logger.getLogger(GarbageCollector.class.getName());

    private static final int BATCH = 500;

    private final Database db;
    private final BlobStorage storage;
    private final BlobIndex blobs;
    private final UploadStore uploads;
    private final Clock clock;
    private final Duration grace;

    public GarbageCollector(
            Database db, BlobStorage storage, BlobIndex blobs, UploadStore uploads, Clock clock, Duration grace) {
        this.db = db;
        this.storage = storage;
        this.blobs = blobs;
        this.uploads = uploads;
        this.clock = clock;
        this.grace = grace;
    }

    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong sessionsRemoved = new AtomicLong();
    private final AtomicLong blobsRemoved = new AtomicLong();

    /** What one run removed. */
    public record Collected(int sessions, int blobs) {}

    /** Publishes the runs finished and what they removed, since this server started. */
    public void register(Metrics metrics) {
        metrics.gauge("keyport_registry_gc_runs", runs::get);
        metrics.gauge("keyport_registry_gc_sessions_removed", sessionsRemoved::get);
        metrics.gauge("keyport_registry_gc_blobs_removed", blobsRemoved::get);
    }

    @Override
    public void run() {
        Collected collected = collect();
        sessionsRemoved.addAndGet(collected.sessions());
        blobsRemoved.addAndGet(collected.blobs());
        runs.incrementAndGet();
        if (collected.sessions() > 0 || collected.blobs() > 0) {
            LOG.info("Registry garbage collection: " + collected.sessions() + " abandoned upload sessions, "
                    + collected.blobs() + " unreferenced blobs removed");
        }
    }

    /** One run: abandoned sessions first (their bytes are no blob yet), then unreferenced blobs. */
    public Collected collect() {
        Instant cutoff = clock.instant().minus(grace);
        return new Collected(sessions(cutoff), blobs(cutoff));
    }

    private int sessions(Instant cutoff) {
        return drain(() -> db.read(c -> uploads.stale(c, cutoff, BATCH)), id -> {
            if (!db.inTransaction(c -> uploads.deleteStale(c, id, cutoff))) {
                return false;
            }
            cancelStaged(id);
            return true;
        });
    }

    /**
     * Removes what {@code batch} lists, batch after batch, until a batch is short or removed
     * nothing (its rows moved meanwhile); returns how many were removed.
     */
    private static int drain(Supplier<List<String>> batch, Predicate<String> remove) {
        int removed = 0;
        List<String> found;
        do {
            found = batch.get();
            int before = removed;
            for (String item : found) {
                if (remove.test(item)) {
                    removed++;
                }
            }
            if (removed == before) {
                break;
            }
        } while (found.size() == BATCH);
        return removed;
    }

    private void cancelStaged(String id) {
        try {
            Optional<BlobWriter> writer = storage.resumeWriter(id);
            writer.ifPresent(BlobWriter::cancel);
        } catch (IllegalStateException e) {
            // a request of this server still writes to it: its advance will fail on the missing
            // row and the staging purge removes the bytes
            LOG.fine("Upload session " + id + " is being written; its staged bytes go with the staging purge");
        }
    }

    private int blobs(Instant cutoff) {
        return drain(
                () -> db.read(c -> blobs.collectable(c, cutoff, BATCH)),
                digest -> db.inTransaction(c -> {
                    if (!blobs.lockCollectable(c, digest, cutoff)) {
                        return false;
                    }
                    blobs.remove(c, digest);
                    // the bytes go while the row is locked: an upload of the same blob waits for
                    // this transaction and then commits its own bytes under the key
                    storage.delete(RegistryLayout.blobKey(Digest.parse(digest)));
                    return true;
                }));
    }
}
