package io.keyport.desktop.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.concurrent.Task;

/**
 * The production {@link TaskExecutor}: each piece of work runs as a {@link Task} on a pool of daemon
 * threads, and its outcome is delivered on the JavaFX thread. The daemon threads never keep the
 * console alive after its window closes; {@link #close()} stops them earlier.
 */
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private final ExecutorService threads = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("keyport-task-", 0).daemon().factory());

    @Override
    public <T> void execute(
            Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call();
            }
        };
        task.setOnSucceeded(event -> onSuccess.accept(task.getValue()));
        task.setOnFailed(event -> onFailure.accept(task.getException()));
        threads.execute(task);
    }

    /** Runs the work as a {@link Task}: progress, message and state reach the handle on the JavaFX thread. */
    @Override
    public <T> TaskHandle submit(
            ProgressWork<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        TaskHandle handle = new TaskHandle();
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                return work.call(new Progress() {
                    @Override
                    public void update(long done, long total, String message) {
                        if (total <= 0) {
                            updateProgress(-1, 1);
                        } else {
                            updateProgress(done, total);
                        }
                        if (message != null) {
                            updateMessage(message);
                        }
                    }

                    @Override
                    public boolean cancelled() {
                        return isCancelled();
                    }
                });
            }
        };
        task.progressProperty().addListener((o, old, now) -> handle.update(now.doubleValue(), null));
        task.messageProperty()
                .addListener(
                        (o, old, now) -> handle.update(handle.progressProperty().get(), now));
        task.setOnSucceeded(event -> {
            handle.finish(TaskHandle.State.SUCCEEDED);
            onSuccess.accept(task.getValue());
        });
        task.setOnFailed(event -> {
            handle.finish(TaskHandle.State.FAILED);
            onFailure.accept(task.getException());
        });
        task.setOnCancelled(event -> handle.finish(TaskHandle.State.CANCELLED));
        handle.canceller(() -> task.cancel(true));
        threads.execute(task);
        return handle;
    }

    /** Interrupts running work and refuses new work. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
