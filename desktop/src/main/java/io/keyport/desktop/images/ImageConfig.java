package io.keyport.desktop.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an image's config blob people look for: platform, creation time, what runs
 * (entrypoint and command), user, working directory, environment, labels, and the whole config
 * indented.
 */
public record ImageConfig(
        String platform,
        String created,
        List<String> entrypoint,
        List<String> cmd,
        String user,
        String workingDir,
        List<String> env,
        Map<String, String> labels,
        String json) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        labels = Map.copyOf(labels);
    }

    static ImageConfig of(JsonNode root) {
        JsonNode config = root.path("config");
        Map<String, String> labels = new LinkedHashMap<>();
        config.path("Labels")
                .properties()
                .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        String variant = Descriptor.text(root, "variant");
        return new ImageConfig(
                root.path("os").asText("?") + "/" + root.path("architecture").asText("?")
                        + (variant == null ? "" : "/" + variant),
                Descriptor.text(root, "created"),
                strings(config.path("Entrypoint")),
                strings(config.path("Cmd")),
                Descriptor.text(config, "User"),
                Descriptor.text(config, "WorkingDir"),
                strings(config.path("Env")),
                labels,
                ManifestDetails.indented(root));
    }

    /** Entrypoint and command as one shell-like line, or empty. */
    public String command() {
        List<String> all = new ArrayList<>(entrypoint);
        all.addAll(cmd);
        return String.join(" ", all);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }
}
