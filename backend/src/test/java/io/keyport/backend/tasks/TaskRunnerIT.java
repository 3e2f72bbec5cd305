package io.keyport.backend.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.db.Database;
import io.keyport.backend.tasks.service.GiveUp;
import io.keyport.backend.tasks.service.TaskHandler;
import io.keyport.backend.tasks.service.TaskHandlers;
import io.keyport.backend.tasks.service.TaskQueue;
import io.keyport.backend.tasks.service.TaskRunner;
import io.keyport.backend.tasks.service.TaskSignal;
import io.keyport.backend.tasks.service.TaskWorkers;
import io.keyport.backend.tasks.service.TasksConfig;
import io.keyport.backend.tasks.service.TestTaskKinds;
import io.keyport.backend.tasks.store.TaskStore;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.LogCapture;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.StoreTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queue's claim, lease, retry and takeover rules against a real database (H2 and PostgreSQL,
 * one Failsafe run each), driven step by step: two {@link TaskRunner}s with different owners stand
 * for two workers, and a settable clock moves time instead of sleeping. The database comes from
 * {@link StoreTest}: fresh for each test.
 */
@StoreTest
class TaskRunnerIT {

    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration BACKOFF = Duration.ofSeconds(2);

    Database db;
    SettableClock clock;
    TasksConfig settings;
    TaskStore store;
    TaskSignal signal;
    TaskQueue queue;
    TaskHandlers handlers;
    TaskRunner a;
    TaskRunner b;

