package io.keyport.backend.appstore;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Turns a Secret that client-go sent as Kubernetes protobuf into JSON, for the mock API server,
 * which reads JSON only. Helm keeps its release records in Secrets through the typed clientset, which
 * writes protobuf; everything else it applies goes as JSON. Reads the envelope ({@code k8s\0} and
 * runtime.Unknown) and the fields of Secret and ObjectMeta that Helm sets (field numbers of the
 * Kubernetes API's generated.proto); other fields are skipped.
 */
final class ProtobufSecrets {

    private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

    private ProtobufSecrets() {}

    static boolean isProtobuf(byte[] body) {
        return body.length > 4 && Arrays.equals(Arrays.copyOf(body, 4), MAGIC);
    }

    /** The JSON of the Secret in {@code body} (a protobuf envelope). */
    static String toJson(byte[] body) {
        Reader unknown = new Reader(Arrays.copyOfRange(body, 4, body.length));
        byte[] raw = null;
        while (unknown.more()) {
            int tag = unknown.varint32();
            if (tag >>> 3 == 2 && (tag & 7) == 2) {
                raw = unknown.bytes();
                break; // contentEncoding and contentType, if any, are empty for Secrets
            } else {
                unknown.skip(tag);
            }
        }
        if (raw == null) {
            throw new IllegalArgumentException("no object in the protobuf envelope");
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode secret = f.objectNode().put("apiVersion", "v1").put("kind", "Secret");
        Reader r = new Reader(raw);
        while (r.more()) {
            int tag = r.varint32();
            int field = tag >>> 3;
            if (field == 1 && (tag & 7) == 2) {
                secret.set("metadata", meta(r.bytes()));
            } else if (field == 2 && (tag & 7) == 2) {
                String[] kv = entry(r.bytes(), true);
                secret.with("data").put(kv[0], kv[1]);
            } else if (field == 3 && (tag & 7) == 2) {
                secret.put("type", r.string());
            } else if (field == 4 && (tag & 7) == 2) {
                String[] kv = entry(r.bytes(), false);
                secret.with("stringData").put(kv[0], kv[1]);
            } else if (field == 5 && (tag & 7) == 0) {
                secret.put("immutable", r.varint() != 0);
            } else {
                r.skip(tag);
            }
        }
        return secret.toString();
    }

    private static ObjectNode meta(byte[] bytes) {
        ObjectNode meta = JsonNodeFactory.instance.objectNode();
        Reader r = new Reader(bytes);
        while (r.more()) {
            int tag = r.varint32();
            int field = tag >>> 3;
            if ((tag & 7) == 2 && (field == 1 || field == 2 || field == 3 || field == 5 || field == 6)) {
                String name = switch (field) {
                    case 1 -> "name";
                    case 2 -> "generateName";
                    case 3 -> "namespace";
                    case 5 -> "uid";
                    default -> "resourceVersion";
                };
                String value = r.string();
                if (!value.isEmpty()) {
                    meta.put(name, value);
                }
            } else if ((tag & 7) == 2 && (field == 11 || field == 12)) {
                String[] kv = entry(r.bytes(), false);
                meta.with(field == 11 ? "labels" : "annotations").put(kv[0], kv[1]);
            } else {
                r.skip(tag);
            }
        }
        return meta;
    }

    /** A map entry (key 1, value 2); the value base64-encoded when it is bytes. */
    private static String[] entry(byte[] bytes, boolean base64) {
        Reader r = new Reader(bytes);
        String key = "";
        byte[] value = new byte[0];
        while (r.more()) {
            int tag = r.varint32();
            if (tag >>> 3 == 1 && (tag & 7) == 2) {
                key = r.string();
            } else if (tag >>> 3 == 2 && (tag & 7) == 2) {
                value = r.bytes();
            } else {
                r.skip(tag);
            }
        }
        return new String[] {
            key, base64 ? Base64.getEncoder().encodeToString(value) : new String(value, StandardCharsets.UTF_8)
        };
    }

    private static final class Reader {
        private final byte[] b;
        private int pos;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return pos < b.length;
        }

        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte x = b[pos++];
                value |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return value;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        int varint32() {
            return (int) varint();
        }

        byte[] bytes() {
            int n = varint32();
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String string() {
            return new String(bytes(), StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> {
                    int n = varint32(); // read first: "pos += varint32()" would add to the old pos
                    pos += n;
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("wire type " + (tag & 7));
            }
        }
    }

    /** For tests of this class: bytes of a length-delimited field. */
    static byte[] field(int number, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeVarint(out, (number << 3) | 2);
        writeVarint(out, content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
