package io.keyport.model.tuf;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.common.CanonicalJson;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TUF's own JSON reader and writer over Jackson's tree model, independent of the server's
 * {@code ObjectMapper} (decision 0027).
 *
 * <p>Reading is strict where a lenient parser would let two implementations see different metadata:
 * duplicate object keys, floating-point numbers, unpaired surrogates and trailing content are refused
 * ({@link TufException.Reason#MALFORMED}). Writing sorts object keys, so the same metadata always
 * gives the same bytes. {@link #canonical(JsonNode)} is the OLPC canonical form that TUF signs (see
 * {@link CanonicalJson}), refusing what that form cannot represent unambiguously.
 */
public final class TufJson {

    /** Nesting deeper than this is refused; real metadata nests about eight levels. */
    public static final int MAX_DEPTH = 64;

    static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(40)
                            .build())
                    .build())
            .nodeFactory(NODES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private TufJson() {}

    /**
     * Parses JSON bytes (UTF-8) into a tree that {@link #canonical(JsonNode)} can encode.
     *
     * @throws TufException {@link TufException.Reason#MALFORMED} for invalid JSON, duplicate keys,
     *     floats or unpaired surrogates
     */
    public static JsonNode parse(byte[] json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new TufException(
                    TufException.Reason.MALFORMED,
                    "not valid JSON: "
                            + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
                    e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw TufException.malformed("empty document");
        }
        check(tree, "$");
        return tree;
    }

    /**
     * The OLPC canonical bytes of a tree: keys sorted by code point, no whitespace, only {@code "} and
     * {@code \} escaped, UTF-8. This is what TUF signs and what keyids hash.
     *
     * @throws TufException {@link TufException.Reason#MALFORMED} if the tree holds a float or an
     *     unpaired surrogate, which have no canonical form
     */
    public static byte[] canonical(JsonNode tree) {
        check(tree, "$");
        return CanonicalJson.encode(tree);
    }

    /** Compact JSON with sorted keys (valid JSON: control characters are escaped). */
    public static byte[] write(JsonNode tree) {
        return write(MAPPER, tree);
    }

    /** Indented JSON with sorted keys, for files people read. */
    public static byte[] writePretty(JsonNode tree) {
        return write(PRETTY, tree);
    }

    /** Lower-case hex SHA-256 of some bytes. */
    public static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("sha256", data));
    }

    static byte[] digest(String tufAlgorithm, byte[] data) {
        String jca = switch (tufAlgorithm) {
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> null;
        };
        if (jca == null) {
            throw new TufException(
                    TufException.Reason.LENGTH_OR_HASH_MISMATCH, "unsupported hash algorithm: " + tufAlgorithm);
        }
        try {
            return MessageDigest.getInstance(jca).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jca + " is part of every JDK", e);
        }
    }

    private static byte[] write(ObjectMapper mapper, JsonNode tree) {
        try {
            return mapper.writeValueAsBytes(sorted(tree));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            fields.sort(Map.Entry.comparingByKey(CanonicalJson::compareCodePoints));
            ObjectNode out = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : fields) {
                out.set(field.getKey(), sorted(field.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            var out = NODES.arrayNode(node.size());
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    /** Refuses what canonical JSON cannot encode unambiguously. */
    private static void check(JsonNode node, String where) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> field = it.next();
                    checkText(field.getKey(), where);
                    check(field.getValue(), where + "." + field.getKey());
                }
            }
            case ARRAY -> {
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), where + "[" + i + "]");
                }
            }
            case STRING -> checkText(node.textValue(), where);
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw TufException.malformed(where + ": TUF metadata has no floating-point numbers: " + node);
                }
            }
            case BOOLEAN, NULL -> {}
            default -> throw TufException.malformed(where + ": not a JSON value");
        }
    }

    private static void checkText(String text, String where) {
        if (CanonicalJson.hasUnpairedSurrogate(text)) {
            // its UTF-8 form would be '?', the same bytes as another string: a signature collision
            throw TufException.malformed(where + ": a string holds an unpaired surrogate");
        }
    }

    /** A copy of the unrecognised fields: insertion order kept, nodes deep-copied, map unmodifiable. */
    static Map<String, JsonNode> copyFields(Map<String, JsonNode> fields) {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            check(value, name);
            copy.put(name, value.deepCopy());
        });
        return java.util.Collections.unmodifiableMap(copy);
    }
}
