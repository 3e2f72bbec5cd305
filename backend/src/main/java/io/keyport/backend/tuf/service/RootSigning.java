package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Role;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.RootVerificationResult;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks of a root rotation (RSTUF's {@code POST /api/v1/metadata} and the signatures of
 * {@code POST /api/v1/metadata/sign}), pure: a new root must be version n+1 of the trusted root,
 * use consistent snapshots, not be expired, name one online key the server holds for targets,
 * snapshot and timestamp (threshold 1, not a root key), and carry only valid signatures, each by a
 * root key of the trusted or of the new root. It is published once it reaches both thresholds;
 * until then it waits for signatures. Anything else is a 422 naming what is wrong.
 */
final class RootSigning {

    private RootSigning() {}

    /** The root of {@code {"metadata": {"root": <signed metadata>}}}. */
    static Metadata<Root> parseUpdate(JsonNode body) {
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "metadata");
        JsonNode metadata = BootstrapPayload.object(BootstrapPayload.field(body, "metadata"), "metadata");
        BootstrapPayload.only(metadata, "metadata", "root");
        return parseRoot(BootstrapPayload.field(metadata, "root"), "metadata.root");
    }

    static Metadata<Root> parseRoot(JsonNode node, String where) {
        try {
            return Metadata.fromJson(node).as(Root.class);
        } catch (TufException | IllegalArgumentException e) {
            throw RstufError.invalid(where + " is not TUF root metadata: " + e.getMessage());
        } catch (RuntimeException e) { // whatever else the model throws on odd input is still bad input
            throw RstufError.invalid(
                    where + " is not TUF root metadata (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Role names of signing events and forced updates: RSTUF's guard against traversal. */
    static final Pattern ROLE = Pattern.compile("[a-zA-Z0-9_-]{1,255}");

    private static final Pattern HEX = Pattern.compile("([0-9a-f]{2}){1,1024}");

    /** One signature for a signing event: {@code {"role", "signature": {"keyid", "sig"}}}. */
    record SignRequest(String role, Signature signature) {}

    static SignRequest parseSignature(JsonNode body) {
        BootstrapPayload.object(body, "the body");
        BootstrapPayload.only(body, "the body", "role", "signature");
        String role = role(body);
        JsonNode sig = BootstrapPayload.object(BootstrapPayload.field(body, "signature"), "signature");
        BootstrapPayload.only(sig, "signature", "keyid", "sig");
        String keyId = BootstrapPayload.text(BootstrapPayload.field(sig, "keyid"), "signature.keyid");
        String hex = BootstrapPayload.text(BootstrapPayload.field(sig, "sig"), "signature.sig");
        if (keyId.length() != 64 || !HEX.matcher(keyId).matches()) {
            throw RstufError.invalid("signature.keyid must be 64 lower-case hex characters");
        }
        if (!HEX.matcher(hex).matches()) {
            throw RstufError.invalid("signature.sig must be lower-case hex");
        }
        return new SignRequest(role, new Signature(keyId, hex, java.util.Map.of()));
    }

    /** The {@code role} field of a signing request. */
    static String role(JsonNode body) {
        String role = BootstrapPayload.text(BootstrapPayload.field(body, "role"), "role");
        if (!ROLE.matcher(role).matches()) {
            throw RstufError.invalid("role must match [a-zA-Z0-9_-]{1,255}");
        }
        return role;
    }

    static Metadata<Root> readRoot(String stored) {
        return Metadata.fromBytes(stored.getBytes(StandardCharsets.UTF_8), Root.class);
    }

    /**
     * Checks a new root against the trusted one; returns the keyid of the online key it names.
     *
     * @param held which online keys the server holds, by keyid
     */
    static String check(Metadata<Root> trusted, Metadata<Root> next, Instant now, KeyLookup held) {
        Root t = trusted.signed();
        Root n = next.signed();
        if (n.version() != t.version() + 1) {
            throw RstufError.invalid("metadata.root must be version " + (t.version() + 1)
                    + " (the trusted root is version " + t.version() + "), not " + n.version());
        }
        if (!n.isConsistentSnapshot()) {
            throw RstufError.invalid("metadata.root must set consistent_snapshot to true");
        }
        if (n.isExpired(now)) {
            throw RstufError.invalid("metadata.root has expired");
        }
        String online = null;
        for (String role : List.of(Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE)) {
            Role r = n.role(role);
            if (r.keyIds().size() != 1
                    || r.threshold() != 1
                    || (online != null && !online.equals(r.keyIds().get(0)))) {
                throw RstufError.invalid("metadata.root must name one online key, the same, as the only key of targets,"
                        + " snapshot and timestamp, with threshold 1");
            }
            online = r.keyIds().get(0);
        }
        Key listed = n.keys().get(online);
        Optional<Key> ours = held.publicKey(online);
        if (listed == null || ours.isEmpty() || !BootstrapPayload.sameKey(listed, ours.get())) {
            throw RstufError.invalid("metadata.root names the online key " + online + ", which this server does not"
                    + " hold: generate one with POST /api/v1/keys/online or put its key file beside"
                    + " KEYPORT_TUF_ONLINE_KEY");
        }
        if (n.role(Root.TYPE).keyIds().contains(online)) {
            throw RstufError.invalid("the online key must not be a root key");
        }
        if (next.signatures().isEmpty()) {
            throw RstufError.invalid("metadata.root has no signature");
        }
        RootVerificationResult result = t.rotationResult(next);
        Set<String> seen = new HashSet<>();
        for (Signature s : next.signatures()) {
            if (!seen.add(s.keyId())) {
                throw RstufError.invalid("metadata.root has two signatures by key " + s.keyId());
            }
            if (!result.trusted().signed().contains(s.keyId())
                    && !result.next().signed().contains(s.keyId())) {
                throw RstufError.invalid("the signature by key " + s.keyId()
                        + " is not a valid signature of a root key of the trusted or the new root");
            }
        }
        return online;
    }

    /** Checks one signature of a pending root: by a root key of either root, and valid over its signed bytes. */
    static void checkSignature(Metadata<Root> trusted, Metadata<Root> pending, Signature signature) {
        Key key = rootKey(trusted.signed(), signature.keyId())
                .or(() -> rootKey(pending.signed(), signature.keyId()))
                .orElseThrow(() -> RstufError.invalid("key " + signature.keyId()
                        + " is not a root key of the trusted root or of the root waiting for signatures"));
        boolean valid;
        try {
            valid = key.verify(pending.signedBytes(), signature.bytes());
        } catch (RuntimeException e) {
            valid = false; // a key the platform cannot use verifies nothing
        }
        if (!valid) {
            throw RstufError.invalid("the signature by key " + signature.keyId() + " does not verify over root version "
                    + pending.signed().version());
        }
    }

    private static Optional<Key> rootKey(Root root, String keyId) {
        return root.role(Root.TYPE).keyIds().contains(keyId)
                ? Optional.ofNullable(root.keys().get(keyId))
                : Optional.empty();
    }

    /** Who signed and who still has to, for the trusted and the new root's threshold (Keyport's addition to RSTUF). */
    static Map<String, Object> progress(Metadata<Root> trusted, Metadata<Root> pending) {
        RootVerificationResult result = trusted.signed().rotationResult(pending);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", pending.signed().version());
        out.put("trusted", progress(result.trusted()));
        out.put("new", progress(result.next()));
        out.put("verified", result.verified());
        return out;
    }

    /**
     * Who signed and who still has to for root v1 of a bootstrap in {@code signing}: there is no
     * trusted root yet ({@code trusted} is null), only root v1's own threshold counts.
     */
    static Map<String, Object> progress(Metadata<Root> initial) {
        VerificationResult result = initial.signed().verificationResult(Root.TYPE, initial);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", initial.signed().version());
        out.put("trusted", null);
        out.put("new", progress(result));
        out.put("verified", result.verified());
        return out;
    }

    private static Map<String, Object> progress(VerificationResult r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("threshold", r.threshold());
        out.put("signed", List.copyOf(r.signed()));
        out.put("unsigned", List.copyOf(r.unsigned()));
        out.put("missing", r.missing());
        return out;
    }

    /** The public keys of the online keys the server holds. */
    @FunctionalInterface
    interface KeyLookup {
        Optional<Key> publicKey(String keyId);
    }
}
