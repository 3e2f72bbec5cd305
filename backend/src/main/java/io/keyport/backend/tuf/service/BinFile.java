package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Signed;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.TufJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The canonical bytes of a hash bin put together from the canonical fragments of its targets, so a
 * publication encodes only the targets that changed (decision 0059). A fragment is one member of
 * the bin's {@code targets} object, {@code "<path>":{"custom":..,"hashes":{..},"length":n}}, as
 * the model's canonical JSON writes it; the bin is the canonical form of an empty bin with the
 * fragments, in code-point order of their paths, between the braces of {@code targets}. The result
 * is byte for byte {@code Targets.canonicalBytes()} of the same bin ({@code BinFileTest}); it is
 * only for bins, which have no delegations and no unknown fields.
 */
final class BinFile {

    private static final byte[] EMPTY_TARGETS = "\"targets\":{}".getBytes(StandardCharsets.US_ASCII);

    private BinFile() {}

    /** The canonical member {@code "<path>":<target>} of a bin's {@code targets} object. */
    static byte[] fragment(String path, TargetFile target) {
        ObjectNode member = Json.mapper().createObjectNode();
        member.set(path, target.toJson());
        byte[] object = TufJson.canonical(member);
        return Arrays.copyOfRange(object, 1, object.length - 1);
    }

    /**
     * The canonical bytes of a bin at {@code version} listing {@code fragments} (keyed by path, in
     * code-point order, as {@link io.keyport.model.common.CanonicalJson#compareCodePoints} sorts).
     */
    static byte[] canonical(long version, Instant expires, NavigableMap<String, byte[]> fragments) {
        byte[] shell = new Targets(Signed.SPEC_VERSION, version, expires, Map.of(), null, Map.of()).canonicalBytes();
        int at = indexOf(shell, EMPTY_TARGETS);
        if (at < 0 || indexOf(Arrays.copyOfRange(shell, at + 1, shell.length), EMPTY_TARGETS) >= 0) {
            throw new IllegalStateException("an empty bin's canonical form has no single empty targets object");
        }
        int open = at + EMPTY_TARGETS.length - 1; // the index of the closing brace of "targets":{}
        int length = shell.length + Math.max(0, fragments.size() - 1);
        for (byte[] f : fragments.values()) {
            length += f.length;
        }
        byte[] out = new byte[length];
        System.arraycopy(shell, 0, out, 0, open);
        int pos = open;
        boolean first = true;
        for (byte[] f : fragments.values()) {
            if (!first) {
                out[pos++] = ',';
            }
            first = false;
            System.arraycopy(f, 0, out, pos, f.length);
            pos += f.length;
        }
        System.arraycopy(shell, open, out, pos, shell.length - open);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
