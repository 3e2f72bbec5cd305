package io.keyport.desktop;

import io.keyport.desktop.concurrent.FxTaskExecutor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private static final AtomicReference<Prepared> PREPARED = new AtomicReference<>();

    /** The options of this process and what its first window needs, being read. */
    private record Prepared(Console.Options options, CompletableFuture<Preparation> preparation) {}

    /**
     * Starts reading what the first window needs ({@link Preparation}) on a thread of its own, so
     * that it overlaps the JavaFX toolkit's start; the launcher calls it before launching.
     */
    static void prepare() {
        Console.Options options = Console.Options.standard();
        CompletableFuture<Preparation> reading = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("keyport-console-prepare").start(() -> {
            try {
                reading.complete(Preparation.read(options));
            } catch (RuntimeException | Error e) {
                reading.completeExceptionally(e);
            }
        });
        PREPARED.set(new Prepared(options, reading));
    }

    /** The running console, for the shutdown hook; null before start and after stop. */
    static Console running() {
        return RUNNING.get();
    }

    @Override
    public void start(Stage stage) {
        if (getParameters().getRaw().contains(io.keyport.desktop.ceremonies.OfflineCeremony.FLAG)) {
            startOffline(stage);
            return;
        }
        Prepared prepared = PREPARED.getAndSet(null);
        Console console;
        if (prepared == null) {
            console = new Console(stage, Console.Options.standard());
        } else {
            try {
                console = new Console(
                        stage, prepared.options(), prepared.preparation().join());
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        RUNNING.set(console);
        console.handleUncaughtExceptions();
        console.open();
    }

    /** Offline ceremony mode: the wizard alone; no sign-in, no bundled server, no server client. */
    private void startOffline(Stage stage) {
        io.keyport.desktop.shell.Theme.LIGHT.apply();
        FxTaskExecutor offline = new FxTaskExecutor();
        stage.setTitle("Keyport console: offline ceremony");
        stage.setScene(new javafx.scene.Scene(
                io.keyport.desktop.ceremonies.OfflineCeremony.view(
                        offline,
                        java.time.Clock.systemUTC(),
                        io.keyport.desktop.ceremonies.KeySourceFactories.standard(),
                        io.keyport.desktop.ceremonies.OfflineCeremony.operator()),
                1280,
                820));
        stage.setOnHidden(e -> offline.close());
        stage.show();
    }

    @Override
    public void stop() {
        Console console = RUNNING.getAndSet(null);
        if (console != null) {
            console.close();
        }
    }
}
