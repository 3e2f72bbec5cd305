package io.keyport.desktop.admin;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.shell.DialogService;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Runs one tab's server calls in the background and keeps its busy flag (true while any runs): a failure
 * goes to the {@link DialogService} as "what was attempted" plus the server's message. Results
 * arrive on the executor's callback thread (the JavaFX thread in the console).
 */
final class Background {

    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private int running;

    Background(TaskExecutor executor, DialogService dialogs) {
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    DialogService dialogs() {
        return dialogs;
    }

    /** Runs {@code work}; {@code action} names it in an error ("Create user jdoe"). */
    <T> void run(String action, Callable<? extends T> work, Consumer<? super T> onSuccess) {
        track(+1);
        executor.execute(
                work,
                result -> {
                    track(-1);
                    onSuccess.accept(result);
                },
                error -> {
                    track(-1);
                    dialogs.showError(action, error);
                });
    }

    private void track(int delta) {
        running += delta;
        busy.set(running > 0);
    }
}
