package io.keyport.backend.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.registry.store.UploadStore;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.StoreTest;
import io.keyport.model.registry.RepositoryName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link GroupCommit} on a real database (H2 file and PostgreSQL): every write a caller hands in is
 * committed when it returns, with its own result, however the writes were batched; a write that
 * fails in a batch fails alone and leaves nothing behind, and the others of its batch commit.
 */
@StoreTest
class GroupCommitIT {

    static final RepositoryName REPO = RepositoryName.parse("team-a/group");
    static final Instant NOW = Instant.parse("2031-01-02T03:04:05Z");
    final UploadStore uploads = new UploadStore();

    static UploadStore.Upload session(String id) {
        return new UploadStore.Upload(id, REPO.value(), 0, new byte[] {1}, "alice", "employees", NOW);
    }

    /** A writer id (a lower-case UUID) for session {@code n}. */
    static String id(int n) {
        return new java.util.UUID(0, n).toString();
    }

    @Test
    void concurrentWritesAllCommitWithTheirOwnResults(Database db) throws Exception {
        GroupCommit group = new GroupCommit(db);
        int n = 40;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<CompletableFuture<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            results.add(CompletableFuture.supplyAsync(
                    () -> group.run(c -> {
                        uploads.insert(c, session(id(k)), NOW);
                        return k;
                    }),
                    pool));
        }
        for (int i = 0; i < n; i++) {
            assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        pool.shutdown();
        for (int i = 0; i < n; i++) {
            int k = i;
            assertThat(find(db, id(k))).isPresent();
        }
    }

    @Test
    void aWriteThatFailsInABatchFailsAloneAndLeavesNothing(Database db) throws Exception {
        GroupCommit group = new GroupCommit(db);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        // the first write holds the commit until two more are queued, so those two form one batch
        CompletableFuture<Object> first =
                holdingTheCommit(group, pool, c -> uploads.insert(c, session(id(1)), NOW), release);
        CompletableFuture<Object> failing = CompletableFuture.supplyAsync(
                () -> group.run(c -> {
                    uploads.insert(c, session(id(2)), NOW);
                    throw new IllegalStateException("this write fails");
                }),
                pool);
        CompletableFuture<Boolean> advancing = CompletableFuture.supplyAsync(
                () -> group.run(c -> uploads.advance(c, id(1), 0, 5, new byte[] {2}, NOW)), pool);
        Eventually.until(Duration.ofSeconds(10), "two writes queued behind the first", () -> group.queued() == 2);
        release.countDown();

        first.get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("this write fails");
        assertThat(advancing.get(30, TimeUnit.SECONDS)).isTrue();
        pool.shutdown();
        assertThat(find(db, id(2))).isEmpty();
        assertThat(find(db, id(1)).orElseThrow().size()).isEqualTo(5);
    }

    @Test
    void twoAdvancesFromOneSizeInOneBatchLetExactlyOneWin(Database db) throws Exception {
        GroupCommit group = new GroupCommit(db);
        group.run(c -> {
            uploads.insert(c, session(id(7)), NOW);
            return null;
        });
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        CompletableFuture<Object> holder = holdingTheCommit(group, pool, c -> {}, release);
        CompletableFuture<Boolean> a = CompletableFuture.supplyAsync(
                () -> group.run(c -> uploads.advance(c, id(7), 0, 3, new byte[] {3}, NOW)), pool);
        CompletableFuture<Boolean> b = CompletableFuture.supplyAsync(
                () -> group.run(c -> uploads.advance(c, id(7), 0, 4, new byte[] {4}, NOW)), pool);
        Eventually.until(Duration.ofSeconds(10), "both advances queued", () -> group.queued() == 2);
        release.countDown();

        holder.get(30, TimeUnit.SECONDS);
        boolean wonA = a.get(30, TimeUnit.SECONDS);
        boolean wonB = b.get(30, TimeUnit.SECONDS);
        pool.shutdown();
        assertThat(wonA ^ wonB).as("exactly one advance wins").isTrue();
        assertThat(find(db, id(7)).orElseThrow().size()).isEqualTo(wonA ? 3 : 4);
    }

    private java.util.Optional<UploadStore.Upload> find(Database db, String id) {
        return db.read(c -> uploads.find(c, REPO, id));
    }

    /** A statement run in a write's transaction. */
    @FunctionalInterface
    interface Statement {
        void run(java.sql.Connection c) throws java.sql.SQLException;
    }

    /**
     * Starts a write that runs {@code statement} and then keeps its transaction open until
     * {@code release}; returns once it does, so that later writes queue behind it.
     */
    private static CompletableFuture<Object> holdingTheCommit(
            GroupCommit group, ExecutorService pool, Statement statement, CountDownLatch release) {
        CountDownLatch entered = new CountDownLatch(1);
        CompletableFuture<Object> write = CompletableFuture.supplyAsync(
                () -> group.run(c -> {
                    statement.run(c);
                    entered.countDown();
                    await(release);
                    return null;
                }),
                pool);
        await(entered);
        return write;
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
