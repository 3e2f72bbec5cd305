package io.keyport.backend.testing;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition another thread or process makes true, with a deadline; for state that offers no latch to wait on. */
public final class Eventually {

    private Eventually() {}

    /** Returns once {@code condition} holds; fails with {@code what} after {@code timeout}. */
    public static void until(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            Thread.sleep(50); // the pause between two polls, not a synchronisation
        }
    }
}
