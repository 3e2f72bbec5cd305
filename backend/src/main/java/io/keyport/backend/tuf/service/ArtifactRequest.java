package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.TufJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bodies of {@code POST /api/v1/artifacts} and {@code /artifacts/delete}, checked before they are
 * accepted (422 naming what is wrong): relative target paths without empty, {@code .} or {@code ..}
 * segments, backslashes or control characters; a length; a SHA-256 on every target (SHA-512 may be
 * added; other algorithms are refused because go-tuf and tuf-js cannot verify them); {@code custom}
 * an object of integers, text, booleans and nulls (TUF metadata has no floats).
 *
 * @param artifacts path to target info ({@code {"length", "hashes", "custom"?}}) for additions; info is
 *                  null for deletions
 */
public record ArtifactRequest(List<Artifact> artifacts, boolean addTaskIdToCustom, boolean publish) {

    /** One artifact: its path and, for an addition, its target info. */
    public record Artifact(String path, ObjectNode info) {}

    /** The most artifacts one request may carry. */
    public static final int MAX_ARTIFACTS = 10_000;
    /** The longest target path (the column's width). */
    public static final int MAX_PATH = 1024;

    private static final Map<String, Pattern> HASHES =
            Map.of("sha256", Pattern.compile("[0-9a-f]{64}"), "sha512", Pattern.compile("[0-9a-f]{128}"));

    /** An addition request. */
    public static ArtifactRequest additions(JsonNode body) {
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "artifacts", "add_task_id_to_custom", "publish_artifacts");
        JsonNode list = list(body);
        List<Artifact> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "artifacts[" + i + "]";
            JsonNode artifact = BootstrapPayload.object(list.get(i), where);
            BootstrapPayload.only(artifact, where, "path", "info");
            String path = path(artifact.get("path"), where + ".path", seen);
            out.add(new Artifact(path, info(BootstrapPayload.object(artifact.get("info"), where + ".info"), where)));
        }
        return new ArtifactRequest(
                out, flag(body, "add_task_id_to_custom", false), flag(body, "publish_artifacts", true));
    }

    /** A deletion request. */
    public static ArtifactRequest deletions(JsonNode body) {
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "artifacts", "publish_artifacts");
        JsonNode list = list(body);
        List<Artifact> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(new Artifact(path(list.get(i), "artifacts[" + i + "]", seen), null));
        }
        return new ArtifactRequest(out, false, flag(body, "publish_artifacts", true));
    }

    public List<String> paths() {
        return artifacts.stream().map(Artifact::path).toList();
    }

    /** The request as stored with its task. */
    public String toJson() {
        ObjectNode out = Json.mapper().createObjectNode();
        var list = out.putArray("artifacts");
        for (Artifact a : artifacts) {
            ObjectNode item = list.addObject();
            item.put("path", a.path());
            if (a.info() != null) {
                item.set("info", a.info());
            }
        }
        out.put("add_task_id_to_custom", addTaskIdToCustom);
        out.put("publish_artifacts", publish);
        return out.toString();
    }

    /** A stored request. */
    public static ArtifactRequest fromJson(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            List<Artifact> out = new ArrayList<>();
            for (JsonNode item : node.get("artifacts")) {
                out.add(new Artifact(item.get("path").textValue(), (ObjectNode) item.get("info")));
            }
            return new ArtifactRequest(
                    out,
                    node.get("add_task_id_to_custom").booleanValue(),
                    node.get("publish_artifacts").booleanValue());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a stored artifact request is not JSON", e);
        }
    }

    private static JsonNode list(JsonNode body) {
        JsonNode list = BootstrapPayload.field(body, "artifacts");
        if (!list.isArray() || list.isEmpty() || list.size() > MAX_ARTIFACTS) {
            throw RstufError.invalid("artifacts must be a list of 1 to " + MAX_ARTIFACTS + " artifacts");
        }
        return list;
    }

    private static boolean flag(JsonNode body, String name, boolean absent) {
        JsonNode value = body.get(name);
        if (value == null) {
            return absent;
        }
        if (!value.isBoolean()) {
            throw RstufError.invalid(name + " must be true or false");
        }
        return value.booleanValue();
    }

    /** A target path: relative, '/'-separated segments that are neither empty nor '.' nor '..'. */
    static String path(JsonNode node, String where, Set<String> seen) {
        String path = BootstrapPayload.text(node, where);
        if (path.isEmpty() || path.length() > MAX_PATH) {
            throw RstufError.invalid(where + " must be 1 to " + MAX_PATH + " characters");
        }
        if (path.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == '\\')) {
            throw RstufError.invalid(where + " must not hold control characters or backslashes");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw RstufError.invalid(
                        where + " must be a relative path without empty, '.' or '..' segments: " + path);
            }
        }
        if (!seen.add(path)) {
            throw RstufError.invalid(where + " names " + path + " a second time");
        }
        return path;
    }

    private static ObjectNode info(JsonNode info, String where) {
        BootstrapPayload.only(info, where + ".info", "length", "hashes", "custom");
        JsonNode length = info.get("length");
        if (length == null || !length.isIntegralNumber() || !length.canConvertToLong() || length.longValue() < 0) {
            throw RstufError.invalid(where + ".info.length must be a whole number of bytes");
        }
        JsonNode hashes = BootstrapPayload.object(info.get("hashes"), where + ".info.hashes");
        if (!hashes.has("sha256")) {
            throw RstufError.invalid(where + ".info.hashes needs sha256");
        }
        ObjectNode out = Json.mapper().createObjectNode();
        out.put("length", length.longValue());
        ObjectNode hashOut = out.putObject("hashes");
        for (Iterator<Map.Entry<String, JsonNode>> it = hashes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> hash = it.next();
            Pattern hex = HASHES.get(hash.getKey());
            if (hex == null) {
                throw RstufError.invalid(where + ".info.hashes." + hash.getKey()
                        + " is not supported: list sha256 (and optionally sha512)");
            }
            if (!hash.getValue().isTextual()
                    || !hex.matcher(hash.getValue().textValue()).matches()) {
                throw RstufError.invalid(where + ".info.hashes." + hash.getKey() + " must be lower-case hex");
            }
            hashOut.put(hash.getKey(), hash.getValue().textValue());
        }
        JsonNode custom = info.get("custom");
        if (custom != null && !custom.isNull()) {
            BootstrapPayload.object(custom, where + ".info.custom");
            try {
                TufJson.canonical(custom);
            } catch (TufException e) {
                throw RstufError.invalid(where + ".info.custom: " + e.getMessage());
            }
            out.set("custom", custom);
        }
        return out;
    }
}
