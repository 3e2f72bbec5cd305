package io.keyport.backend.registry.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.keyport.model.registry.Digest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the registry needs from a pushed manifest without re-serialising it: its media type
 * (the {@code Content-Type} it was pushed with, which must agree with its {@code mediaType} field),
 * the blobs it references (config and layers of an image manifest), the child manifests of an
 * index, its {@code subject}, the artifact type the referrers API reports, and its annotations.
 * Docker schema 2 manifests and manifest lists, OCI image manifests and indexes are accepted;
 * schema 1 and anything else is MANIFEST_INVALID.
 */
public final class ManifestParser {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private static final Set<String> IMAGE_TYPES = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> INDEX_TYPES = Set.of(OCI_INDEX, DOCKER_LIST);

    /**
     * Strict (a key given twice is an error) and sized for manifests: one string may fill the 4 MiB
     * limit, which the shared mapper's 1 MiB text limit for API bodies would refuse.
     */
    private static final ObjectReader READER = new com.fasterxml.jackson.databind.ObjectMapper(
                    com.fasterxml.jackson.core.JsonFactory.builder()
                            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                                    .maxNestingDepth(64)
                                    .maxStringLength(ManifestService.MAX_MANIFEST_BYTES)
                                    .build())
                            .build())
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** What a manifest says. {@code subject}, {@code artifactType} and {@code annotations} may be null. */
    public record Parsed(
            String mediaType,
            String artifactType,
            Digest subject,
            String annotations,
            List<Digest> blobs,
            List<Digest> children) {}

    private ManifestParser() {}

    /**
     * Parses {@code bytes} pushed with {@code contentType} (null or generic JSON when the client
     * sent none); MANIFEST_INVALID naming what is wrong.
     */
    public static Parsed parse(byte[] bytes, String contentType) {
        JsonNode root;
        try {
            root = READER.readTree(bytes);
        } catch (IOException e) {
            throw invalid("the manifest is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw invalid("a manifest is a JSON object");
        }
        String declared = text(root, "mediaType");
        String type = mediaType(contentType);
        if (type == null) {
            type = declared != null ? declared : (root.has("manifests") ? OCI_INDEX : OCI_MANIFEST);
        }
        if (declared != null && !declared.equals(type)) {
            throw invalid("the manifest's mediaType " + declared + " differs from its Content-Type " + type);
        }
        if (!root.path("schemaVersion").isInt() || root.get("schemaVersion").asInt() != 2) {
            throw invalid("schemaVersion must be 2 (schema 1 manifests are not accepted)");
        }
        Digest subject = root.has("subject") ? descriptor(root.get("subject"), "subject") : null;
        String artifactType = text(root, "artifactType");
        List<Digest> blobs = new ArrayList<>();
        List<Digest> children = new ArrayList<>();
        if (IMAGE_TYPES.contains(type)) {
            JsonNode config = root.get("config");
            if (config == null || !config.isObject()) {
                throw invalid("an image manifest needs a config descriptor");
            }
            blobs.add(descriptor(config, "config"));
            if (artifactType == null) {
                artifactType = text(config, "mediaType");
            }
            JsonNode layers = root.path("layers");
            if (!layers.isMissingNode() && !layers.isArray()) {
                throw invalid("layers must be an array");
            }
            for (int i = 0; i < layers.size(); i++) {
                Digest layer = descriptor(layers.get(i), "layers[" + i + "]");
                if (!nonDistributable(layers.get(i))) {
                    blobs.add(layer);
                }
            }
        } else if (INDEX_TYPES.contains(type)) {
            JsonNode manifests = root.get("manifests");
            if (manifests == null || !manifests.isArray()) {
                throw invalid("an index needs a manifests array");
            }
            for (int i = 0; i < manifests.size(); i++) {
                children.add(descriptor(manifests.get(i), "manifests[" + i + "]"));
            }
        } else {
            throw invalid("unsupported manifest media type " + type);
        }
        JsonNode annotations = root.get("annotations");
        if (annotations != null && !annotations.isObject()) {
            throw invalid("annotations must be an object");
        }
        return new Parsed(
                type,
                artifactType,
                subject,
                annotations == null ? null : annotations.toString(),
                List.copyOf(blobs),
                List.copyOf(children));
    }

    /** The media type a Content-Type names, or null when it names none of its own (JSON, bytes). */
    static String mediaType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.isEmpty() || type.equals("application/json") || type.equals("application/octet-stream")) {
            return null;
        }
        return type;
    }

    /** Layers with {@code urls} or a non-distributable type are not pushed (image-spec), so not required. */
    private static boolean nonDistributable(JsonNode layer) {
        String type = text(layer, "mediaType");
        return (layer.path("urls").isArray() && !layer.path("urls").isEmpty())
                || (type != null && (type.contains("nondistributable") || type.contains("foreign")));
    }

    private static Digest descriptor(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw invalid(where + " is not a descriptor");
        }
        String digest = text(node, "digest");
        if (digest == null) {
            throw invalid(where + " has no digest");
        }
        if (!node.path("size").canConvertToExactIntegral() || node.path("size").asLong() < 0) {
            throw invalid(where + " has no valid size");
        }
        try {
            return Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw invalid(where + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static io.keyport.backend.http.ApiException invalid(String why) {
        return OciError.MANIFEST_INVALID.with(why, Map.of("reason", why));
    }
}
