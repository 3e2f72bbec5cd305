package io.keyport.backend.registry.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.registry.store.PierOneStore;
import io.keyport.backend.registry.store.RegistryLayout;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.NoSuchBlobException;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.service.TaskHandler;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import io.keyport.model.registry.ScmSource;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the Pier One API needs to know of a pushed image, kept as the manifest is stored: its image
 * id (the config digest; an index's own digest), written in the manifest's transaction, and the
 * {@code scm-source.json} its layers may hold. For the layers no earlier scan has seen, a task
 * ({@value #KIND}) is enqueued in the same transaction; the task streams each layer once from
 * storage through {@link LayerScmSource} (never holding a layer) and records what it found, or that
 * it found nothing, so a base layer shared by many images is read once. Scans are idempotent (the
 * first record of a digest wins), as a task may run twice.
 *
 * <p>A blob of at most {@link #INLINE_MAX} bytes is scanned as it is committed, whether it will be
 * a layer or a config (the scan reads content, not roles), and the result is written in the blob's
 * own transaction ({@link BlobListener}, decision 0060): a push of small images then queues no
 * task and commits no extra transaction for its scans. A larger blob, or one whose inline scan
 * failed, is left for the task.
 */
public final class ScmSourceScan implements ManifestListener, TaskHandler, BlobListener {

    public static final String KIND = "registry.scm-scan";

    /**
     * The largest blob scanned inline, on the request's thread: small enough that its read-back and
     * decompression (at most about 256 MiB even for a hostile gzip) stay short.
     */
    public static final long INLINE_MAX = 256 * 1024;

    private static final Logger LOG = Logger.getLogger(ScmSourceScan.class.getName());

    /** The task's payload: layer digests to scan. */
    public record Layers(List<String> layers) {}

    private final Database db;
    private final BlobStorage storage;
    private final PierOneStore store;
    private final TaskQueue tasks;

    public ScmSourceScan(Database db, BlobStorage storage, PierOneStore store, TaskQueue tasks) {
        this.db = db;
        this.storage = storage;
        this.store = store;
        this.tasks = tasks;
    }

    @Override
    public void stored(
            Connection c,
            io.keyport.backend.audit.service.Actor pushedBy,
            RepositoryName repository,
            Digest digest,
            ManifestParser.Parsed parsed)
            throws SQLException {
        List<Digest> blobs = parsed.blobs();
        String imageId = blobs.isEmpty() ? digest.toString() : blobs.get(0).toString();
        store.insertImage(c, repository.value(), digest.toString(), imageId);
        if (blobs.size() > 1) {
            List<String> layers = store.unscanned(
                    c,
                    blobs.subList(1, blobs.size()).stream()
                            .map(Digest::toString)
                            .distinct()
                            .toList());
            if (!layers.isEmpty()) {
                tasks.enqueue(c, KIND, new Layers(layers));
            }
        }
    }

    @Override
    public Row committed(Digest digest, long size) {
        if (size > INLINE_MAX) {
            return Row.NONE;
        }
        Optional<LayerScmSource.Found> found;
        try (InputStream in = storage.openReader(RegistryLayout.blobKey(digest))) {
            found = LayerScmSource.find(in);
        } catch (IOException | RuntimeException e) {
            // the blob stays unscanned: the first manifest that names it as a layer queues the task
            LOG.log(Level.FINE, e, () -> "inline scan of " + digest + " failed; left for a task");
            return Row.NONE;
        }
        String layer = digest.toString();
        return (c, created) ->
                store.insertScan(c, layer, found.map(f -> source(f, created)).orElse(null), created);
    }

    private static ScmSource source(LayerScmSource.Found f, Instant created) {
        return new ScmSource(f.url(), f.revision(), f.author(), f.status(), created);
    }

    @Override
    public void perform(Task task) throws IOException {
        for (String layer : task.payload(Layers.class).layers()) {
            scan(layer);
        }
    }

    /** Scans one layer unless a scan recorded it already; a layer no longer stored is skipped. */
    void scan(String layer) throws IOException {
        Optional<Instant> committed = db.read(
                c -> store.unscanned(c, List.of(layer)).isEmpty() ? Optional.empty() : store.blobCreated(c, layer));
        if (committed.isEmpty()) {
            return; // scanned already, or collected since the push
        }
        Optional<LayerScmSource.Found> found;
        try (InputStream in = storage.openReader(RegistryLayout.blobKey(Digest.parse(layer)))) {
            found = LayerScmSource.find(in);
        } catch (NoSuchBlobException e) {
            return;
        }
        ScmSource source = found.map(f -> source(f, committed.get())).orElse(null);
        db.inTransaction(c -> {
            store.insertScan(c, layer, source, committed.get());
            return null;
        });
        LOG.log(
                Level.FINE,
                () -> "layer " + layer + (source == null ? " has no scm-source.json" : " has scm-source.json"));
    }
}
