package io.keyport.backend.tuf.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Role;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.VerificationResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bootstrap payload of an RSTUF ceremony ({@code tuf.md} section 3), checked before anything is
 * accepted: per-role expirations, exactly one of hash bins (a power of two from 2 to 16384) and
 * custom delegations (signed by the online key or by offline keys, decision 0058), and root version 1 with consistent snapshots, naming this
 * server's online key (threshold 1) for targets, snapshot and timestamp, and signed by at least one
 * of its own root keys, every signature valid. Anything else is a 422 naming what is wrong. A root
 * below its threshold is accepted: the bootstrap then waits in {@code signing} for the rest
 * ({@link #complete()}).
 */
public record BootstrapPayload(RepositorySettings settings, Metadata<Root> root) {

    /** Whether root v1 already reaches its own root threshold (otherwise the bootstrap waits for signatures). */
    public boolean complete() {
        return root.signed().verificationResult(Root.TYPE, root).verified();
    }

    /** The most days any role may be valid for (RSTUF sets no limit; a century is plenty). */
    static final int MAX_DAYS = 36_500;

    static final int MAX_BINS = 16_384;
    /** Delegated role names: RSTUF's guard against path traversal in file names. */
    static final Pattern ROLE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private static final Set<String> TOP_LEVEL = Set.of(Root.TYPE, Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE);

    /** Parses and checks a payload against the online key; 422 for anything wrong. */
    public static BootstrapPayload parse(JsonNode body, Key onlineKey, Instant now) {
        object(body, "the body");
        only(body, "the body", "settings", "metadata", "timeout");
        if (body.has("timeout") && !body.get("timeout").canConvertToInt()) {
            throw RstufError.invalid("timeout must be a number of seconds");
        }
        JsonNode roles = object(object(field(body, "settings"), "settings").get("roles"), "settings.roles");
        Map<String, Integer> expiration = new LinkedHashMap<>();
        for (String role : List.of(Root.TYPE, Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE)) {
            JsonNode node = object(roles.get(role), "settings.roles." + role);
            only(node, "settings.roles." + role, "expiration");
            expiration.put(role, days(node.get("expiration"), "settings.roles." + role + ".expiration"));
        }
        boolean bins = roles.has("bins");
        boolean delegations = roles.has("delegations");
        only(roles, "settings.roles", "root", "targets", "snapshot", "timestamp", "bins", "delegations");
        if (bins == delegations) {
            throw RstufError.invalid("settings.roles needs exactly one of bins and delegations");
        }
        Integer numberOfBins = null;
        List<RepositorySettings.CustomRole> custom = null;
        Map<String, Key> offlineKeys = new LinkedHashMap<>();
        if (bins) {
            JsonNode node = object(roles.get("bins"), "settings.roles.bins");
            only(node, "settings.roles.bins", "expiration", "number_of_delegated_bins");
            expiration.put("bins", days(node.get("expiration"), "settings.roles.bins.expiration"));
            numberOfBins = numberOfBins(node.get("number_of_delegated_bins"));
        } else {
            custom = customRoles(
                    object(roles.get("delegations"), "settings.roles.delegations"),
                    expiration,
                    "settings.roles.delegations",
                    offlineKeys,
                    id -> id.equals(onlineKey.keyId()) || id.equals(onlineKey.coreKeyId()));
        }
        Metadata<Root> root = root(object(field(body, "metadata"), "metadata"), onlineKey, now);
        Root signed = root.signed();
        RepositorySettings settings = new RepositorySettings(
                expiration,
                numberOfBins,
                custom,
                signed.role(Root.TYPE).threshold(),
                signed.role(Root.TYPE).keyIds().size(),
                List.of(),
                OfflineRoles.stored(offlineKeys));
        return new BootstrapPayload(settings, root);
    }

    private static int numberOfBins(JsonNode node) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw RstufError.invalid("settings.roles.bins.number_of_delegated_bins must be a whole number");
        }
        int n = node.intValue();
        if (n < 2 || n > MAX_BINS || Integer.bitCount(n) != 1) {
            throw RstufError.invalid("settings.roles.bins.number_of_delegated_bins must be a power of two from 2 to "
                    + MAX_BINS + ": " + n);
        }
        return n;
    }

    /**
     * Custom roles ({@code {"keys": {keyid: key}, "roles": [...]}}), their expirations put into
     * {@code expiration} and the offline keys they name into {@code offlineKeys}: a role with empty
     * {@code keyids} is signed by the online key, one with keyids by a threshold of those offline keys
     * (decision 0058); {@code online} tells this server's online keyids, which may not be offline keys.
     */
    static List<RepositorySettings.CustomRole> customRoles(
            JsonNode node,
            Map<String, Integer> expiration,
            String at,
            Map<String, Key> offlineKeys,
            java.util.function.Predicate<String> online) {
        only(node, at, "keys", "roles");
        Map<String, Key> keys = OfflineRoles.keys(node.get("keys"), at + ".keys", online);
        JsonNode list = field(node, "roles");
        if (!list.isArray() || list.isEmpty() || list.size() > 1000) {
            throw RstufError.invalid(at + ".roles must be a list of 1 to 1000 roles");
        }
        List<RepositorySettings.CustomRole> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = at + ".roles[" + i + "]";
            JsonNode role = object(list.get(i), where);
            only(role, where, "name", "terminating", "keyids", "threshold", "paths", "x-rstuf-expire-policy");
            String name = text(role.get("name"), where + ".name");
            if (!ROLE_NAME.matcher(name).matches() || TOP_LEVEL.contains(name) || name.startsWith("bins-")) {
                throw RstufError.invalid(
                        where + ".name must match [a-zA-Z0-9_-]{1,64} and not name a top-level role: " + name);
            }
            if (!names.add(name)) {
                throw RstufError.invalid(where + ".name " + name + " is given twice");
            }
            List<String> keyIds = OfflineRoles.keyIds(role, where, keys);
            keyIds.forEach(id -> offlineKeys.put(id, keys.get(id)));
            JsonNode terminating = role.get("terminating");
            if (terminating != null && !terminating.isBoolean()) {
                throw RstufError.invalid(where + ".terminating must be true or false");
            }
            JsonNode paths = field(role, "paths");
            if (!paths.isArray() || paths.isEmpty() || paths.size() > 100) {
                throw RstufError.invalid(where + ".paths must be a list of 1 to 100 patterns");
            }
            List<String> patterns = new ArrayList<>();
            for (JsonNode p : paths) {
                String pattern = text(p, where + ".paths");
                if (pattern.isEmpty() || pattern.length() > 1024 || pattern.startsWith("/")) {
                    throw RstufError.invalid(where + ".paths holds an empty, absolute or over-long pattern");
                }
                patterns.add(pattern);
            }
            expiration.put(name, days(field(role, "x-rstuf-expire-policy"), where + ".x-rstuf-expire-policy"));
            out.add(new RepositorySettings.CustomRole(
                    name,
                    terminating == null || terminating.booleanValue(),
                    List.copyOf(patterns),
                    keyIds,
                    keyIds.isEmpty() ? null : role.get("threshold").intValue()));
        }
        return out;
    }

    private static Metadata<Root> root(JsonNode metadata, Key onlineKey, Instant now) {
        only(metadata, "metadata", "root");
        Metadata<Root> root;
        try {
            root = Metadata.fromJson(field(metadata, "root")).as(Root.class);
        } catch (TufException e) {
            throw RstufError.invalid("metadata.root is not TUF root metadata: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw RstufError.invalid("metadata.root is not TUF root metadata: " + e.getMessage());
        }
        Root signed = root.signed();
        if (signed.version() != 1) {
            throw RstufError.invalid("metadata.root must be version 1, not " + signed.version());
        }
        if (!signed.isConsistentSnapshot()) {
            throw RstufError.invalid("metadata.root must set consistent_snapshot to true");
        }
        if (signed.isExpired(now)) {
            throw RstufError.invalid("metadata.root has expired");
        }
        String online = onlineKey.keyId();
        for (String role : List.of(Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE)) {
            Role r = signed.role(role);
            Key listed = signed.keys().get(online);
            if (!r.keyIds().equals(List.of(online))
                    || r.threshold() != 1
                    || listed == null
                    || !sameKey(listed, onlineKey)) {
                throw RstufError.invalid("metadata.root must name this server's online key " + online
                        + " (GET /api/v1/keys/online) as the only key of " + role + ", with threshold 1");
            }
        }
        if (signed.role(Root.TYPE).keyIds().contains(online)) {
            throw RstufError.invalid("the online key must not be a root key");
        }
        if (root.signatures().isEmpty()) {
            throw RstufError.invalid("metadata.root has no signature");
        }
        VerificationResult result = signed.verificationResult(Root.TYPE, root);
        Set<String> seen = new HashSet<>();
        for (Signature s : root.signatures()) {
            if (!seen.add(s.keyId())) {
                throw RstufError.invalid("metadata.root has two signatures by key " + s.keyId());
            }
            if (!result.signed().contains(s.keyId())) {
                throw RstufError.invalid(
                        "the signature by key " + s.keyId() + " is not a valid signature of a root key");
            }
        }
        // Below the threshold is not an error: the bootstrap waits in "signing" for the rest (RSTUF).
        return root;
    }

    /** The same key material and scheme (a ceremony may annotate the key object with {@code x-} fields). */
    static boolean sameKey(Key listed, Key online) {
        return listed.scheme().equals(online.scheme())
                && listed.keyType().equals(online.keyType())
                && listed.publicValue().strip().equals(online.publicValue().strip());
    }

    private static int days(JsonNode node, String where) {
        if (node == null || !node.isIntegralNumber() || !node.canConvertToInt()) {
            throw RstufError.invalid(where + " must be a whole number of days");
        }
        int days = node.intValue();
        if (days < 1 || days > MAX_DAYS) {
            throw RstufError.invalid(where + " must be from 1 to " + MAX_DAYS + " days: " + days);
        }
        return days;
    }

    static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw RstufError.invalid(name + " is required");
        }
        return value;
    }

    static JsonNode object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw RstufError.invalid(where + " must be a JSON object");
        }
        return node;
    }

    static String text(JsonNode node, String where) {
        if (node == null || !node.isTextual()) {
            throw RstufError.invalid(where + " must be text");
        }
        return node.textValue();
    }

    /** Refuses fields other than {@code allowed}, as RSTUF's models do. */
    static void only(JsonNode node, String where, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw RstufError.invalid(where + " has an unknown field " + name);
            }
        }
    }
}
