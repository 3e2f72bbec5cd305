package io.keyport.backend.tasks.service;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes this process's idle workers when it enqueued a task, so local work starts at once instead
 * of at the next poll. Only a hint: tasks of other replicas are found by polling, and a wake-up
 * that finds nothing costs one query. A waiter passes the generation it saw before it looked for
 * work, so a wake-up between the look and the wait is not lost.
 */
public final class TaskSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();
    private long generation;

    /** The current generation; read it before looking for work. */
    public long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    public void wake() {
        lock.lock();
        try {
            generation++;
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until a wake-up after generation {@code seen}, or at most {@code timeout}. */
    public void await(long seen, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (generation == seen && nanos > 0) {
                nanos = woken.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
