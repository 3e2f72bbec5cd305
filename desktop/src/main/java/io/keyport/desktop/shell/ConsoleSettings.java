package io.keyport.desktop.shell;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The console's own preferences, as JSON in {@code console.json} of its config folder (today: the
 * theme the user picked). A missing or broken file means "no preference".
 */
public final class ConsoleSettings {

    private static final Logger LOG = Logger.getLogger(ConsoleSettings.class.getName());

    private final Path file;

    public ConsoleSettings(Path configDir) {
        this.file = configDir.resolve("console.json");
    }

    /**
     * The per-user config folder: {@code $XDG_CONFIG_HOME/keyport}, else {@code ~/.config/keyport};
     * {@code %APPDATA%\Keyport} on Windows, {@code ~/Library/Preferences/Keyport} on macOS.
     */
    public static Path defaultConfigDir() {
        String os = System.getProperty("os.name", "");
        Path home = Path.of(System.getProperty("user.home"));
        if (os.startsWith("Windows") && System.getenv("APPDATA") != null) {
            return Path.of(System.getenv("APPDATA"), "Keyport");
        }
        if (os.startsWith("Mac")) {
            return home.resolve("Library/Preferences/Keyport");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        return xdg != null && !xdg.isBlank() ? Path.of(xdg, "keyport") : home.resolve(".config/keyport");
    }

    /** The theme the user picked last, if any. */
    public Optional<Theme> theme() {
        return Optional.ofNullable(read().get("theme")).map(JsonNode::asText).flatMap(name -> {
            try {
                return Optional.of(Theme.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    /** Remembers the theme; a failure to write is logged, the console goes on. */
    public void theme(Theme theme) {
        ObjectNode settings = read();
        settings.put("theme", theme.name().toLowerCase(Locale.ROOT));
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), settings);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remember the theme in " + file + ": " + e.getMessage());
        }
    }

    private ObjectNode read() {
        if (Files.exists(file)) {
            try {
                if (Json.mapper().readTree(file.toFile()) instanceof ObjectNode node) {
                    return node;
                }
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ignoring the unreadable " + file + ": " + e.getMessage());
            }
        }
        return Json.mapper().createObjectNode();
    }
}
