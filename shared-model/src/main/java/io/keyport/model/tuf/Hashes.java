package io.keyport.model.tuf;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/** Length and hash checks shared by {@link MetaFile} and {@link TargetFile}. */
final class Hashes {

    private Hashes() {}

    static void verify(byte[] data, Long length, Map<String, String> hashes, String what) {
        if (length != null && data.length != length) {
            throw new TufException(
                    TufException.Reason.LENGTH_OR_HASH_MISMATCH,
                    what + ": length " + data.length + " differs from the listed " + length);
        }
        for (Map.Entry<String, String> hash : hashes.entrySet()) {
            byte[] actual = TufJson.digest(hash.getKey(), data);
            byte[] expected;
            try {
                expected = HexFormat.of().parseHex(hash.getValue());
            } catch (IllegalArgumentException e) {
                expected = new byte[0];
            }
            if (!MessageDigest.isEqual(actual, expected)) {
                throw new TufException(
                        TufException.Reason.LENGTH_OR_HASH_MISMATCH,
                        what + ": " + hash.getKey() + " " + HexFormat.of().formatHex(actual)
                                + " differs from the listed " + hash.getValue());
            }
        }
    }
}
