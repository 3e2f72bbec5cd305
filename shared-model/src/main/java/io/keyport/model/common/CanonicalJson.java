package io.keyport.model.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON: object keys sorted by code point, no insignificant whitespace, integers only,
 * in one of two {@link Escaping string escapings}.
 *
 * <ul>
 *   <li>{@link Escaping#OLPC} is the dialect the TUF specification signs: strings escape only
 *       {@code "} and {@code \}, every other character is written as it is (control characters
 *       included, so the output is not always valid JSON). {@link #encode(JsonNode)} uses it; TUF
 *       metadata needs exactly these bytes, so it never changes.</li>
 *   <li>{@link Escaping#JSON} escapes every character the JSON grammar (RFC 8259) requires, so the
 *       output is always valid JSON and parses back to the same tree: {@code "} and {@code \} as
 *       {@code \"} and {@code \\}; U+0008, U+0009, U+000A, U+000C, U+000D as {@code \b \t \n \f \r};
 *       the other characters U+0000–U+001F, and any unpaired surrogate, as <code>&#92;uxxxx</code>
 *       with four lower-case hex digits; everything else, U+007F, U+2028 and non-BMP characters
 *       included, as UTF-8. An object key with an unpaired surrogate is refused
 *       ({@link IllegalArgumentException}), since JSON parsers refuse it in a name. The audit log's
 *       hash rule 2 uses it.</li>
 * </ul>
 *
 * <p>The same bytes must come out on the server that signs or hashes and on the console that
 * verifies, so this is the single implementation. It does not accept floating-point numbers: the
 * dialects have none, and a hash over a float's rendering would not be reproducible.
 */
public final class CanonicalJson {

    /** How strings are escaped. */
    public enum Escaping {
        /** Only {@code "} and {@code \\}: the OLPC/TUF dialect. */
        OLPC,
        /** Everything the JSON grammar requires, unpaired surrogates included: always valid JSON. */
        JSON
    }

    private CanonicalJson() {}

    /** Encodes a tree as canonical UTF-8 bytes in the OLPC (TUF) dialect. */
    public static byte[] encode(JsonNode node) {
        return encode(node, Escaping.OLPC);
    }

    /** Encodes any value Jackson can turn into a tree, in the OLPC (TUF) dialect. */
    public static byte[] encode(Object value) {
        return encode(Json.mapper().valueToTree(value));
    }

    /** Encodes a tree as canonical UTF-8 bytes with the given string escaping. */
    public static byte[] encode(JsonNode node, Escaping escaping) {
        return encodeToString(node, escaping).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The canonical text before UTF-8 encoding. With {@link Escaping#JSON} it is pure Unicode (no
     * unpaired surrogates), so its UTF-8 bytes are exactly those of {@link #encode(JsonNode, Escaping)}.
     */
    public static String encodeToString(JsonNode node, Escaping escaping) {
        StringBuilder out = new StringBuilder(256);
        write(node, out, escaping);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out, Escaping escaping) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
                Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                it.forEachRemaining(fields::add);
                fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : fields) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    if (escaping == Escaping.JSON && hasUnpairedSurrogate(field.getKey())) {
                        // JSON parsers (Jackson among them) refuse an escaped lone surrogate in a name.
                        throw new IllegalArgumentException("canonical JSON has no keys with unpaired surrogates");
                    }
                    writeString(field.getKey(), out, escaping);
                    out.append(':');
                    write(field.getValue(), out, escaping);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out, escaping);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out, escaping);
            case NUMBER -> {
                if (!node.isIntegralNumber()) {
                    throw new IllegalArgumentException("canonical JSON has no floating-point numbers: " + node);
                }
                out.append(node.bigIntegerValue());
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void writeString(String value, StringBuilder out, Escaping escaping) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (escaping == Escaping.OLPC) {
                out.append(c);
            } else if (c < 0x20) {
                switch (c) {
                    case '\b' -> out.append("\\b");
                    case '\t' -> out.append("\\t");
                    case '\n' -> out.append("\\n");
                    case '\f' -> out.append("\\f");
                    case '\r' -> out.append("\\r");
                    default -> unicodeEscape(c, out);
                }
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c, out);
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /** Whether {@code text} holds a surrogate that is not half of a pair. */
    public static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static void unicodeEscape(char c, StringBuilder out) {
        String hex = Integer.toHexString(c);
        out.append("\\u").append("0".repeat(4 - hex.length())).append(hex);
    }

    /** Compares strings by Unicode code point (not by UTF-16 unit): the key order of canonical JSON. */
    public static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
