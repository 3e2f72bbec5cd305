package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * OLPC canonical JSON byte for byte, with the rules of securesystemslib's {@code encode_canonical}: only
 * {@code \} and {@code "} escaped, every other character raw UTF-8, keys sorted by code point, no
 * whitespace, integers only. Each vector is parsed from JSON text and encoded.
 */
class TufCanonicalJsonTest {

    private static String canonical(String json) {
        return new String(
                TufJson.canonical(TufJson.parse(json.getBytes(StandardCharsets.UTF_8))), StandardCharsets.UTF_8);
    }

    @Test
    void escapesOnlyBackslashAndQuote() {
        // JSON text: "a\"b\\c\/d\n\t\u0001" -> quote and backslash escaped, slash plain, controls raw
        assertThat(canonical("\"a\\\"b\\\\c\\/d\\n\\t\\u0001\"")).isEqualTo("\"a\\\"b\\\\c/d\n\t\u0001\"");
    }

    @Test
    void nonAsciiIsRawUtf8() {
        byte[] bytes = TufJson.canonical(
                TufJson.parse("{\"k\":\"\\u00fcber \\u20ac \\ud83d\\ude00\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(bytes).isEqualTo(new byte[] {
            '{',
            '"',
            'k',
            '"',
            ':',
            '"',
            (byte) 0xc3,
            (byte) 0xbc,
            'b',
            'e',
            'r',
            ' ',
            (byte) 0xe2,
            (byte) 0x82,
            (byte) 0xac,
            ' ',
            (byte) 0xf0,
            (byte) 0x9f,
            (byte) 0x98,
            (byte) 0x80,
            '"',
            '}'
        });
    }

    @Test
    void keysSortByCodePointNotByUtf16() {
        // U+FFFF sorts before U+1F600 by code point; by UTF-16 units (D83D) it would come after.
        assertThat(canonical(
                        "{\"\\ud83d\\ude00\":1,\"\\uffff\":2,\"b\":3,\"B\":4,\"a\":5,\"\":6,\"aa\":7,\"\\u00e9\":8}"))
                .isEqualTo("{\"\":6,\"B\":4,\"a\":5,\"aa\":7,\"b\":3,\"\u00e9\":8,\"\uffff\":2,\"\ud83d\ude00\":1}");
    }

    @Test
    void integersAsWritten() {
        assertThat(canonical("[0,-1,1,9007199254740993,-9223372036854775808,123456789012345678901234567890]"))
                .isEqualTo("[0,-1,1,9007199254740993,-9223372036854775808,123456789012345678901234567890]");
    }

    @Test
    void nestingWithoutWhitespace() {
        assertThat(canonical(" { \"z\" : [ true , false , null , { \"y\" : { } , \"x\" : [ ] } ] , \"a\" : \"\" } "))
                .isEqualTo("{\"a\":\"\",\"z\":[true,false,null,{\"x\":[],\"y\":{}}]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1e3", "-0.5", "[1,2.5]", "{\"a\":{\"b\":1E-2}}"})
    void floatsAreRefused(String json) {
        assertThatThrownBy(() -> canonical(json))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.Reason.MALFORMED))
                .hasMessageContaining("floating-point");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"a\":2}", "\"\\ud800\"", "{\"\\udc00\":1}", "{} {}", "{\"a\":1", "", "NaN"})
    void ambiguousOrInvalidJsonIsRefused(String json) {
        assertThatThrownBy(() -> canonical(json))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.Reason.MALFORMED));
    }

    @Test
    void writtenJsonIsSortedAndValid() {
        var tree = TufJson.parse("{\"b\":\"x\\ny\",\"a\":[1,{\"d\":2,\"c\":3}]}".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(TufJson.write(tree), StandardCharsets.UTF_8))
                .isEqualTo("{\"a\":[1,{\"c\":3,\"d\":2}],\"b\":\"x\\ny\"}");
        assertThat(TufJson.parse(TufJson.writePretty(tree))).isEqualTo(tree);
    }
}
