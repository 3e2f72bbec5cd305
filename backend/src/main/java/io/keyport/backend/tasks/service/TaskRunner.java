package io.keyport.backend.tasks.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.tasks.Task;
import io.keyport.backend.tasks.TaskState;
import io.keyport.backend.tasks.store.TaskStore;
import io.keyport.model.common.Timestamps;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One worker identity's claim-run-record cycle, synchronous so that tests drive it step by step
 * with their own clock; {@link TaskWorkers} runs it on threads.
 *
 * <p>A run: {@link #claim} locks one due task with {@code SKIP LOCKED}, counts an attempt and
 * leases it to {@link #owner()} until now + lease, and commits. {@link #execute} calls the
 * handler's {@code perform} with no transaction open, then, in one transaction, locks the row,
 * checks that the run still holds it (same owner, same attempt, still running), calls
 * {@code complete} and marks it succeeded. A run that lost its lease (it expired and another
 * worker took the task over) records nothing: its transaction rolls back. {@link #renewLeases}
 * extends the leases of the runs in progress. Whenever the queue gives up on a task (attempts used
 * up, or refused), the kind's {@link TaskHandler#givenUp} runs in the transaction that fails it.
 */
public final class TaskRunner {

    private static final Logger LOG = Logger.getLogger(TaskRunner.class.getName());
    private static final int MAX_ERROR = 4000;

    private final Database db;
    private final TaskStore store;
    private final TaskHandlers handlers;
    private final Clock clock;
    private final TasksConfig settings;
    private final String owner;
    private final Map<Long, Task> inFlight = new ConcurrentHashMap<>();
    /**
     * The runs in {@link #inFlight} whose outcome is being written: their transaction locks the task
     * row ({@code holds}), so no other worker can take them over, and a renewal would only wait for
     * that lock (holding up the renewal of every other run) and then find the run ended.
     */
    private final Set<Long> finishing = ConcurrentHashMap.newKeySet();

    private volatile boolean stopping;
    /**
     * The threads inside a handler's {@code perform}, each with the lock under which it is
     * interrupted and under which it leaves; see {@link #interruptHandlers}.
     */
    private final Map<Thread, Object> performing = new ConcurrentHashMap<>();

    public TaskRunner(
            Database db, TaskStore store, TaskHandlers handlers, Clock clock, TasksConfig settings, String owner) {
        this.db = db;
        this.store = store;
        this.handlers = handlers;
        this.clock = clock;
        this.settings = settings;
        this.owner = owner;
    }

    /** The lease owner this runner writes: unique per runner, and naming the process ({@code pid@host/random}). */
    public String owner() {
        return owner;
    }

    /** Claims and executes one due task; false when none was due. */
    public boolean runNext() {
        Optional<Task> run = claim();
        run.ifPresent(this::execute);
        return run.isPresent();
    }

    /**
     * Claims one due task: a pending or retrying one whose time has come, or a running one whose
     * lease expired (its worker died). A taken-over task that already used all its attempts fails
     * instead of running again. Returns the run, with its attempt counted and its lease set.
     */
    public Optional<Task> claim() {
        return db.inTransaction(c -> {
            Instant now = now();
            for (int skipped = 0; skipped < 100; skipped++) {
                Optional<Task> due = store.claimOne(c, now, db.isPostgres());
                if (due.isEmpty()) {
                    return Optional.empty();
                }
                Task task = due.get();
                String note = null;
                if (task.state() == TaskState.RUNNING) {
                    note = "the lease of " + task.leaseOwner() + " expired during attempt " + task.attempts() + " of "
                            + task.maxAttempts();
                    if (task.attempts() >= task.maxAttempts()) {
                        String error = note + "; no attempts left";
                        store.fail(c, task.id(), error, now);
                        LOG.warning("Task " + task.id() + " (" + task.kind() + ") failed: " + note);
                        givenUp(c, task, new GiveUp(GiveUp.Reason.INTERRUPTED, error));
                        continue;
                    }
                    LOG.info("Task " + task.id() + " (" + task.kind() + "): " + note + "; taken over by " + owner);
                    note = note + "; taken over by " + owner;
                }
                Instant leaseUntil = now.plus(settings.lease());
                store.start(c, task.id(), owner, leaseUntil, note, now);
                return Optional.of(new Task(
                        task.id(),
                        task.kind(),
                        task.payload(),
                        TaskState.RUNNING,
                        task.attempts() + 1,
                        task.maxAttempts(),
                        task.nextRunAt(),
                        owner,
                        leaseUntil,
                        task.created(),
                        now,
                        note != null ? note : task.lastError()));
            }
            return Optional.empty();
        });
    }

    /** Runs a claimed task to its outcome: succeeded, retrying, failed, or nothing when the run lost its lease. */
    public void execute(Task run) {
        inFlight.put(run.id(), run);
        try {
            Optional<TaskHandler> found = handlers.find(run.kind());
            if (found.isEmpty()) {
                finishing.add(run.id());
                record(run, "no handler is registered for task kind " + run.kind() + " in this server", true);
                return;
            }
            TaskHandler handler = found.get();
            Thread current = Thread.currentThread();
            Object turn = new Object();
            performing.put(current, turn);
            try {
                handler.perform(run);
            } catch (Throwable t) {
                leavePerform(current, turn);
                finishing.add(run.id());
                failed(run, t);
                return;
            }
            leavePerform(current, turn);
            finishing.add(run.id());
            try {
                boolean done = db.inTransaction(c -> {
                    if (!holds(c, run)) {
                        return false;
                    }
                    handler.complete(c, run);
                    store.succeed(c, run.id(), now());
                    return true;
                });
                if (!done) {
                    LOG.warning("Task " + run.id() + " (" + run.kind() + "): attempt " + run.attempts()
                            + " lost its lease before it completed; its work was rolled back");
                }
            } catch (Throwable t) {
                failed(run, t);
            }
        } finally {
            inFlight.remove(run.id());
            finishing.remove(run.id());
        }
    }

    /**
     * Extends the lease of every run in progress to now + lease; returns how many still held
     * theirs. A run whose lease was lost is logged; its completion will find out and roll back. A
     * run whose outcome is being written is left alone (its transaction holds the task row) and
     * counts as held; one that ended while its renewal ran is not a lost lease.
     */
    public int renewLeases() {
        int renewed = 0;
        for (Task run : inFlight.values()) {
            if (finishing.contains(run.id())) {
                renewed++;
                continue;
            }
            boolean held = db.read(c -> store.renew(c, run.id(), owner, run.attempts(), now().plus(settings.lease())));
            if (held) {
                renewed++;
            } else if (finishing.contains(run.id()) || !inFlight.containsKey(run.id())) {
                LOG.fine("Task " + run.id() + " (" + run.kind() + "): ended while its lease was renewed");
            } else {
                LOG.warning(
                        "Task " + run.id() + " (" + run.kind() + "): attempt " + run.attempts() + " lost its lease");
            }
        }
        return renewed;
    }

    /**
     * Interrupts the handlers running now, and no other work of the worker threads: an interrupt
     * that reaches a thread inside embedded H2's file I/O closes the whole database under the rest
     * of the server. A thread is interrupted only while it is inside {@code perform}, and it clears
     * its interrupt status as it leaves, under the same lock, before it writes the outcome.
     */
    public void interruptHandlers() {
        performing.forEach((thread, turn) -> {
            synchronized (turn) {
                if (performing.get(thread) == turn) {
                    thread.interrupt();
                }
            }
        });
    }

    private void leavePerform(Thread current, Object turn) {
        synchronized (turn) {
            performing.remove(current, turn);
        }
        // An interrupt meant for the handler that came as it returned: not for what follows.
        Thread.interrupted();
    }

    /** From now on, a run that fails is handed back at once (the server is stopping), not counted as a failure. */
    void stopping() {
        stopping = true;
    }

    private void failed(Task run, Throwable t) {
        if (t instanceof VirtualMachineError error) {
            throw error;
        }
        if (stopping) {
            LOG.info("Task " + run.id() + " (" + run.kind() + ") handed back: the server is stopping");
            db.inTransaction(c -> {
                if (holds(c, run)) {
                    store.retryLater(
                            c,
                            run.id(),
                            now(),
                            "attempt " + run.attempts() + " stopped with the server " + owner,
                            now());
                }
                return null;
            });
            return;
        }
        if (t instanceof TaskFailure failure) {
            record(run, failure.getMessage(), true);
            return;
        }
        String error = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        LOG.log(Level.FINE, "Task " + run.id() + " (" + run.kind() + ") attempt " + run.attempts() + " failed", t);
        record(run, error, false);
    }

    /** Records a failed attempt: retrying after the backoff, or failed when no attempts are left or {@code permanent}. */
    private void record(Task run, String error, boolean permanent) {
        String text = error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error;
        db.inTransaction(c -> {
            if (!holds(c, run)) {
                return null;
            }
            Instant now = now();
            if (permanent || run.attempts() >= run.maxAttempts()) {
                String message =
                        permanent ? text : "attempt " + run.attempts() + " of " + run.maxAttempts() + ": " + text;
                String stored = message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) : message;
                store.fail(c, run.id(), stored, now);
                LOG.warning("Task " + run.id() + " (" + run.kind() + ") failed: " + message);
                givenUp(c, run, new GiveUp(permanent ? GiveUp.Reason.REFUSED : GiveUp.Reason.FAILED, stored));
            } else {
                store.retryLater(c, run.id(), now.plus(settings.backoffAfter(run.attempts())), text, now);
            }
            return null;
        });
    }

    /**
     * Tells the kind's handler that the queue gave up on {@code task}, inside the failing
     * transaction. The hook runs after a savepoint: an exception rolls back its work only, and the
     * task fails all the same (a hook that always throws would otherwise keep a dead task claimable
     * for good).
     */
    private void givenUp(Connection c, Task task, GiveUp why) throws SQLException {
        Optional<TaskHandler> handler = handlers.find(task.kind());
        if (handler.isEmpty()) {
            return;
        }
        Savepoint before = c.setSavepoint();
        try {
            handler.get().givenUp(c, task, why);
        } catch (SQLException | RuntimeException e) {
            c.rollback(before);
            LOG.log(
                    Level.SEVERE,
                    "Task " + task.id() + " (" + task.kind() + "): its handler failed to react to the task"
                            + " being given up; the task is failed all the same",
                    e);
        }
    }

    /** Locks the row and tells whether this run still holds it. */
    private boolean holds(Connection c, Task run) throws SQLException {
        Optional<Task> current = store.lock(c, run.id());
        return current.isPresent()
                && current.get().state() == TaskState.RUNNING
                && owner.equals(current.get().leaseOwner())
                && current.get().attempts() == run.attempts();
    }

    private Instant now() {
        return Timestamps.now(clock);
    }
}