    @BeforeEach
    void open(Database database) throws SQLException {
        db = database;
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE task_test_runs (task_id BIGINT NOT NULL, owner VARCHAR(255) NOT NULL,"
                    + " attempt INTEGER NOT NULL)");
        }
        clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
        settings = new TasksConfig(1, Duration.ofSeconds(1), LEASE, BACKOFF, Duration.ofMinutes(1), 3, false);
        store = new TaskStore();
        signal = new TaskSignal();
        queue = new TaskQueue(db, store, signal, clock, settings);
        handlers = new TaskHandlers();
        TestTaskKinds.register(handlers);
        a = new TaskRunner(db, store, handlers, clock, settings, "worker-a");
        b = new TaskRunner(db, store, handlers, clock, settings, "worker-b");
    }

    @Test
    void claimLeasesTheTaskToTheClaimerAndCountsTheAttempt() {
        long id = enqueue(TestTaskKinds.RECORD);

        Task run = a.claim().orElseThrow();

        assertThat(run.id()).isEqualTo(id);
        Task stored = task(id);
        assertThat(stored.state()).isEqualTo(TaskState.RUNNING);
        assertThat(stored.leaseOwner()).isEqualTo("worker-a");
        assertThat(stored.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(stored.attempts()).isEqualTo(1);
        assertThat(b.claim())
                .as("a leased task is not claimed again while its lease holds")
                .isEmpty();
    }

    @Test
    void aClaimSkipsRowsLockedByAnotherClaimerInsteadOfWaiting() {
        long first = enqueue(TestTaskKinds.RECORD);
        long second = enqueue(TestTaskKinds.RECORD);

        // Worker A is between its claim's SELECT ... FOR UPDATE and its commit: the first row is locked.
        Optional<Task> claimedByB = db.inTransaction(c -> {
            assertThat(store.claimOne(c, clock.instant(), db.isPostgres())
                            .orElseThrow()
                            .id())
                    .isEqualTo(first);
            long started = System.nanoTime();
            Optional<Task> other = b.claim();
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("B did not wait for A's lock")
                    .isLessThan(Duration.ofSeconds(5));
            return other;
        });

        assertThat(claimedByB.orElseThrow().id()).isEqualTo(second);
    }

    @Test
    void aCompletedRunSucceedsAndItsTransactionalWorkCommitsOnce() throws SQLException {
        long id = enqueue(TestTaskKinds.RECORD);

        assertThat(a.runNext()).isTrue();

        assertThat(task(id).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task(id).leaseOwner()).isNull();
        assertThat(runs(id)).isEqualTo(1);
        assertThat(a.runNext()).as("nothing left").isFalse();
    }

    @Test
    void aFailingTaskIsRetriedWithExponentialBackoffThenFailsAfterMaxAttempts() {
        handlers.register("test.always-fails", new TaskHandler() {
            @Override
            public void perform(Task task) {
                throw new IllegalStateException("the remote end said no");
            }
        });
        long id = enqueue("test.always-fails");

        assertThat(a.runNext()).isTrue();
        Task afterFirst = task(id);
        assertThat(afterFirst.state()).isEqualTo(TaskState.RETRYING);
        assertThat(afterFirst.nextRunAt()).isEqualTo(clock.instant().plus(BACKOFF));
        assertThat(afterFirst.lastError()).contains("the remote end said no");
        assertThat(afterFirst.leaseOwner()).isNull();

        clock.advance(BACKOFF.minusMillis(1));
        assertThat(a.runNext()).as("not due before its backoff").isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(a.runNext()).isTrue();
        assertThat(task(id).state()).isEqualTo(TaskState.RETRYING);
        assertThat(task(id).nextRunAt())
                .as("the delay doubles")
                .isEqualTo(clock.instant().plus(BACKOFF.multipliedBy(2)));

        clock.advance(BACKOFF.multipliedBy(2));
        assertThat(b.runNext()).isTrue();

        Task failed = task(id);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError())
                .contains("attempt 3 of 3")
                .contains("IllegalStateException: the remote end said no");
        clock.advance(Duration.ofHours(1));
        assertThat(a.runNext()).as("a failed task stays failed").isFalse();
    }

    @Test
    void aTaskOfAnUnknownKindFailsWithAnErrorNamingTheKind() {
        long id = enqueue("nobody.handles-this");

        assertThat(a.runNext()).isTrue();

        assertThat(task(id).state()).isEqualTo(TaskState.FAILED);
        assertThat(task(id).attempts()).isEqualTo(1);
        assertThat(task(id).lastError())
                .isEqualTo("no handler is registered for task kind nobody.handles-this in this server");
    }

    @Test
    void aTaskWhoseWorkerDiedIsTakenOverAfterTheLeaseExpiresAndTakesEffectOnce() throws SQLException {
        long id = enqueue(TestTaskKinds.RECORD);
        Task runOfA = a.claim().orElseThrow(); // ... and A stops responding: no renewal, no outcome

        clock.advance(LEASE.minusMillis(1));
        assertThat(b.claim()).as("the lease still holds").isEmpty();
        clock.advance(Duration.ofMillis(1));
        Task runOfB = b.claim().orElseThrow();

        assertThat(runOfB.id()).isEqualTo(id);
        assertThat(runOfB.attempts()).isEqualTo(2);
        assertThat(task(id).leaseOwner()).isEqualTo("worker-b");
        assertThat(task(id).lastError())
                .contains("lease of worker-a expired during attempt 1")
                .contains("taken over by worker-b");

        a.execute(runOfA); // A comes back late: its run lost the lease and records nothing
        assertThat(task(id).state()).isEqualTo(TaskState.RUNNING);
        assertThat(runs(id)).isZero();

        b.execute(runOfB);
        assertThat(task(id).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(runs(id)).isEqualTo(1);
        assertThat(ownersOfRuns(id)).isEqualTo("worker-b");
    }

    @Test
    void aTakenOverTaskWithoutAttemptsLeftFailsInsteadOfRunningAgain() {
        long id = db.inTransaction(c -> queue.enqueue(c, TestTaskKinds.RECORD, Map.of(), 1));
        a.claim().orElseThrow();

        clock.advance(LEASE);
        assertThat(b.claim()).isEmpty();

        assertThat(task(id).state()).isEqualTo(TaskState.FAILED);
        assertThat(task(id).lastError())
                .contains("lease of worker-a expired during attempt 1 of 1")
                .contains("no attempts left");
    }

    @Test
    void aTaskWhoseEveryAttemptWasInterruptedIsGivenUpAndItsHandlerToldInTheFailingTransaction() throws SQLException {
        List<GiveUp> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        handlers.register("test.hooked", recordingGiveUps(told, false));
        long id = db.inTransaction(c -> queue.enqueue(c, "test.hooked", Map.of(), 2));
        a.claim().orElseThrow(); // A dies inside attempt 1
        clock.advance(LEASE);
        b.claim().orElseThrow(); // B takes it over and dies inside attempt 2
        assertThat(told).as("not while attempts are left").isEmpty();
        clock.advance(LEASE);

        assertThat(a.claim()).isEmpty();

        Task failed = task(id);
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(told).singleElement().satisfies(why -> {
            assertThat(why.reason()).isEqualTo(GiveUp.Reason.INTERRUPTED);
            assertThat(why.error())
                    .isEqualTo(failed.lastError())
                    .contains("lease of worker-b expired during attempt 2 of 2")
                    .contains("no attempts left");
        });
        assertThat(ownersOfRuns(id))
                .as("the hook's work committed with the failure")
                .isEqualTo("INTERRUPTED");
        assertThat(runs(id)).isEqualTo(1);
    }

    @Test
    void aTaskWhoseAttemptsFailedOrThatItsHandlerRefusedIsGivenUpWithThatReason() throws SQLException {
        List<GiveUp> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        handlers.register("test.hooked-throws", new TaskHandler() {
            @Override
            public void perform(Task task) {
                throw new IllegalStateException("the remote end said no");
            }

            @Override
            public void givenUp(Connection c, Task task, GiveUp why) {
                told.add(why);
            }
        });
        handlers.register("test.hooked-refuses", new TaskHandler() {
            @Override
            public void perform(Task task) {
                throw new io.keyport.backend.tasks.service.TaskFailure("it names nothing that exists");
            }

            @Override
            public void givenUp(Connection c, Task task, GiveUp why) {
                told.add(why);
            }
        });
        long throwing = db.inTransaction(c -> queue.enqueue(c, "test.hooked-throws", Map.of(), 1));
        assertThat(a.runNext()).isTrue();
        long refused = db.inTransaction(c -> queue.enqueue(c, "test.hooked-refuses", Map.of(), 3));
        assertThat(a.runNext()).isTrue();

        assertThat(task(throwing).state()).isEqualTo(TaskState.FAILED);
        assertThat(task(refused).state()).isEqualTo(TaskState.FAILED);
        assertThat(told)
                .containsExactly(
                        new GiveUp(
                                GiveUp.Reason.FAILED, "attempt 1 of 1: IllegalStateException: the remote end said no"),
                        new GiveUp(GiveUp.Reason.REFUSED, "it names nothing that exists"));
    }

    @Test
    void aHandlerThatFailsWhenToldTheTaskWasGivenUpDoesNotHoldUpTheQueue() throws SQLException {
        List<GiveUp> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        handlers.register("test.hooked", recordingGiveUps(told, true));
        long id = db.inTransaction(c -> queue.enqueue(c, "test.hooked", Map.of(), 1));
        a.claim().orElseThrow();
        clock.advance(LEASE);
        long next = enqueue(TestTaskKinds.RECORD);

        Task claimed = b.claim().orElseThrow();

        assertThat(told).hasSize(1);
        assertThat(task(id).state()).as("failed all the same").isEqualTo(TaskState.FAILED);
        assertThat(runs(id)).as("the hook's own work rolled back").isZero();
        assertThat(claimed.id()).as("the claim went on to the next task").isEqualTo(next);
    }

    /**
     * A kind whose {@code givenUp} records the reason as a row of {@code task_test_runs} and then,
     * when {@code broken}, runs a statement the database refuses (on PostgreSQL that aborts the
     * transaction unless rolled back to a savepoint).
     */
    private static TaskHandler recordingGiveUps(List<GiveUp> told, boolean broken) {
        return new TaskHandler() {
            @Override
            public void givenUp(Connection c, Task task, GiveUp why) throws SQLException {
                told.add(why);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_test_runs VALUES (?, ?, ?)")) {
                    ps.setLong(1, task.id());
                    ps.setString(2, why.reason().name());
                    ps.setInt(3, task.attempts());
                    ps.executeUpdate();
                }
                if (broken) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT * FROM no_such_table");
                    }
                }
            }
        };
    }

    @Test
    void aRunInProgressRenewsItsLeaseSoNoOtherWorkerTakesItOver() throws Exception {
        Gate gate = new Gate();
        handlers.register("test.slow", new TaskHandler() {
            @Override
            public void perform(Task task) {
                gate.pass();
            }
        });
        long id = enqueue("test.slow");
        CompletableFuture<Boolean> running = CompletableFuture.supplyAsync(a::runNext);
        assertThat(gate.reached()).isTrue();

        clock.advance(LEASE.multipliedBy(2).dividedBy(3));
        assertThat(a.renewLeases()).isEqualTo(1);
        assertThat(task(id).leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
        clock.advance(LEASE.multipliedBy(2).dividedBy(3)); // past the first lease, within the renewed one
        assertThat(b.claim()).as("the renewed lease holds").isEmpty();

        gate.open();
        assertThat(running.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(task(id).state()).isEqualTo(TaskState.SUCCEEDED);
        assertThat(task(id).attempts()).isEqualTo(1);
    }

    @Test
    void aRenewalWhileARunsOutcomeIsWrittenLeavesItAloneAndReportsNoLostLease() throws Exception {
        Gate completing = new Gate();
        handlers.register("test.slow", new TaskHandler() {
            @Override
            public void complete(Connection c, Task task) {
                completing.pass(); // inside the outcome's transaction, which locked the task row
            }
        });
        long id = enqueue("test.slow");
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (LogCapture logs = LogCapture.install()) {
            Future<Boolean> run = worker.submit(a::runNext);
            assertThat(completing.reached()).isTrue();

            // before: the renewal waited for the row lock (and every other run's renewal with it), then
            // found the run ended and logged its lease as lost
            ExecutorService renewer = Executors.newSingleThreadExecutor();
            try {
                assertThat(renewer.submit(a::renewLeases).get(20, TimeUnit.SECONDS))
                        .isEqualTo(1);
            } finally {
                completing.open();
                renewer.shutdown();
            }
            assertThat(run.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(task(id).state()).isEqualTo(TaskState.SUCCEEDED);
            assertThat(a.renewLeases()).isZero();
            assertThat(logs.messages(TaskRunner.class.getName(), Level.WARNING)).isEmpty();
        } finally {
            worker.shutdown();
        }
    }

    @Test
    void aRenewalAfterATakeoverReportsTheLeaseLost() throws Exception {
        Gate gate = new Gate();
        handlers.register("test.slow", new TaskHandler() {
            @Override
            public void perform(Task task) {
                gate.pass();
            }

            @Override
            public void complete(Connection c, Task task) throws SQLException {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_test_runs VALUES (?, ?, ?)")) {
                    ps.setLong(1, task.id());
                    ps.setString(2, task.leaseOwner());
                    ps.setInt(3, task.attempts());
                    ps.executeUpdate();
                }
            }
        });
        long id = enqueue("test.slow");
        CompletableFuture<Boolean> slowRun = CompletableFuture.supplyAsync(a::runNext);
        assertThat(gate.reached()).isTrue();
        clock.advance(LEASE); // A missed its renewals (a long pause)
        Task runOfB = b.claim().orElseThrow();

        try (LogCapture logs = LogCapture.install()) {
            assertThat(a.renewLeases()).as("A's lease is gone").isZero();
            assertThat(logs.messages(TaskRunner.class.getName(), Level.WARNING))
                    .hasSize(1)
                    .allMatch(m -> m.contains("lost its lease"));
        }
        gate.open();
        assertThat(slowRun.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(runs(id)).as("A's late completion rolled back").isZero();
        assertThat(task(id).leaseOwner()).isEqualTo("worker-b");
        assertThat(runOfB.attempts()).isEqualTo(2);
    }

    @Test
    void anEnqueueRolledBackWithTheCallersTransactionLeavesNoTaskAndWakesNoWorker() {
        long before = signal.generation();

        assertThatThrownBy(() -> db.inTransaction(c -> {
                    queue.enqueue(c, TestTaskKinds.RECORD, Map.of("n", 1));
                    throw new IllegalStateException("the caller's change failed");
                }))
                .hasMessage("the caller's change failed");

        List<Task> tasks = db.read(c -> store.list(c, Optional.empty(), 0, 10));
        assertThat(tasks).isEmpty();
        assertThat(signal.generation()).isEqualTo(before);
        assertThat(a.runNext()).isFalse();
    }

    @Test
    void aCommittedEnqueueWakesTheWorkersAfterTheCommit() {
        long before = signal.generation();

        long id = db.inTransaction(c -> {
            long enqueued = queue.enqueue(c, TestTaskKinds.RECORD, Map.of("n", 1));
            assertThat(signal.generation()).as("not before the commit").isEqualTo(before);
            return enqueued;
        });

        assertThat(signal.generation()).isEqualTo(before + 1);
        assertThat(task(id).state()).isEqualTo(TaskState.PENDING);
        assertThat(task(id).payload()).isEqualTo("{\"n\":1}");
    }

    @Test
    void anIdlePoolIsWokenByAnEnqueueOfItsOwnProcessWithoutWaitingForThePoll() throws Exception {
        TasksConfig slowPoll = new TasksConfig(2, Duration.ofHours(1), LEASE, BACKOFF, Duration.ofMinutes(1), 3, false);
        try (TaskWorkers workers = new TaskWorkers(a, signal, slowPoll)) {
            workers.start();
            long id = enqueue(TestTaskKinds.RECORD);
            Eventually.until(
                    Duration.ofSeconds(20),
                    "the woken pool ran the task",
                    () -> task(id).state() == TaskState.SUCCEEDED);
        }
    }

    @Test
    void stoppingThePoolHandsARunInProgressBackForAnotherWorkerAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        handlers.register("test.stuck", new TaskHandler() {
            @Override
            public void perform(Task task) throws InterruptedException {
                started.countDown();
                new CountDownLatch(1).await(); // until the pool interrupts it
            }
        });
        long id = enqueue("test.stuck");
        TaskWorkers workers = new TaskWorkers(a, signal, settings, Duration.ofMillis(200));
        workers.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

        workers.close();

        Task handedBack = task(id);
        assertThat(handedBack.state()).isEqualTo(TaskState.RETRYING);
        assertThat(handedBack.nextRunAt())
                .as("due at once, not after a backoff")
                .isEqualTo(clock.instant());
        assertThat(handedBack.leaseOwner()).isNull();
        assertThat(handedBack.lastError()).isEqualTo("attempt 1 stopped with the server worker-a");
        assertThat(b.claim().orElseThrow().id()).isEqualTo(id);
    }

    private long enqueue(String kind) {
        return db.inTransaction(c -> queue.enqueue(c, kind, Map.of("kind", kind)));
    }

    private Task task(long id) {
        return db.read(c -> store.find(c, id)).orElseThrow();
    }

    private int runs(long id) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM task_test_runs WHERE task_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private String ownersOfRuns(long id) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT owner FROM task_test_runs WHERE task_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Holds a task's handler at one point until the test opens the gate. */
    private static final class Gate {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        /** Called by the handler: says it got here, then waits until the test opens the gate. */
        void pass() {
            reached.countDown();
            try {
                assertThat(opened.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Whether the handler got to the gate (within 30 s). */
        boolean reached() throws InterruptedException {
            return reached.await(30, TimeUnit.SECONDS);
        }

        void open() {
            opened.countDown();
        }
    }
}
