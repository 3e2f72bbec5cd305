package io.keyport.desktop.tuf;

import java.time.Instant;
import java.util.List;

/**
 * One published role as the console shows it: version, expiry, the keys that may sign it (with the
 * holder's name where the metadata gives one) and which of them signed validly, and the threshold.
 * A delegated role beyond the reader's limit is listed with its version from the snapshot only
 * ({@link #loaded()} false).
 *
 * @param validSignatures distinct keys whose signature verified against the delegating role
 * @param online whether the server's online key is one of its keys
 */
public record RoleStatus(
        Kind kind,
        String name,
        long version,
        Instant expires,
        int threshold,
        List<Signer> signers,
        int validSignatures,
        boolean online,
        boolean loaded) {

    /** Root, the other top-level roles, and the delegated roles (hash bins or named roles). */
    public enum Kind {
        ROOT,
        TOP_LEVEL,
        DELEGATED
    }

    /** A key that may sign the role: its keyid, the holder's name or null, and whether it signed. */
    public record Signer(String keyId, String name, boolean signed) {

        /** {@code name (1a2b3c4d)} or the short keyid alone. */
        public String label() {
            String shortId = keyId.length() > 8 ? keyId.substring(0, 8) : keyId;
            return name == null ? shortId : name + " (" + shortId + ")";
        }
    }

    static RoleStatus notLoaded(String name, long version) {
        return new RoleStatus(Kind.DELEGATED, name, version, null, 0, List.of(), 0, false, false);
    }

    /** Whether its valid signatures reach the threshold. */
    public boolean signedEnough() {
        return loaded && threshold > 0 && validSignatures >= threshold;
    }
}
