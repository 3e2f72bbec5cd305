package io.keyport.backend.registry.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.db.Database;
import io.keyport.backend.db.Sql;
import io.keyport.backend.registry.service.GarbageCollector;
import io.keyport.backend.storage.FilesystemStorage;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.StoreTest;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection against a manifest push that names the same blob, both orders, as they meet
 * in the database on any replica (H2 and PostgreSQL): the push's touch holds the blob's row, so
 * collection waits and then leaves the blob; or collection holds the row, so the push waits and
 * then finds the blob gone. The second transaction is shown to wait on the first (the database's
 * own lock view) before the first commits.
 */
@StoreTest
class RegistryGarbageCollectionRaceIT {

    static final Duration GRACE = Duration.ofHours(1);
    static final RepositoryName REPO = RepositoryName.parse("team-a/race");
    static final byte[] BYTES = "an old blob".getBytes(StandardCharsets.UTF_8);
    static final Digest DIGEST = Digest.sha256(BYTES);

    @TempDir
    Path dir;

    final BlobIndex blobs = new BlobIndex();
    final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    /** An unreferenced blob, stored and linked, last touched two grace periods ago. */
    private FilesystemStorage oldBlob(Database db) {
        FilesystemStorage storage = new FilesystemStorage(dir.resolve("blobs"), clock);
        storage.put(RegistryLayout.blobKey(DIGEST), new ByteArrayInputStream(BYTES));
        Instant old = clock.instant().minus(GRACE.multipliedBy(2));
        db.inTransaction(c -> {
            blobs.addBlob(c, DIGEST, BYTES.length, old);
            blobs.link(c, REPO, DIGEST, old);
            return null;
        });
        return storage;
    }

    @Test
    void aPushHoldingTheBlobKeepsCollectionOffIt(Database db) throws Exception {
        FilesystemStorage storage = oldBlob(db);
        GarbageCollector gc = new GarbageCollector(db, storage, blobs, new UploadStore(), clock, GRACE);
        try (Connection push = db.dataSource().getConnection()) {
            push.setAutoCommit(false);
            Instant now = clock.instant();
            blobs.touchStale(push, List.of(DIGEST), now, now.minus(GRACE.dividedBy(2)));
            assertThat(blobs.missing(push, REPO, List.of(DIGEST))).isEmpty();

            CompletableFuture<GarbageCollector.Collected> collecting = CompletableFuture.supplyAsync(gc::collect);
            awaitBlocked(db, collecting);
            ManifestStore manifests = new ManifestStore();
            manifests.ensureRepository(push, REPO, now);
            manifests.insertManifest(
                    push,
                    new ManifestStore.Manifest(
                            REPO.value(),
                            "sha256:" + "a".repeat(64),
                            "application/vnd.oci.image.manifest.v1+json",
                            null,
                            null,
                            null,
                            2,
                            "{}".getBytes(StandardCharsets.UTF_8),
                            "alice",
                            now),
                    List.of(DIGEST.toString()),
                    List.of());
            push.commit();

            assertThat(collecting.get()).isEqualTo(new GarbageCollector.Collected(0, 0));
        }
        assertThat(storage.stat(RegistryLayout.blobKey(DIGEST))).isPresent();
        Optional<Long> linked = db.read(c -> blobs.linkedSize(c, REPO, DIGEST));
        assertThat(linked).contains((long) BYTES.length);
    }

    @Test
    void collectionHoldingTheBlobMakesThePushFindItGone(Database db) throws Exception {
        FilesystemStorage storage = oldBlob(db);
        Instant cutoff = clock.instant().minus(GRACE);
        try (Connection gc = db.dataSource().getConnection()) {
            gc.setAutoCommit(false);
            assertThat(blobs.lockCollectable(gc, DIGEST.toString(), cutoff)).isTrue();
            blobs.remove(gc, DIGEST.toString());

            CompletableFuture<List<String>> pushing = CompletableFuture.supplyAsync(() -> db.inTransaction(c -> {
                Instant now = clock.instant();
                blobs.touchStale(c, List.of(DIGEST), now, now.minus(GRACE.dividedBy(2)));
                return blobs.missing(c, REPO, List.of(DIGEST));
            }));
            awaitBlocked(db, pushing);
            storage.delete(RegistryLayout.blobKey(DIGEST));
            gc.commit();

            assertThat(pushing.get()).containsExactly(DIGEST.toString());
        }
        Optional<Long> stored = db.read(c -> blobs.size(c, DIGEST));
        assertThat(stored).isEmpty();
    }

    /** Waits until a session of the database waits for a lock (or {@code work} ended early: a failure). */
    private static void awaitBlocked(Database db, CompletableFuture<?> work) throws Exception {
        String sql = db.isPostgres()
                ? "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                : "SELECT 1 FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        Eventually.until(Duration.ofSeconds(30), "a transaction waiting for the blob's row", () -> {
            assertThat(work)
                    .as("the second transaction must wait for the first")
                    .isNotDone();
            return db.read(c -> Sql.exists(c, sql));
        });
    }
}
