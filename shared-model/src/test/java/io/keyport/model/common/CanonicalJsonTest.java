package io.keyport.model.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The two string escapings, byte for byte: OLPC stays as TUF signs it, JSON escapes what the grammar requires. */
class CanonicalJsonTest {

    private static ObjectNode sample() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("z", "a\u0001b\nc\t\"q\"\\\u007f\u2028\uD83D\uDE00\uD800");
        node.put("a", 1);
        node.putArray("m").add(true).addNull();
        return node;
    }

    @Test
    void olpcEscapesOnlyQuoteAndBackslash() {
        String olpc = new String(CanonicalJson.encode(sample()), StandardCharsets.UTF_8);
        // the lone surrogate becomes '?' in UTF-8, as it always did
        assertThat(olpc)
                .isEqualTo("{\"a\":1,\"m\":[true,null],\"z\":\"a\u0001b\nc\t\\\"q\\\"\\\\\u007f\u2028\uD83D\uDE00?\"}");
        assertThat(CanonicalJson.encode(sample(), CanonicalJson.Escaping.OLPC))
                .isEqualTo(CanonicalJson.encode(sample()));
    }

    @Test
    void jsonEscapesControlCharactersAndLoneSurrogates() throws Exception {
        String json = CanonicalJson.encodeToString(sample(), CanonicalJson.Escaping.JSON);
        assertThat(json)
                .isEqualTo(
                        "{\"a\":1,\"m\":[true,null],\"z\":\"a\\u0001b\\nc\\t\\\"q\\\"\\\\\u007f\u2028\uD83D\uDE00\\ud800\"}");
        JsonNode back = Json.mapper().readTree(json);
        assertThat(back.get("z").textValue()).isEqualTo(sample().get("z").textValue());
        assertThat(CanonicalJson.encode(sample(), CanonicalJson.Escaping.JSON))
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shortEscapesAndLowerCaseHex() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        String json = CanonicalJson.encodeToString(
                Json.mapper().getNodeFactory().textNode(all.toString()), CanonicalJson.Escaping.JSON);
        assertThat(json)
                .isEqualTo(
                        "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
                                + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\"");
    }

    @Test
    void aKeyWithALoneSurrogateOrAFractionIsRefused() {
        ObjectNode key = Json.mapper().createObjectNode();
        key.put("\uDC00", 1);
        assertThatThrownBy(() -> CanonicalJson.encode(key, CanonicalJson.Escaping.JSON))
                .isInstanceOf(IllegalArgumentException.class);
        ObjectNode fraction = Json.mapper().createObjectNode();
        fraction.put("x", 1.5);
        assertThatThrownBy(() -> CanonicalJson.encode(fraction, CanonicalJson.Escaping.JSON))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
