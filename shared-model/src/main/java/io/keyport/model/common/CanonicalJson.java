package io.keyport.model.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON as the TUF specification uses it (the OLPC dialect): object keys sorted by code
 * point, no insignificant whitespace, strings escaping only {@code "} and {@code \}, integers
 * only. The same bytes must come out on the server that signs or hashes and on the console that
 * verifies, so this is the single implementation.
 *
 * <p>It does not accept floating-point numbers: the dialect has none, and a hash over a float's
 * rendering would not be reproducible.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** Encodes a tree as canonical UTF-8 bytes. */
    public static byte[] encode(JsonNode node) {
        StringBuilder out = new StringBuilder(256);
        write(node, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Encodes any value Jackson can turn into a tree. */
    public static byte[] encode(Object value) {
        return encode(Json.mapper().valueToTree(value));
    }

    private static void write(JsonNode node, StringBuilder out) {
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
                    writeString(field.getKey(), out);
                    out.append(':');
                    write(field.getValue(), out);
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(node.get(i), out);
                }
                out.append(']');
            }
            case STRING -> writeString(node.textValue(), out);
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

    private static void writeString(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }

    private static int compareCodePoints(String a, String b) {
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
