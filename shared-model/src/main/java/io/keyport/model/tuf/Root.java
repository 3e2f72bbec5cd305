package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The root role: the keys of the repository and which of them sign each top-level role with which
 * threshold. A new root (version n+1) must be signed by a threshold of the trusted root and of itself.
 *
 * @param keys keyid to key
 * @param roles exactly the four top-level roles
 * @param consistentSnapshot {@code null} when the field is absent (kept absent when written again)
 */
public record Root(
        String specVersion,
        long version,
        Instant expires,
        Map<String, Key> keys,
        Map<String, Role> roles,
        Boolean consistentSnapshot,
        Map<String, JsonNode> unrecognizedFields)
        implements Signed, Delegator {

    public static final String TYPE = "root";
    private static final Set<String> KNOWN = SignedParts.known("keys", "roles", "consistent_snapshot");

    public Root {
        expires = SignedParts.validate(TYPE, specVersion, version, expires);
        keys = Fields.copy(keys, "root keys");
        roles = Fields.copy(roles, "root roles");
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, TYPE);
        if (!roles.keySet().equals(TOP_LEVEL_ROLES)) {
            throw TufException.malformed("root roles must be exactly " + TOP_LEVEL_ROLES + ": " + roles.keySet());
        }
    }

    /** Version 1 with no keys yet, every role at threshold 1, consistent snapshots on. */
    public static Root initial(Instant expires) {
        Map<String, Role> roles = new LinkedHashMap<>();
        for (String name : List.of(TYPE, Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE)) {
            roles.put(name, Role.of(List.of(), 1));
        }
        return new Root(SPEC_VERSION, 1, expires, Map.of(), roles, true, Map.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** A top-level role. */
    public Role role(String name) {
        Role role = roles.get(name);
        if (role == null) {
            throw new IllegalArgumentException("not a top-level role: " + name);
        }
        return role;
    }

    /** Whether consistent snapshots are on (absent means off). */
    public boolean isConsistentSnapshot() {
        return Boolean.TRUE.equals(consistentSnapshot);
    }

    /** The keys of a top-level role, in the role's order (keyids without a key are left out). */
    public List<Key> keysOf(String roleName) {
        return role(roleName).keyIds().stream()
                .map(keys::get)
                .filter(k -> k != null)
                .toList();
    }

    @Override
    public Optional<RoleKeys> delegatedRole(String roleName) {
        return Optional.ofNullable(roles.get(roleName));
    }

    @Override
    public Optional<Key> delegatedKey(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    /**
     * How far a new root is signed: by this (trusted) root's root keys and by its own. The version
     * (n+1) is not checked here; {@link TrustedMetadataSet#updateRoot} checks both.
     */
    public RootVerificationResult rotationResult(Metadata<Root> next) {
        return new RootVerificationResult(
                verificationResult(TYPE, next), next.signed().verificationResult(TYPE, next));
    }

    /** This root with {@code key} added (under its {@link Key#keyId()}) to a role. */
    public Root withKey(String roleName, Key key) {
        String keyId = key.keyId();
        Map<String, Key> newKeys = new LinkedHashMap<>(keys);
        newKeys.put(keyId, key);
        return withRoles(newKeys, roleName, role(roleName).withKeyId(keyId));
    }

    /** This root with a keyid removed from a role; the key itself goes when no role uses it any more. */
    public Root withoutKey(String roleName, String keyId) {
        Role changed = role(roleName).withoutKeyId(keyId);
        Map<String, Key> newKeys = new LinkedHashMap<>(keys);
        boolean stillUsed = roles.entrySet().stream()
                .anyMatch(e ->
                        !e.getKey().equals(roleName) && e.getValue().keyIds().contains(keyId));
        if (!stillUsed) {
            newKeys.remove(keyId);
        }
        return withRoles(newKeys, roleName, changed);
    }

    /** This root with a role's threshold changed. */
    public Root withThreshold(String roleName, int threshold) {
        return withRoles(keys, roleName, role(roleName).withThreshold(threshold));
    }

    private Root withRoles(Map<String, Key> newKeys, String roleName, Role role) {
        Map<String, Role> newRoles = new LinkedHashMap<>(roles);
        newRoles.put(roleName, role);
        return new Root(specVersion, version, expires, newKeys, newRoles, consistentSnapshot, unrecognizedFields);
    }

    @Override
    public Root withVersion(long newVersion) {
        return new Root(specVersion, newVersion, expires, keys, roles, consistentSnapshot, unrecognizedFields);
    }

    @Override
    public Root withExpires(Instant newExpires) {
        return new Root(specVersion, version, newExpires, keys, roles, consistentSnapshot, unrecognizedFields);
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode out = SignedParts.commonJson(this);
        out.set("keys", Fields.objectNode(keys, Key::toJson));
        out.set("roles", Fields.objectNode(roles, Role::toJson));
        if (consistentSnapshot != null) {
            out.put("consistent_snapshot", consistentSnapshot);
        }
        return out;
    }

    static Root fromJson(JsonNode node) {
        Fields f = Fields.of(node, "signed");
        SignedParts.Common c = SignedParts.common(f, TYPE);
        Map<String, Key> keys = f.objects("keys", Key::fromJson);
        Map<String, Role> roles = f.objects("roles", Role::fromJson);
        Boolean consistent = f.optionalBool("consistent_snapshot");
        return new Root(c.specVersion(), c.version(), c.expires(), keys, roles, consistent, f.unrecognized());
    }
}
