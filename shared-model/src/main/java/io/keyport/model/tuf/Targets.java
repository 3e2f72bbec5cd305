package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A targets role, top-level or delegated (a hash bin is one too): the targets it lists by path and,
 * optionally, the roles it delegates to.
 *
 * @param targets path to target, insertion order kept
 * @param delegations {@code null} when the role delegates nothing
 */
public record Targets(
        String specVersion,
        long version,
        Instant expires,
        Map<String, TargetFile> targets,
        Delegations delegations,
        Map<String, JsonNode> unrecognizedFields)
        implements Signed, Delegator {

    public static final String TYPE = "targets";
    private static final Set<String> KNOWN = SignedParts.known("targets", "delegations");

    public Targets {
        expires = SignedParts.validate(TYPE, specVersion, version, expires);
        targets = Fields.copy(targets, "targets");
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, TYPE);
    }

    /** Version 1 with no targets and no delegations. */
    public static Targets create(Instant expires) {
        return new Targets(SPEC_VERSION, 1, expires, Map.of(), null, Map.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** This role with a target added or replaced. */
    public Targets withTarget(String path, TargetFile target) {
        Map<String, TargetFile> copy = new LinkedHashMap<>(targets);
        copy.put(path, target);
        return withTargets(copy);
    }

    /** This role without a target. */
    public Targets withoutTarget(String path) {
        Map<String, TargetFile> copy = new LinkedHashMap<>(targets);
        copy.remove(path);
        return withTargets(copy);
    }

    /** This role with all its targets replaced (one copy, for large bins). */
    public Targets withTargets(Map<String, TargetFile> newTargets) {
        return new Targets(specVersion, version, expires, newTargets, delegations, unrecognizedFields);
    }

    public Targets withDelegations(Delegations newDelegations) {
        return new Targets(specVersion, version, expires, targets, newDelegations, unrecognizedFields);
    }

    @Override
    public Targets withVersion(long newVersion) {
        return new Targets(specVersion, newVersion, expires, targets, delegations, unrecognizedFields);
    }

    @Override
    public Targets withExpires(Instant newExpires) {
        return new Targets(specVersion, version, newExpires, targets, delegations, unrecognizedFields);
    }

    @Override
    public Optional<RoleKeys> delegatedRole(String roleName) {
        return delegations == null ? Optional.empty() : delegations.role(roleName);
    }

    @Override
    public Optional<Key> delegatedKey(String keyId) {
        return delegations == null
                ? Optional.empty()
                : Optional.ofNullable(delegations.keys().get(keyId));
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode out = SignedParts.commonJson(this);
        out.set("targets", Fields.objectNode(targets, TargetFile::toJson));
        if (delegations != null) {
            out.set("delegations", delegations.toJson());
        }
        return out;
    }

    static Targets fromJson(JsonNode node) {
        Fields f = Fields.of(node, "signed");
        SignedParts.Common c = SignedParts.common(f, TYPE);
        Map<String, TargetFile> targets = f.objects("targets", TargetFile::fromJson);
        JsonNode delegations = f.optional("delegations");
        return new Targets(
                c.specVersion(),
                c.version(),
                c.expires(),
                targets,
                delegations == null ? null : Delegations.fromJson(delegations, "signed.delegations"),
                f.unrecognized());
    }
}
