package io.keyport.desktop.concurrent;

import io.keyport.desktop.shell.DialogService;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * Runs one view's (or tab's) server calls in the background and keeps its busy flag (true while any
 * runs): a failure goes to the {@link DialogService} as "what was attempted" plus the server's
 * message. Results arrive on the executor's callback thread (the JavaFX thread in the console).
 */
public final class Background {

    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private int running;

    public Background(TaskExecutor executor, DialogService dialogs) {
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public DialogService dialogs() {
        return dialogs;
    }

    /** Runs {@code work}; {@code action} names it in an error ("Create user jdoe"). */
    public <T> void run(String action, Callable<? extends T> work, Consumer<? super T> onSuccess) {
        run(action, work, onSuccess, () -> {});
    }

    /** The same, calling {@code afterFailure} once the failure was shown (to update a status line). */
    public <T> void run(
            String action, Callable<? extends T> work, Consumer<? super T> onSuccess, Runnable afterFailure) {
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
                    afterFailure.run();
                });
    }

    private void track(int delta) {
        running += delta;
        busy.set(running > 0);
    }
}
