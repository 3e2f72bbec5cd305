package io.keyport.model.common;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Canonical JSON with full escaping: any string (control characters, unpaired surrogates, anything
 * a Java string can hold) and any tree of them encodes to strict UTF-8, valid JSON that a strict
 * parser reads back to the same value (a key with an unpaired surrogate is refused, nothing else is),
 * and encoding is stable (the parse re-encodes to the same
 * bytes). The OLPC dialect stays byte-identical wherever no escaping beyond {@code "} and {@code \}
 * is needed.
 */
class CanonicalJsonFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @FuzzTest(maxDuration = "10s")
    void anyStringAndTreeRoundTrips(FuzzedDataProvider data) throws JsonProcessingException {
        String text = string(data);
        byte[] encoded = CanonicalJson.encode(TextNode.valueOf(text), CanonicalJson.Escaping.JSON);
        JsonNode parsed = Json.mapper().readTree(strictUtf8(encoded));
        assertThat(parsed.isTextual()).isTrue();
        assertThat(parsed.textValue()).isEqualTo(text);

        JsonNode tree = tree(data, 0);
        byte[] canonical;
        try {
            canonical = CanonicalJson.encode(tree, CanonicalJson.Escaping.JSON);
        } catch (IllegalArgumentException e) {
            assertThat(keyWithUnpairedSurrogate(tree))
                    .as("only such keys are refused: %s", e.getMessage())
                    .isTrue();
            return;
        }
        String canonicalText = strictUtf8(canonical);
        assertThat(canonicalText).isEqualTo(CanonicalJson.encodeToString(tree, CanonicalJson.Escaping.JSON));
        JsonNode back = Json.mapper().readTree(canonicalText);
        assertThat(CanonicalJson.encode(back, CanonicalJson.Escaping.JSON)).isEqualTo(canonical);

        if (onlyPlainText(tree)) {
            assertThat(CanonicalJson.encode(tree)).isEqualTo(canonical);
        }
    }

    /** Raw chars, so that unpaired surrogates and every control character come up. */
    private static String string(FuzzedDataProvider data) {
        int length = data.consumeInt(0, 24);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length && data.remainingBytes() > 0; i++) {
            b.append(data.consumeChar());
        }
        return b.toString();
    }

    private static JsonNode tree(FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth < 4 ? 6 : 4);
        return switch (kind) {
            case 0 -> TextNode.valueOf(string(data));
            case 1 -> NODES.numberNode(data.consumeLong());
            case 2 -> NODES.booleanNode(data.consumeBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> TextNode.valueOf(data.consumeString(16));
            case 5 -> {
                ArrayNode array = NODES.arrayNode();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    array.add(tree(data, depth + 1));
                }
                yield array;
            }
            default -> {
                ObjectNode object = NODES.objectNode();
                int n = data.consumeInt(0, 4);
                for (int i = 0; i < n; i++) {
                    object.set(string(data), tree(data, depth + 1));
                }
                yield object;
            }
        };
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("canonical JSON is not strict UTF-8", e);
        }
    }

    private static boolean keyWithUnpairedSurrogate(JsonNode node) {
        for (var field : node.properties()) {
            if (CanonicalJson.hasUnpairedSurrogate(field.getKey()) || keyWithUnpairedSurrogate(field.getValue())) {
                return true;
            }
        }
        for (JsonNode element : node) {
            if (node.isArray() && keyWithUnpairedSurrogate(element)) {
                return true;
            }
        }
        return false;
    }

    /** No key or text needs more than the OLPC escaping: no control character, no unpaired surrogate. */
    private static boolean onlyPlainText(JsonNode node) {
        if (node.isTextual()) {
            return plain(node.textValue());
        }
        for (var field : node.properties()) {
            if (!plain(field.getKey()) || !onlyPlainText(field.getValue())) {
                return false;
            }
        }
        for (JsonNode element : node) {
            if (node.isArray() && !onlyPlainText(element)) {
                return false;
            }
        }
        return true;
    }

    private static boolean plain(String text) {
        return text.chars().noneMatch(c -> c < 0x20) && !CanonicalJson.hasUnpairedSurrogate(text);
    }
}
