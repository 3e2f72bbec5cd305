package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.RoleKeys;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.VerificationResult;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Custom delegated roles signed by offline keys (decision 0058), pure: the {@code keys} of a
 * delegations payload (each a TUF key object under its keyid), a role's {@code keyids} and
 * {@code threshold}, and the signatures of a role's version waiting for them, checked against the
 * keys top-level targets names for the role. It does not publish anything ({@link RepositoryPublisher}
 * and {@link TufTasks} do); anything wrong is a 422 naming it.
 */
final class OfflineRoles {

    private OfflineRoles() {}

    /** The most offline keys one payload may name. */
    static final int MAX_KEYS = 100;

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{64}");

    /**
     * The offline keys of {@code {"keyid": {keytype, scheme, keyval: {public}}, ...}}: each keyid must
     * be the key's own (over the whole object or, as securesystemslib and RSTUF, over keytype, scheme
     * and keyval), each key one the platform verifies with, none an online key of this server.
     */
    static Map<String, Key> keys(JsonNode node, String at, Predicate<String> online) {
        Map<String, Key> keys = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return keys;
        }
        BootstrapPayload.object(node, at);
        if (node.size() > MAX_KEYS) {
            throw RstufError.invalid(at + " may name at most " + MAX_KEYS + " keys");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String keyId = e.getKey();
            String where = at + "." + keyId;
            if (!KEY_ID.matcher(keyId).matches()) {
                throw RstufError.invalid(at + " must be keyed by 64 lower-case hex characters: " + keyId);
            }
            Key key = key(e.getValue(), where);
            if (!key.matchesKeyId(keyId)) {
                throw RstufError.invalid(where + " is not the keyid of the key it names");
            }
            if (online.test(keyId) || online.test(key.keyId()) || online.test(key.coreKeyId())) {
                throw RstufError.invalid(where + " is an online key of this server; a role signed by the online"
                        + " key has empty keyids (mixing online and offline keys is not supported)");
            }
            keys.put(keyId, key);
        }
        return keys;
    }

    /** A TUF key object: {@code keytype}, {@code scheme}, {@code keyval.public} and text {@code x-} fields. */
    static Key key(JsonNode node, String where) {
        BootstrapPayload.object(node, where);
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (Set.of("keytype", "scheme", "keyval").contains(name)) {
                continue;
            }
            if (!name.startsWith("x-") || !e.getValue().isTextual()) {
                throw RstufError.invalid(
                        where + " has a field other than keytype, scheme, keyval and text x- fields: " + name);
            }
            extra.put(name, e.getValue());
        }
        JsonNode keyVal = BootstrapPayload.object(node.get("keyval"), where + ".keyval");
        BootstrapPayload.only(keyVal, where + ".keyval", "public");
        Key key;
        try {
            key = new Key(
                    BootstrapPayload.text(node.get("keytype"), where + ".keytype"),
                    BootstrapPayload.text(node.get("scheme"), where + ".scheme"),
                    Map.of("public", BootstrapPayload.text(keyVal.get("public"), where + ".keyval.public")),
                    extra);
            key.toPublicKey(); // a key the platform cannot use would never count
        } catch (io.keyport.backend.http.ApiException e) {
            throw e;
        } catch (RuntimeException e) { // the model refuses odd keys in its own ways; all are bad input
            throw RstufError.invalid(where + " is not a supported TUF key (" + e.getMessage() + ")");
        }
        return key;
    }

    /**
     * A role's signers: {@code keyids} empty or absent means the online key (threshold absent or 1);
     * otherwise distinct keyids of {@code keys} and a {@code threshold} from 1 to their number.
     */
    static List<String> keyIds(JsonNode role, String where, Map<String, Key> keys) {
        JsonNode keyIds = role.get("keyids");
        JsonNode threshold = role.get("threshold");
        if (keyIds == null || keyIds.isNull() || (keyIds.isArray() && keyIds.isEmpty())) {
            if (threshold != null && !(threshold.isIntegralNumber() && threshold.intValue() == 1)) {
                throw RstufError.invalid(where + ".threshold must be 1 for a role signed by the online key");
            }
            return List.of();
        }
        if (!keyIds.isArray() || keyIds.size() > MAX_KEYS) {
            throw RstufError.invalid(where + ".keyids must be a list of up to " + MAX_KEYS + " keyids");
        }
        Set<String> ids = new java.util.LinkedHashSet<>();
        for (JsonNode id : keyIds) {
            String keyId = BootstrapPayload.text(id, where + ".keyids[]");
            if (!keys.containsKey(keyId)) {
                throw RstufError.invalid(where + ".keyids names " + keyId + ", which delegations.keys does not hold");
            }
            if (!ids.add(keyId)) {
                throw RstufError.invalid(where + ".keyids names " + keyId + " twice");
            }
        }
        if (threshold == null
                || !threshold.isIntegralNumber()
                || !threshold.canConvertToInt()
                || threshold.intValue() < 1
                || threshold.intValue() > ids.size()) {
            throw RstufError.invalid(where + ".threshold must be from 1 to the number of keyids (" + ids.size() + ")");
        }
        return List.copyOf(ids);
    }

    /** The offline keys as stored in the settings: keyid to the key object. */
    static Map<String, JsonNode> stored(Map<String, Key> keys) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        keys.forEach((id, key) -> out.put(id, key.toJson()));
        return out;
    }

    /** The stored offline keys as TUF keys. */
    static Map<String, Key> keys(Map<String, JsonNode> stored) {
        Map<String, Key> out = new LinkedHashMap<>();
        stored.forEach((id, node) -> out.put(id, key(node, "stored key " + id)));
        return out;
    }

    /**
     * Checks one signature of {@code role}'s waiting version: by a key that {@code delegator} (the
     * published top-level targets) names for the role, valid over the waiting version's signed bytes.
     */
    static void checkSignature(Targets delegator, String role, Metadata<?> pending, Signature signature) {
        RoleKeys keys = delegator
                .delegatedRole(role)
                .orElseThrow(() -> RstufError.invalid("targets does not delegate to " + role));
        Key key = keys.keyIds().contains(signature.keyId())
                ? delegator.delegatedKey(signature.keyId()).orElse(null)
                : null;
        if (key == null) {
            throw RstufError.invalid("key " + signature.keyId() + " is not a key of role " + role);
        }
        boolean valid;
        try {
            valid = key.verify(pending.signedBytes(), signature.bytes());
        } catch (RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            throw RstufError.invalid("the signature by key " + signature.keyId() + " does not verify over " + role
                    + " version " + pending.signed().version());
        }
    }

    /** Who signed {@code role}'s waiting version and who still has to, in the shape of a root's progress. */
    static Map<String, Object> progress(Targets delegator, String role, Metadata<?> pending) {
        VerificationResult r = delegator.verificationResult(role, pending);
        Map<String, Object> threshold = new LinkedHashMap<>();
        threshold.put("threshold", r.threshold());
        threshold.put("signed", List.copyOf(r.signed()));
        threshold.put("unsigned", List.copyOf(r.unsigned()));
        threshold.put("missing", r.missing());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", pending.signed().version());
        out.put("delegator", Targets.TYPE);
        out.put("trusted", null);
        out.put("new", threshold);
        out.put("verified", r.verified());
        return out;
    }
}
