package io.keyport.backend.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A {@link Job} that runs an action on one daemon thread every {@code interval}, the first time
 * one interval after {@link #start} (or at once, {@link #atOnce}, for work a restarted server must
 * catch up on). A failing run is logged and the next one runs as planned.
 */
public final class PeriodicJob implements Job {

    private static final Logger LOG = Logger.getLogger(PeriodicJob.class.getName());

    private final String name;
    private final Duration interval;
    private final Runnable action;
    private final boolean atOnce;
    private ScheduledExecutorService timer;
    private volatile boolean closing;

    public PeriodicJob(String name, Duration interval, Runnable action) {
        this(name, interval, action, false);
    }

    /** A job whose first run starts as soon as the job does, then every {@code interval}. */
    public static PeriodicJob atOnce(String name, Duration interval, Runnable action) {
        return new PeriodicJob(name, interval, action, true);
    }

    private PeriodicJob(String name, Duration interval, Runnable action, boolean atOnce) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the interval of job " + name + " must be positive: " + interval);
        }
        this.name = name;
        this.interval = interval;
        this.action = action;
        this.atOnce = atOnce;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        if (timer != null) {
            return;
        }
        closing = false;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "keyport-job-" + name);
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, interval.toMillis());
        timer.scheduleWithFixedDelay(this::runOnce, atOnce ? 0 : millis, millis, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            action.run();
        } catch (RuntimeException e) {
            if (closing) {
                // interrupted by close(): the run is abandoned, which is no failure
                LOG.log(Level.FINE, "Job " + name + " stopped during a run", e);
                return;
            }
            LOG.log(Level.WARNING, "Job " + name + " failed; it runs again in " + interval, e);
        }
    }

    /** Stops the timer and waits briefly for a run in progress. */
    @Override
    public synchronized void close() {
        if (timer == null) {
            return;
        }
        closing = true;
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("Job " + name + " did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer = null;
    }
}
