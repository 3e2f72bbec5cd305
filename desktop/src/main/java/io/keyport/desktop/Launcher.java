package io.keyport.desktop;

import java.util.Arrays;
import javafx.application.Application;

/**
 * The console's entry point. A plain class, not the {@link Application} subclass, because the
 * JavaFX launcher refuses to start an {@code Application} main class when JavaFX is on the class
 * path rather than the module path (as in the jpackage image).
 *
 * <p>{@code --server} runs the bundled server alone, headless, with no JavaFX loaded: the installed
 * launcher ({@code keyport --server}) is then the same process as {@code java -jar
 * keyport-server.jar}, configured by the same {@code KEYPORT_*} variables. The arguments after the
 * flag go to the server.
 */
public final class Launcher {

    /** The flag that starts the server alone instead of the console. */
    public static final String SERVER_FLAG = "--server";

    private Launcher() {
    }

    public static void main(String[] args) {
        int server = Arrays.asList(args).indexOf(SERVER_FLAG);
        if (server >= 0) {
            io.keyport.backend.Main.main(Arrays.copyOfRange(args, server + 1, args.length));
            return;
        }
        Application.launch(ConsoleApp.class, args);
    }
}
