package io.keyport.desktop.shell;

import io.keyport.desktop.concurrent.TaskExecutor;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Server work of a view model: through the {@link TaskExecutor}, {@code busy} while
 * it runs, {@code status} saying what runs (then cleared, or why it failed), failures shown.
 */
public record ServerWork(
        TaskExecutor executor, DialogService dialogs, ReadOnlyBooleanWrapper busy, ReadOnlyStringWrapper status) {

    public <T> void run(String doing, String action, Callable<T> work, Consumer<T> onSuccess) {
        run(doing, action, work, onSuccess, error -> false);
    }

    /**
     * As {@link #run(String, String, Callable, Consumer)}, but a failure that {@code shown} takes
     * (returns true for) is left to it: no dialog, and the status is what {@code shown} set.
     */
    public <T> void run(
            String doing,
            String action,
            Callable<T> work,
            Consumer<T> onSuccess,
            java.util.function.Predicate<Throwable> shown) {
        busy.set(true);
        status.set(doing);
        executor.execute(
                work,
                result -> {
                    busy.set(false);
                    status.set("");
                    onSuccess.accept(result);
                },
                error -> {
                    busy.set(false);
                    if (shown.test(error)) {
                        return;
                    }
                    status.set(action + " failed: " + error.getMessage());
                    dialogs.showError(action, error);
                });
    }
}
