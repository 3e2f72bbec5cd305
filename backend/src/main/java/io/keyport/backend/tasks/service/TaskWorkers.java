package io.keyport.backend.tasks.service;

import io.keyport.backend.platform.Job;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The worker pool of this process: {@code KEYPORT_TASKS_WORKERS} threads, each claiming and running
 * one task at a time through a {@link TaskRunner}, polling every {@code KEYPORT_TASKS_POLL} when
 * idle and woken at once by {@link TaskSignal} when this process enqueues; plus one thread renewing
 * the leases of the runs in progress every third of the lease. No {@code LISTEN}/{@code NOTIFY}:
 * replicas find each other's tasks by polling.
 *
 * <p>Started after the database is migrated; {@link #close} (on SIGTERM, before the database pool
 * closes) stops claiming, lets runs in progress finish for up to {@link #GRACE}, then interrupts
 * them and hands their tasks back for another worker.
 */
public final class TaskWorkers implements Job {

    private static final Logger LOG = Logger.getLogger(TaskWorkers.class.getName());
    /** How long {@link #close} waits for runs in progress before interrupting them, by default. */
    public static final Duration GRACE = Duration.ofSeconds(10);

    private final TaskRunner runner;
    private final TaskSignal signal;
    private final TasksConfig settings;
    private final Duration grace;
    private final List<Thread> threads = new ArrayList<>();
    private ScheduledExecutorService renewal;
    private volatile boolean running;

    public TaskWorkers(TaskRunner runner, TaskSignal signal, TasksConfig settings) {
        this(runner, signal, settings, GRACE);
    }

    /** With another grace period for runs in progress at {@link #close}. */
    public TaskWorkers(TaskRunner runner, TaskSignal signal, TasksConfig settings, Duration grace) {
        this.runner = runner;
        this.signal = signal;
        this.settings = settings;
        this.grace = grace;
    }

    /** A lease owner naming this process and unique per worker pool: {@code pid@host/random}. */
    public static String newOwner() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String process = ManagementFactory.getRuntimeMXBean().getName();
        String owner = process + "/" + HexFormat.of().formatHex(random);
        return owner.length() > 255 ? owner.substring(owner.length() - 255) : owner;
    }

    /** Starts the threads; does nothing when no workers are configured. */
    @Override
    public String name() {
        return "task-workers";
    }

    @Override
    public synchronized void start() {
        if (running || settings.workers() == 0) {
            return;
        }
        running = true;
        for (int i = 1; i <= settings.workers(); i++) {
            Thread thread = new Thread(this::work, "keyport-task-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        renewal = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "keyport-task-leases");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, settings.lease().toMillis() / 3);
        renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
        LOG.info("Task workers started: " + settings.workers() + " as " + runner.owner() + ", lease "
                + settings.lease());
    }

    private void work() {
        while (running) {
            long seen = signal.generation();
            try {
                if (!runner.runNext() && running) {
                    signal.await(seen, settings.poll());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // The database is unreachable or the pool is closing: wait a poll before trying again.
                LOG.log(Level.WARNING, "Task worker: " + e.getMessage(), e);
                try {
                    Thread.sleep(settings.poll().toMillis()); // a pause between retries, not synchronisation
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void renew() {
        try {
            runner.renewLeases();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Task lease renewal failed: " + e.getMessage(), e);
        }
    }

    /** Stops claiming, waits up to the grace period for runs in progress, then interrupts them. */
    @Override
    public synchronized void close() {
        if (!running) {
            return;
        }
        running = false;
        signal.wake();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (Thread thread : threads) {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            runner.stopping();
            // Only handlers are interrupted: a worker claiming or recording in the database is
            // left to finish (an interrupt there would close embedded H2).
            runner.interruptHandlers();
            for (Thread thread : threads) {
                thread.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // not shutdownNow(): an interrupt inside a renewal's database write makes embedded H2
            // close its file channel, and with it the whole database, under the rest of the server
            renewal.shutdown();
            try {
                renewal.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threads.clear();
        }
        LOG.info("Task workers stopped");
    }
}
