package io.keyport.desktop.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * A {@link TaskExecutor} that runs the work inline on the caller's thread and reports before it
 * returns, so ViewModel tests are deterministic and need no JavaFX thread. Never use it in the
 * running console: it would block the screen.
 */
public final class DirectTaskExecutor implements TaskExecutor {

    @Override
    public <T> void execute(
            Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }
}
