package io.keyport.desktop.concurrent;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Runs blocking work (server calls, token operations) away from the screen and reports back, so
 * ViewModels never block the JavaFX thread and can be tested without it. It does not offer
 * progress or cancellation; add them here when a screen needs them.
 */
public interface TaskExecutor {

    /**
     * Runs {@code work}, then hands its result to {@code onSuccess} or whatever it threw to
     * {@code onFailure}. Exactly one of the two is called, on the thread the implementation
     * promises (the JavaFX thread for {@link FxTaskExecutor}).
     */
    <T> void execute(Callable<? extends T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure);
}
