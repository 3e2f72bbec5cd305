package io.keyport.desktop;

import io.helidon.logging.common.LogConfig;
import io.keyport.backend.Main;
import io.keyport.backend.ShutdownLogManager;
import java.util.Arrays;
import java.util.logging.Handler;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * The entry point of the console and of the installed launcher. A plain class, not the
 * {@link Application} subclass, because the JavaFX launcher refuses to start an {@code Application}
 * main class when JavaFX is on the class path rather than the module path (as in the jpackage image).
 *
 * <ul>
 *   <li>no arguments: the console, with the bundled server;</li>
 *   <li>{@code --server}: the server alone, headless, exactly as {@code java -jar keyport-server.jar}
 *       ({@link Main}: {@code KEYPORT_*} configuration, graceful stop on SIGTERM or Ctrl-C);</li>
 *   <li>{@code --offline-ceremony}: only the ceremony wizard, no sign-in, no network: the
 *       network guard is armed for the whole process before anything else runs
 *       ({@link io.keyport.desktop.offline.NetworkGuard#lockDownProcess()}).</li>
 *   <li>{@code ceremony ...}: a key ceremony step on the command line, no window
 *       ({@link io.keyport.desktop.ceremony.CeremonyCommand}); every step but {@code send} under the
 *       same lock as the offline console.</li>
 * </ul>
 */
public final class Launcher {

    /** Runs the server alone, headless. */
    public static final String SERVER_FLAG = "--server";

    /** Runs a ceremony step on the command line. */
    public static final String CEREMONY_COMMAND = "ceremony";

    private Launcher() {}

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(SERVER_FLAG)) {
            Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals(CEREMONY_COMMAND)) {
            if (args.length < 2 || !args[1].equals("send")) {
                lockDown(); // every ceremony step but send is offline: its process connects nowhere
            }
            io.keyport.desktop.ceremony.CeremonyCommand.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        boolean offline = Arrays.asList(args).contains(io.keyport.desktop.ceremonies.OfflineCeremony.FLAG);
        if (offline) {
            lockDown();
        }
        if (System.getProperty("java.util.logging.manager") == null) {
            // keeps the log handlers open until the shutdown hook below has logged the stop
            System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        }
        LogConfig.configureRuntime();
        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::stopOnSignal, "keyport-console-shutdown"));
        if (!offline) {
            ConsoleApp.prepare(); // reads settings, profiles and the server's settings while the toolkit starts
        }
        try {
            Application.launch(ConsoleApp.class, args);
        } catch (UnsupportedOperationException | UnsatisfiedLinkError e) {
            // JavaFX found no usable windowing system: say what to install instead of a stack trace
            System.err.println("The console cannot open a window: " + e.getMessage() + System.lineSeparator()
                    + "On Linux it needs GTK 3 and OpenGL, e.g. sudo apt-get install libgtk-3-0 libgl1 libxtst6"
                    + " (Fedora: sudo dnf install gtk3 mesa-libGL libXtst), and a graphical session (DISPLAY)."
                    + System.lineSeparator() + "The server alone runs without them: add " + SERVER_FLAG + ".");
            System.exit(3);
        }
        // the window was closed and ConsoleApp.stop() ran; nothing else should keep the process
        System.exit(0);
    }

    /** Before anything opens a channel: no connection leaves this process from here on, or it stops. */
    private static void lockDown() {
        try {
            io.keyport.desktop.offline.NetworkGuard.lockDownProcess();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(4);
        }
    }

    /** Ctrl-C or SIGTERM: stop the bundled server cleanly (nothing to do when the window closed first). */
    private static void stopOnSignal() {
        Console console = ConsoleApp.running();
        if (console != null) {
            Logger.getLogger(Launcher.class.getName()).info("Stopping (signal)");
            console.close();
        }
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            handler.flush();
        }
    }
}
