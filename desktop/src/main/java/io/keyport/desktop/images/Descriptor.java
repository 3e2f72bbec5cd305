package io.keyport.desktop.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An OCI content descriptor as a manifest or index names it: media type, digest, size, and for an
 * index's entries the platform, for referrers the artifact type and annotations.
 */
public record Descriptor(
        String mediaType,
        String digest,
        long size,
        String platform,
        String artifactType,
        Map<String, String> annotations) {

    public Descriptor {
        annotations = Map.copyOf(annotations);
    }

    static Descriptor of(JsonNode node) {
        Map<String, String> annotations = new LinkedHashMap<>();
        node.path("annotations")
                .properties()
                .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(
                text(node, "mediaType"),
                text(node, "digest"),
                node.path("size").asLong(0),
                platform(node.path("platform")),
                text(node, "artifactType"),
                annotations);
    }

    /** {@code linux/arm64/v8}, or null when the entry names no platform. */
    private static String platform(JsonNode platform) {
        if (!platform.isObject()) {
            return null;
        }
        StringBuilder text = new StringBuilder(platform.path("os").asText("?"))
                .append('/')
                .append(platform.path("architecture").asText("?"));
        if (platform.hasNonNull("variant")) {
            text.append('/').append(platform.get("variant").asText());
        }
        return text.toString();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
