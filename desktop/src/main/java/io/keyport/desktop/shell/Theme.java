package io.keyport.desktop.shell;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;

/** The console's two looks, AtlantaFX's Primer light and dark. */
public enum Theme {
    LIGHT(new PrimerLight().getUserAgentStylesheet()),
    DARK(new PrimerDark().getUserAgentStylesheet());

    private final String stylesheet;

    Theme(String stylesheet) {
        this.stylesheet = stylesheet;
    }

    /** Makes this the look of every window (JavaFX thread). */
    public void apply() {
        Application.setUserAgentStylesheet(stylesheet);
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /**
     * The desktop's preference where it can be read: GNOME's {@code color-scheme} (gsettings),
     * macOS's {@code AppleInterfaceStyle}, Windows' {@code AppsUseLightTheme}. Empty when none
     * answers within a second (then the console starts light).
     */
    public static Optional<Theme> systemPreference() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return ask(List.of("defaults", "read", "-g", "AppleInterfaceStyle"))
                    .map(out -> out.toLowerCase(Locale.ROOT).contains("dark") ? DARK : LIGHT);
        }
        if (os.startsWith("windows")) {
            return ask(List.of(
                            "reg",
                            "query",
                            "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                            "/v",
                            "AppsUseLightTheme"))
                    .map(out -> out.contains("0x0") ? DARK : LIGHT);
        }
        return ask(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"))
                .filter(out -> !out.isBlank())
                .map(out -> out.contains("dark") ? DARK : LIGHT);
    }

    private static Optional<String> ask(List<String> command) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // no such tool on this desktop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
