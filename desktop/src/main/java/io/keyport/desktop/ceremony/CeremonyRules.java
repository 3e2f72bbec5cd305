package io.keyport.desktop.ceremony;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every ceremony state obeys, checked whenever a ceremony file is read, so that a file
 * edited by hand or damaged on the USB stick is refused before anything is signed or sent: the root's
 * version fits the kind (1 for a bootstrap, trusted + 1 otherwise), and every signature on it is by a
 * root key of the trusted or the new root and verifies over the root's canonical bytes.
 */
final class CeremonyRules {

    private CeremonyRules() {}

    static void check(Ceremony c) {
        long version = c.root().signed().version();
        if (c.kind() == Ceremony.Kind.BOOTSTRAP) {
            if (version != 1 || c.trustedRoot() != null) {
                throw new CeremonyException("a bootstrap signs root version 1 and follows no trusted root; this"
                        + " ceremony file holds version " + version + ": it was changed outside Keyport");
            }
        } else {
            if (c.trustedRoot() == null) {
                throw new CeremonyException("this ceremony file has no trusted root: it was changed outside Keyport");
            }
            long trusted = c.trustedRoot().signed().version();
            if (version != trusted + 1) {
                throw new CeremonyException("the new root must be version " + (trusted + 1) + " (the trusted root is"
                        + " version " + trusted + "), not " + version);
            }
        }
        Set<String> seen = new HashSet<>();
        for (Signature s : c.root().signatures()) {
            if (!seen.add(s.keyId())) {
                throw new CeremonyException("root holds two signatures by key " + s.keyId());
            }
            Key key = rootKey(c, s.keyId())
                    .orElseThrow(() -> new CeremonyException("root holds a signature by key " + s.keyId()
                            + ", which is not a root key of " + (c.trustedRoot() == null ? "this root" : "either root")
                            + ": the ceremony file was changed outside Keyport; continue from a good copy"));
            if (!verifies(key, c.root().signedBytes(), s)) {
                throw new CeremonyException("the signature by key " + s.keyId() + " does not verify over root version "
                        + c.root().signed().version() + ": the root or the signature was changed");
            }
        }
    }

    /** Whether a signature verifies; a key the platform cannot use verifies nothing. */
    static boolean verifies(Key key, byte[] payload, Signature signature) {
        try {
            return key.verify(payload, signature.bytes());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A root key of the root being signed or of the trusted root. */
    static Optional<Key> rootKey(Ceremony c, String keyId) {
        Optional<Key> key = rootKey(c.root(), keyId);
        return key.isPresent() || c.trustedRoot() == null ? key : rootKey(c.trustedRoot(), keyId);
    }

    static Optional<Key> rootKey(Metadata<Root> root, String keyId) {
        Root r = root.signed();
        return r.role(Root.TYPE).keyIds().contains(keyId)
                ? Optional.ofNullable(r.keys().get(keyId))
                : Optional.empty();
    }
}
