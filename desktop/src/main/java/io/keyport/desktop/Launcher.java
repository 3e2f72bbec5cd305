package io.keyport.desktop;

import javafx.application.Application;

/**
 * The console's entry point. A plain class, not the {@link Application} subclass, because the
 * JavaFX launcher refuses to start an {@code Application} main class when JavaFX is on the class
 * path rather than the module path (as in the jpackage image).
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(ConsoleApp.class, args);
    }
}
