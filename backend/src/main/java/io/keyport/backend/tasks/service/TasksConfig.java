package io.keyport.backend.tasks.service;

import java.time.Duration;

/**
 * Settings of the task queue ({@code KEYPORT_TASKS_*}), parsed by {@link io.keyport.backend.KeyportConfig}.
 *
 * @param workers     worker threads in this process; 0 runs none (a replica that only serves requests)
 * @param poll        how often an idle worker looks for due tasks of other replicas
 * @param lease       how long a run holds its task without renewal; renewed every third of it, and
 *                    a task whose worker died is taken over this long after its last renewal
 * @param backoff     delay before the second attempt; doubled for each further one
 * @param maxBackoff  the longest delay between attempts
 * @param maxAttempts attempts of a task enqueued without its own number
 * @param testKinds   registers the test-only kinds {@code test.record} and {@code test.block}; never in production
 */
public record TasksConfig(
        int workers,
        Duration poll,
        Duration lease,
        Duration backoff,
        Duration maxBackoff,
        int maxAttempts,
        boolean testKinds) {

    public TasksConfig {
        if (workers < 0 || workers > 64) {
            throw new IllegalArgumentException("KEYPORT_TASKS_WORKERS must be between 0 and 64");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("KEYPORT_TASKS_MAX_ATTEMPTS must be at least 1");
        }
        positive("KEYPORT_TASKS_POLL", poll);
        positive("KEYPORT_TASKS_LEASE", lease);
        positive("KEYPORT_TASKS_BACKOFF", backoff);
        positive("KEYPORT_TASKS_MAX_BACKOFF", maxBackoff);
        if (lease.compareTo(Duration.ofMillis(300)) < 0) {
            throw new IllegalArgumentException("KEYPORT_TASKS_LEASE must be at least PT0.3S");
        }
    }

    public static TasksConfig defaults() {
        return new TasksConfig(
                2,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2),
                Duration.ofHours(1),
                10,
                false);
    }

    /** The delay after failed attempt {@code attempt} (1-based): backoff, 2 x backoff, 4 x ..., at most maxBackoff. */
    public Duration backoffAfter(int attempt) {
        Duration delay = backoff;
        for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive ISO-8601 duration such as PT30S");
        }
    }
}
