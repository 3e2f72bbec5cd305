package io.keyport.backend.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI document the server publishes, assembled from the platform's part
 * ({@value #PLATFORM_PART}: header, security schemes, shared components) and one fragment per module
 * ({@code openapi/<domain>.yaml}), which each module contributes while it is wired. A fragment holds
 * only {@code tags}, {@code paths} and {@code components}, and may refer to any component of the
 * assembled document. The server assembles the document once all modules are built
 * ({@code KeyportServer.routing}); a path, tag or component defined by two contributors stops the
 * start, naming both. That the document lists exactly the registered routes is checked by
 * {@code OpenApiIT}.
 */
public final class OpenApiDocument {

    /** The classpath resource of the platform's part. */
    public static final String PLATFORM_PART = "/openapi/platform.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FRAGMENT_KEYS = Set.of("tags", "paths", "components");

    private final List<Contribution> contributions = new ArrayList<>();
    private ObjectNode assembled;

    private record Contribution(String contributor, String source, JsonNode tree) {
        String name() {
            return contributor + " (" + source + ")";
        }
    }

    /** A document with the platform's part and no module fragment yet. */
    public OpenApiDocument() {
        contributions.add(new Contribution("platform", PLATFORM_PART, read(PLATFORM_PART)));
    }

    /**
     * Adds {@code module}'s fragment, a classpath resource such as {@code /openapi/kio.yaml}.
     *
     * @throws IllegalStateException if the document was already assembled, or the resource is missing
     *                               or holds anything but tags, paths and components
     */
    public void contribute(String module, String resource) {
        contribute(module, resource, read(resource));
    }

    /** Adds a fragment given as a tree; {@code source} names it in refusals. */
    synchronized void contribute(String module, String source, JsonNode fragment) {
        if (assembled != null) {
            throw new IllegalStateException(
                    module + " contributes " + source + " after the OpenAPI document was assembled");
        }
        if (!fragment.isObject()) {
            throw new IllegalStateException(source + " of " + module + " is not a YAML mapping");
        }
        for (Iterator<String> keys = fragment.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!FRAGMENT_KEYS.contains(key)) {
                throw new IllegalStateException(
                        source + " of " + module + " may contribute only tags, paths and " + "components, not " + key);
            }
        }
        contributions.add(new Contribution(module, source, fragment));
    }

    /**
     * Merges the contributions, once; later calls return the same document.
     *
     * @throws IllegalStateException naming both contributors of a path, tag or component defined twice
     */
    public synchronized JsonNode assemble() {
        if (assembled == null) {
            assembled = merge(contributions);
        }
        return assembled;
    }

    private static ObjectNode merge(List<Contribution> contributions) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode document = nodes.objectNode();
        contributions.get(0).tree().fields().forEachRemaining(field -> {
            if (!FRAGMENT_KEYS.contains(field.getKey())) {
                document.set(field.getKey(), field.getValue());
            }
        });
        ArrayNode tags = document.putArray("tags");
        ObjectNode paths = document.putObject("paths");
        ObjectNode components = document.putObject("components");
        Map<String, Contribution> owners = new HashMap<>();
        for (Contribution c : contributions) {
            for (JsonNode tag : c.tree().path("tags")) {
                claim(owners, "tag " + tag.path("name").asText(), c);
                tags.add(tag);
            }
            c.tree().path("paths").fields().forEachRemaining(path -> {
                claim(owners, "path " + path.getKey(), c);
                paths.set(path.getKey(), path.getValue());
            });
            c.tree()
                    .path("components")
                    .fields()
                    .forEachRemaining(section -> section.getValue().fields().forEachRemaining(component -> {
                        claim(owners, "component " + section.getKey() + "/" + component.getKey(), c);
                        JsonNode target = components.get(section.getKey());
                        (target == null ? components.putObject(section.getKey()) : (ObjectNode) target)
                                .set(component.getKey(), component.getValue());
                    }));
        }
        return document;
    }

    private static void claim(Map<String, Contribution> owners, String what, Contribution contributor) {
        Contribution earlier = owners.putIfAbsent(what, contributor);
        if (earlier != null) {
            throw new IllegalStateException(
                    "OpenAPI " + what + " is contributed by both " + earlier.name() + " and " + contributor.name());
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenAPI fragment " + resource);
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("OpenAPI fragment " + resource + " is not valid YAML", e);
        }
    }
}
