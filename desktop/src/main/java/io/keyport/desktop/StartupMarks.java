package io.keyport.desktop;

import java.io.PrintStream;
import java.time.Clock;
import javafx.application.Platform;
import javafx.scene.Scene;

/**
 * Start-up marks for {@code bench/console}: with {@code -Dkeyport.startup.marks=true} the console
 * prints one line {@code keyport.startup <phase> <epoch milliseconds>} to standard output when a
 * phase's window is usable, and nothing otherwise. "Usable" is the first frame drawn after the
 * window was shown and its scene laid out: the mark is taken in the second layout pulse after the
 * scene's window is showing, because the toolkit starts a pulse only once the previous frame has
 * been rendered. Phases: {@code window} (the first window), {@code dashboard} (the signed-in
 * shell's first frame, drawn before its open feature's data has arrived) and {@code applications}
 * (the Applications view's first frame after its first list of applications arrived and was put
 * in its table). It measures; it changes nothing the user sees.
 */
public final class StartupMarks {

    /** The system property that switches the marks on. */
    public static final String PROPERTY = "keyport.startup.marks";

    /**
     * The system property naming the feature (its {@code Feature.id()}, e.g. {@code applications})
     * the shell opens after sign-in instead of the first one; {@code bench/console} opens the
     * Applications view with it to measure the console's memory with its rows loaded.
     */
    public static final String OPEN_PROPERTY = "keyport.console.open";

    private StartupMarks() {}

    /** Whether marks are printed in this JVM. */
    public static boolean enabled() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Prints the mark for {@code phase} once the first frame of {@code scene} has been drawn after
     * its window showed. Call on the JavaFX thread, before or after showing the window.
     */
    public static void onFirstFrame(Scene scene, String phase) {
        onFirstFrame(scene, phase, Clock.systemUTC(), System.out);
    }

    static void onFirstFrame(Scene scene, String phase, Clock clock, PrintStream out) {
        if (!enabled()) {
            return;
        }
        afterFirstFrame(scene, () -> {
            out.println("keyport.startup " + phase + " " + clock.millis());
            out.flush();
        });
    }

    /**
     * Runs {@code then} on the JavaFX thread once the first frame of {@code scene} has been drawn
     * after its window showed (whether or not marks are switched on): the console starts work
     * that the first frame does not need, such as the bundled server, only then.
     */
    public static void afterFirstFrame(Scene scene, Runnable then) {
        Runnable listener = new Runnable() {
            private int pulses;

            @Override
            public void run() {
                if (scene.getWindow() == null || !scene.getWindow().isShowing()) {
                    Platform.requestNextPulse();
                    return;
                }
                if (++pulses < 2) {
                    Platform.requestNextPulse();
                    return;
                }
                scene.removePostLayoutPulseListener(this);
                then.run();
            }
        };
        scene.addPostLayoutPulseListener(listener);
        Platform.requestNextPulse();
    }
}
