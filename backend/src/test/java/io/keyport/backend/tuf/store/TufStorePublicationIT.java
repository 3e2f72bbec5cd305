package io.keyport.backend.tuf.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.db.Database;
import io.keyport.backend.testing.StoreTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The artifact rows a publication works on (decisions 0043 and 0062): bulk additions, the targets of
 * many roles in one read, and marking exactly the changes a publication read (the watermark moves to
 * the highest change number read), so that a change committed meanwhile by a task that did not wait
 * for the publication's lock stays pending.
 */
@StoreTest
class TufStorePublicationIT {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final TufStore store = new TufStore();

    private static String info(int length) {
        return "{\"length\":" + length + ",\"hashes\":{\"sha256\":\"" + "a".repeat(64) + "\"}}";
    }

    /** A task's additions, as one change (as {@code TufTasks} writes them); returns its number. */
    private long put(Connection c, String task, TufStore.NewArtifact... artifacts) throws SQLException {
        long seq = store.nextChange(c);
        store.putArtifacts(c, List.of(artifacts), seq, NOW);
        return seq;
    }

    private void finish(Connection c, String task, long seq) throws SQLException {
        store.insertTask(c, task, "add_artifacts", 1, "{}", "test:user", NOW);
        store.finishTask(c, task, true, "done", null, "{}", seq, NOW);
    }

    private static TufStore.NewArtifact artifact(String path, String role, int length) {
        return new TufStore.NewArtifact(path, role, info(length));
    }

    @Test
    void bulkAdditionsInsertNewPathsAndReplaceExistingOnes(Database db) {
        long[] seqs = db.inTransaction(c -> {
            long first = put(c, "task1", artifact("a/one", "bins-0", 1), artifact("a/two", "bins-1", 2));
            finish(c, "task1", first);
            store.markPublished(c, store.pendingChanges(c));
            long second = put(c, "task2", artifact("a/two", "bins-1", 22), artifact("a/three", "bins-0", 3));
            finish(c, "task2", second);
            return new long[] {first, second};
        });

        assertThat(seqs[1]).isGreaterThan(seqs[0]);
        db.read(c -> {
            assertThat(store.publishedUpTo(c)).isEqualTo(seqs[0]);
            assertThat(store.artifact(c, "a/one"))
                    .contains(new TufStore.ArtifactRow("a/one", "bins-0", info(1), "add", seqs[0]));
            assertThat(store.artifact(c, "a/two"))
                    .contains(new TufStore.ArtifactRow("a/two", "bins-1", info(22), "add", seqs[1]));
            assertThat(store.artifact(c, "a/three"))
                    .contains(new TufStore.ArtifactRow("a/three", "bins-0", info(3), "add", seqs[1]));
            assertThat(store.pendingChanges(c))
                    .containsExactly(
                            new TufStore.Change("a/three", "bins-0", "add", seqs[1], info(3)),
                            new TufStore.Change("a/two", "bins-1", "add", seqs[1], info(22)));
            assertThat(store.unpublished(c, "task1")).isFalse();
            assertThat(store.unpublished(c, "task2")).isTrue();
            return null;
        });
    }

    @Test
    void targetsOfManyRolesAreReadTogetherWithoutRemovedOnes(Database db) {
        Map<String, List<TufStore.ArtifactRow>> targets = db.inTransaction(c -> {
            put(
                    c,
                    "task1",
                    artifact("x/1", "bins-0", 1),
                    artifact("x/2", "bins-0", 2),
                    artifact("x/3", "bins-1", 3),
                    artifact("x/4", "bins-2", 4));
            store.removeArtifact(c, "x/2", store.nextChange(c), NOW);
            return store.targetsOf(c, List.of("bins-0", "bins-1", "bins-3"));
        });

        assertThat(targets).containsOnlyKeys("bins-0", "bins-1");
        assertThat(targets.get("bins-0")).extracting(TufStore.ArtifactRow::path).containsExactly("x/1");
        assertThat(targets.get("bins-1")).extracting(TufStore.ArtifactRow::path).containsExactly("x/3");
    }

    @Test
    void markingPublishedLeavesChangesMadeAfterThePublicationReadThem(Database db) {
        db.inTransaction(c -> {
            put(
                    c,
                    "task1",
                    artifact("p/kept", "bins-0", 1),
                    artifact("p/gone", "bins-0", 2),
                    artifact("p/changed", "bins-1", 3));
            store.markPublished(c, store.pendingChanges(c));
            long second = store.nextChange(c);
            store.removeArtifact(c, "p/gone", second, NOW);
            store.putArtifacts(c, List.of(artifact("p/new", "bins-1", 4)), second, NOW);
            return null;
        });

        long later = db.inTransaction(c -> {
            List<TufStore.Change> read = store.pendingChanges(c); // what a publication read
            assertThat(read).extracting(TufStore.Change::path).containsExactly("p/gone", "p/new");
            // then, before it marks them, another task replaces one path and adds another
            long third = put(c, "task3", artifact("p/new", "bins-1", 44), artifact("p/later", "bins-0", 5));
            store.markPublished(c, read);
            return third;
        });

        db.read(c -> {
            assertThat(store.artifact(c, "p/gone")).isEmpty();
            assertThat(store.artifact(c, "p/kept")).isPresent();
            assertThat(store.publishedUpTo(c)).isLessThan(later);
            assertThat(store.pendingChanges(c))
                    .containsExactly(
                            new TufStore.Change("p/later", "bins-0", "add", later, info(5)),
                            new TufStore.Change("p/new", "bins-1", "add", later, info(44)));
            assertThat(store.artifact(c, "p/new").map(TufStore.ArtifactRow::info))
                    .isEqualTo(Optional.of(info(44)));
            return null;
        });
    }
}
