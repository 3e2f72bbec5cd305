package io.keyport.backend.audit;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.platform.Job;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The job that links committed audit entries into the chain (decision 0015): woken by every
 * transaction of this server that appended an entry, it calls {@link AuditService#chainPending},
 * which links everything committed so far in a few transactions. It also looks every
 * {@code poll} without a wake-up, for entries that another replica committed and could not chain
 * (it was killed), and once at start for entries left by a crash of this one.
 *
 * <p>Nothing depends on its timing: every read of the log chains first, so it only keeps the
 * backlog short. Closing never interrupts a running pass (H2 closes its file when a thread doing
 * I/O on it is interrupted); it waits for the pass to end.
 */
final class AuditChainer implements Job {

    private static final Logger LOG = Logger.getLogger(AuditChainer.class.getName());

    private final AuditService audit;
    private final Duration poll;
    private volatile boolean running;
    private Thread thread;

    AuditChainer(AuditService audit, Duration poll) {
        this.audit = audit;
        this.poll = poll;
    }

    @Override
    public String name() {
        return "audit-chainer";
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("keyport-audit-chainer").daemon(true).start(this::run);
    }

    private void run() {
        while (running) {
            try {
                audit.chainPending();
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Chaining audit entries failed; the entries stay pending and are chained on the" + " next pass",
                        e);
            }
            try {
                audit.awaitAppends(poll);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        running = false;
        audit.wakeChainer();
        try {
            thread.join(Duration.ofSeconds(30));
            if (thread.isAlive()) {
                LOG.warning("The audit chainer did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
