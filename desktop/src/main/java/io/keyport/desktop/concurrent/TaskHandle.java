package io.keyport.desktop.concurrent;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A piece of background work started with {@link TaskExecutor#submit}: how far it got, what it is
 * doing, whether it still runs, and a way to cancel it. The properties change on the thread the
 * executor promises for its callbacks (the JavaFX thread for {@link FxTaskExecutor}), so a view may
 * bind a progress bar to them.
 */
public final class TaskHandle {

    /** Where the work is. */
    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED,
        CANCELLED
    }

    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(this, "state", State.RUNNING);
    private volatile Runnable canceller = () -> {};
    private volatile boolean cancelRequested;

    /** For executors: a handle whose {@link #cancel()} runs {@code canceller} (interrupting the work). */
    TaskHandle() {}

    /** Done so far, 0 to 1; -1 while unknown (an indeterminate progress bar). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the work reports it is doing. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public State state() {
        return state.get();
    }

    /**
     * Asks the work to stop: it is interrupted and {@link Progress#cancelled()} turns true. A
     * cancelled task calls neither of its callbacks; its state becomes {@link State#CANCELLED}.
     * Does nothing once the work has finished.
     */
    public void cancel() {
        if (state.get() != State.RUNNING) {
            return;
        }
        cancelRequested = true;
        canceller.run();
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void canceller(Runnable canceller) {
        this.canceller = canceller;
    }

    void update(double fraction, String text) {
        progress.set(fraction);
        if (text != null) {
            message.set(text);
        }
    }

    void finish(State end) {
        state.set(end);
        if (end == State.SUCCEEDED) {
            progress.set(1);
        }
    }
}
