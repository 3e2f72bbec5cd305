package io.keyport.backend.db;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of independent small write transactions (decision 0060): the upload-session and
 * blob-record writes of concurrent pushes. A caller queues its work and returns only once a
 * transaction holding it has committed, so a 2xx built on it stays as durable as with a
 * transaction of its own; but whoever commits next takes every write queued meanwhile into the same
 * transaction, so fifty concurrent pushes pay a few commits (on embedded H2 each a serialised,
 * synced chunk write) instead of fifty.
 *
 * <p>A batch in which one write throws is rolled back as a whole and every write of it runs again
 * alone, retried on unique violations as {@link Database#inTransactionRetryingConflicts}, so one
 * write's failure or conflict never becomes another's. A write must therefore be safe to run again
 * after a rollback (any write in its own transaction is) and must not depend on what other writes
 * of the batch do, except through the database as any concurrent transaction would. Callers must
 * not hold a transaction open themselves. Not for writes that append audit entries: those keep their
 * own transaction with the audited change.
 */
public final class GroupCommit {

    private static final int RETRIES = 3;

    private final Database db;
    private final ReentrantLock committer = new ReentrantLock();
    private final ConcurrentLinkedQueue<Write<?>> queue = new ConcurrentLinkedQueue<>();

    public GroupCommit(Database db) {
        this.db = db;
    }

    /** Runs {@code work} in a committed transaction, possibly shared with other queued writes; returns its result. */
    public <T> T run(Database.SqlFunction<Connection, T> work) {
        Write<T> write = new Write<>(work);
        queue.add(write);
        committer.lock();
        try {
            if (!write.done) {
                commitQueued();
            }
        } finally {
            committer.unlock();
        }
        if (write.failure instanceof Error e) {
            throw e;
        }
        if (write.failure != null) {
            throw (RuntimeException) write.failure;
        }
        return write.result;
    }

    /** Writes waiting for a commit (for tests that arrange a batch). */
    int queued() {
        return queue.size();
    }

    /** Commits every queued write, the caller's among them; under {@link #committer}. */
    private void commitQueued() {
        List<Write<?>> batch = new ArrayList<>();
        for (Write<?> w = queue.poll(); w != null; w = queue.poll()) {
            batch.add(w);
        }
        if (batch.size() > 1) {
            try {
                List<Object> results = db.inTransaction(c -> {
                    List<Object> out = new ArrayList<>(batch.size());
                    for (Write<?> w : batch) {
                        out.add(w.work.apply(c));
                    }
                    return out;
                });
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).succeeded(results.get(i));
                }
                return;
            } catch (RuntimeException | Error e) {
                // rolled back: every write runs again on its own below
            }
        }
        for (Write<?> w : batch) {
            try {
                w.succeeded(db.inTransactionRetryingConflicts(RETRIES, w.work));
            } catch (RuntimeException | Error e) {
                w.failed(e); // each caller gets its own write's failure, the others still run
            }
        }
    }

    /** One queued write and its outcome, published to its caller through {@link #committer}. */
    private static final class Write<T> {
        final Database.SqlFunction<Connection, T> work;
        boolean done;
        T result;
        /** A {@link RuntimeException} or an {@link Error}. */
        Throwable failure;

        Write(Database.SqlFunction<Connection, T> work) {
            this.work = work;
        }

        @SuppressWarnings("unchecked")
        void succeeded(Object value) {
            result = (T) value;
            done = true;
        }

        void failed(Throwable e) {
            failure = e;
            done = true;
        }
    }
}
