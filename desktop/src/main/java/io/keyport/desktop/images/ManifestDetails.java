package io.keyport.desktop.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A manifest as the registry serves it: an image manifest (config and layers) or an index of
 * per-platform manifests, with its digest, media type, the pushed bytes shown indented, and for
 * artifacts (signatures, SBOMs) the artifact type and subject.
 */
public record ManifestDetails(
        String digest,
        String mediaType,
        long bytes,
        String json,
        Descriptor config,
        List<Descriptor> layers,
        List<Descriptor> manifests,
        String artifactType,
        Descriptor subject) {

    /** What the console asks for: every manifest type the registry stores. */
    static final String ACCEPT = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    public ManifestDetails {
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
    }

    /** True for an OCI image index or a Docker manifest list: {@link #manifests()} has the platforms. */
    public boolean isIndex() {
        return config == null && !manifests.isEmpty()
                || mediaType != null && (mediaType.contains("index") || mediaType.contains("manifest.list"));
    }

    /**
     * The manifest's bytes and what it references directly: config and layers (what a pull
     * downloads), or an index's platform manifests. The Pier One API's tag {@code size} is the same sum.
     */
    public long contentSize() {
        if (isIndex()) {
            return bytes + manifests.stream().mapToLong(Descriptor::size).sum();
        }
        return bytes
                + (config == null ? 0 : config.size())
                + layers.stream().mapToLong(Descriptor::size).sum();
    }

    /**
     * Reads {@code body} as served, with the {@code Content-Type} and {@code Docker-Content-Digest}
     * the registry sent; the digest is computed from the bytes when the header is missing.
     */
    static ManifestDetails parse(byte[] body, String contentType, String digestHeader) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("The registry sent a manifest that is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("The registry sent a manifest that is not a JSON object");
        }
        String mediaType = Descriptor.text(root, "mediaType");
        if (mediaType == null) {
            mediaType = contentType;
        }
        List<Descriptor> layers = new ArrayList<>();
        root.path("layers").forEach(node -> layers.add(Descriptor.of(node)));
        List<Descriptor> manifests = new ArrayList<>();
        root.path("manifests").forEach(node -> manifests.add(Descriptor.of(node)));
        Descriptor config = root.path("config").isObject() ? Descriptor.of(root.get("config")) : null;
        Descriptor subject = root.path("subject").isObject() ? Descriptor.of(root.get("subject")) : null;
        String artifactType = Descriptor.text(root, "artifactType");
        if (artifactType == null && config != null && !isImageConfig(config.mediaType())) {
            artifactType = config.mediaType(); // artifacts before OCI 1.1 named their type in the config
        }
        return new ManifestDetails(
                digestHeader != null && !digestHeader.isBlank() ? digestHeader : sha256(body),
                mediaType,
                body.length,
                indented(root),
                config,
                layers,
                manifests,
                artifactType,
                subject);
    }

    static boolean isImageConfig(String mediaType) {
        return mediaType == null
                || mediaType.equals("application/vnd.oci.image.config.v1+json")
                || mediaType.equals("application/vnd.docker.container.image.v1+json");
    }

    static String indented(JsonNode node) {
        try {
            return Json.mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (IOException e) {
            return node.toString();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ManifestDetails[" + digest + ", " + mediaType + ", " + bytes + " bytes]";
    }
}
