package io.keyport.desktop;

import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The Keyport console application: one {@link Console} on the process's environment. Closing the
 * window stops the bundled server ({@link #stop()}); so does Ctrl-C, through {@link #running()}
 * and the launcher's shutdown hook. Any exception nobody caught is logged and shown in an error
 * dialog with its details on demand.
 */
public final class ConsoleApp extends Application {

    private static final AtomicReference<Console> RUNNING = new AtomicReference<>();

    /** The running console, for the shutdown hook; null before start and after stop. */
    static Console running() {
        return RUNNING.get();
    }

    @Override
    public void start(Stage stage) {
        Console console = new Console(stage, Console.Options.standard());
        RUNNING.set(console);
        console.handleUncaughtExceptions();
        console.open();
    }

    @Override
    public void stop() {
        Console console = RUNNING.getAndSet(null);
        if (console != null) {
            console.close();
        }
    }
}
