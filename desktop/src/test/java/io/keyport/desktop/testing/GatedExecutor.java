package io.keyport.desktop.testing;

import io.keyport.desktop.concurrent.TaskExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * A {@link TaskExecutor} for tests of cancellation: it runs each piece of work on a virtual thread
 * of its own once {@link #go()} is called, so a test holds the running task's handle first.
 */
public final class GatedExecutor implements TaskExecutor {

    private final CountDownLatch gate = new CountDownLatch(1);

    /** Lets the work that waits, and all later work, run. */
    public void go() {
        gate.countDown();
    }

    @Override
    public <T> void execute(
            Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Thread.ofVirtual().start(() -> {
            try {
                gate.await();
                T result = work.call();
                onSuccess.accept(result);
            } catch (Throwable t) {
                onFailure.accept(t);
            }
        });
    }
}
