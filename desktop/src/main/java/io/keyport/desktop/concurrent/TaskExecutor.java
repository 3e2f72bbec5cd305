package io.keyport.desktop.concurrent;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Runs blocking work (server calls, token operations) away from the screen and reports back, so
 * ViewModels never block the JavaFX thread and can be tested without it. {@link #execute} is for
 * short calls; {@link #submit} for long work that shows progress and can be cancelled.
 */
public interface TaskExecutor {

    /**
     * Runs {@code work}, then hands its result to {@code onSuccess} or whatever it threw to
     * {@code onFailure}. Exactly one of the two is called, on the thread the implementation
     * promises (the JavaFX thread for {@link FxTaskExecutor}).
     */
    <T> void execute(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);

    /**
     * Runs {@code work} and answers at once with its handle (progress, message, state, cancel). On
     * completion exactly one of {@code onSuccess} and {@code onFailure} is called, unless the work
     * was cancelled: then neither is. This default runs through {@link #execute} and updates the
     * handle on the thread that reports the outcome, the progress on the worker's thread; it cannot
     * interrupt the work, so cancellation relies on the work checking {@link Progress#cancelled()}.
     */
    default <T> TaskHandle submit(
            ProgressWork<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        TaskHandle handle = new TaskHandle();
        Progress progress = new Progress() {
            @Override
            public void update(long done, long total, String message) {
                handle.update(total <= 0 ? -1 : (double) done / total, message);
            }

            @Override
            public boolean cancelled() {
                return handle.cancelRequested();
            }
        };
        execute(
                () -> work.call(progress),
                result -> {
                    if (handle.cancelRequested()) {
                        handle.finish(TaskHandle.State.CANCELLED);
                        return;
                    }
                    handle.finish(TaskHandle.State.SUCCEEDED);
                    onSuccess.accept(result);
                },
                error -> {
                    if (handle.cancelRequested() || error instanceof CancellationException) {
                        handle.finish(TaskHandle.State.CANCELLED);
                        return;
                    }
                    handle.finish(TaskHandle.State.FAILED);
                    onFailure.accept(error);
                });
        return handle;
    }
}
