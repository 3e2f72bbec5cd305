package io.keyport.desktop.profiles;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The connection profiles, as JSON in {@code profiles.json} of the console's config folder. The
 * bundled server's profile is always first and is stored only for its user name (its URL is where
 * the server runs this time). A broken file is logged and read as empty, never fatal: the profiles
 * hold no secret that would be lost. Writes go to a temporary file first and then replace the old
 * one, so a crash never leaves half a file.
 */
public final class ProfileStore {

    private static final Logger LOG = Logger.getLogger(ProfileStore.class.getName());
    private static final TypeReference<List<ConnectionProfile>> LIST = new TypeReference<>() {};

    private final Path file;

    public ProfileStore(Path configDir) {
        this.file = configDir.resolve("profiles.json");
    }

    public Path file() {
        return file;
    }

    /** The stored profiles, the bundled one first (added when missing). */
    public List<ConnectionProfile> load() {
        List<ConnectionProfile> profiles = new ArrayList<>();
        if (Files.exists(file)) {
            try {
                profiles.addAll(Json.mapper()
                        .reader()
                        .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .forType(LIST)
                        .<List<ConnectionProfile>>readValue(file.toFile()));
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "Ignoring the unreadable connection profiles in " + file + ": " + e.getMessage());
                profiles.clear();
            }
        }
        profiles.removeIf(p -> p == null || p.name().isBlank());
        if (profiles.stream().noneMatch(ConnectionProfile::bundled)) {
            profiles.addFirst(ConnectionProfile.bundled("", "admin"));
        }
        return profiles;
    }

    /** Replaces the stored profiles; the bundled one is stored without its URL. */
    public void save(List<ConnectionProfile> profiles) {
        List<ConnectionProfile> stored = profiles.stream()
                .map(p -> p.bundled() ? ConnectionProfile.bundled("", p.user()) : p)
                .toList();
        try {
            Files.createDirectories(file.getParent());
            Path partial = file.resolveSibling(file.getFileName() + ".part");
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), stored);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the connection profiles to " + file, e);
        }
    }
}
