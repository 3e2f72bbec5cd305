package io.keyport.backend.registry.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code X-SCM-Source} header of a manifest push: a JSON object {@code {url, revision,
 * author, status}}, sent as is or URL-encoded (Pier One URL-decoded it before parsing).
 */
public final class ScmSourceHeader {

    private ScmSourceHeader() {}

    /** The header's JSON object; empty when it is none, encoded or not. */
    public static Optional<JsonNode> parse(String value) {
        Optional<JsonNode> plain = object(value);
        if (plain.isPresent()) {
            return plain;
        }
        try {
            return object(URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a malformed %-escape
        }
    }

    private static Optional<JsonNode> object(String text) {
        try {
            JsonNode node = Json.mapper().readTree(text);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A field of the object as text (other values as their JSON), or null. */
    public static String field(JsonNode object, String name) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
