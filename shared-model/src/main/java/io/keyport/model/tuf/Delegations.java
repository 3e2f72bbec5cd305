package io.keyport.model.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code delegations} of a targets role: the keys of the delegated roles and either an ordered list
 * of named {@link DelegatedRole}s (order is priority) or {@link SuccinctRoles} hash bins, never both.
 *
 * @param roles the named roles, or {@code null} with succinct roles
 * @param succinctRoles the hash bins, or {@code null} with named roles
 */
public record Delegations(
        Map<String, Key> keys,
        List<DelegatedRole> roles,
        SuccinctRoles succinctRoles,
        Map<String, JsonNode> unrecognizedFields) {

    private static final Set<String> KNOWN = Set.of("keys", "roles", "succinct_roles");

    /** A delegated role that may hold a target path, and whether the search stops after it. */
    public record Match(String roleName, boolean terminating) {}

    public Delegations {
        keys = Fields.copy(keys, "delegations.keys");
        roles = roles == null ? null : List.copyOf(roles);
        unrecognizedFields = Fields.extra(unrecognizedFields, KNOWN, "delegations");
        if ((roles == null) == (succinctRoles == null)) {
            throw TufException.malformed("delegations: exactly one of roles and succinct_roles must be set");
        }
        if (roles != null) {
            Set<String> names = new HashSet<>();
            for (DelegatedRole role : roles) {
                if (!names.add(role.name())) {
                    throw TufException.malformed("delegations: role " + role.name() + " is listed twice");
                }
            }
        }
    }

    /** Named delegations in priority order. */
    public static Delegations named(Map<String, Key> keys, List<DelegatedRole> roles) {
        return new Delegations(keys, roles, null, Map.of());
    }

    /** Hash-bin delegation (TAP 15). */
    public static Delegations succinct(Map<String, Key> keys, SuccinctRoles succinctRoles) {
        return new Delegations(keys, null, succinctRoles, Map.of());
    }

    /** The keys and threshold of a delegated role by name: a named role or one of the bins. */
    public Optional<RoleKeys> role(String name) {
        if (succinctRoles != null) {
            return succinctRoles.isDelegatedRole(name) ? Optional.of(succinctRoles) : Optional.empty();
        }
        return roles.stream()
                .filter(r -> r.name().equals(name))
                .map(r -> (RoleKeys) r)
                .findFirst();
    }

    /**
     * The delegated roles trusted for a target path, in priority order, as the client's delegation walk
     * visits them: the matching named roles, or the single bin of the path.
     */
    public List<Match> rolesForTarget(String targetPath) {
        if (succinctRoles != null) {
            return List.of(new Match(succinctRoles.roleForTarget(targetPath), true));
        }
        List<Match> out = new ArrayList<>();
        for (DelegatedRole role : roles) {
            if (role.isDelegatedPath(targetPath)) {
                out.add(new Match(role.name(), role.terminating()));
            }
        }
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode out = Fields.object(unrecognizedFields);
        out.set("keys", Fields.objectNode(keys, Key::toJson));
        if (roles != null) {
            ArrayNode list = out.putArray("roles");
            roles.forEach(role -> list.add(role.toJson()));
        }
        if (succinctRoles != null) {
            out.set("succinct_roles", succinctRoles.toJson());
        }
        return out;
    }

    static Delegations fromJson(JsonNode node, String where) {
        Fields f = Fields.of(node, where);
        Map<String, Key> keys = f.objects("keys", Key::fromJson);
        List<DelegatedRole> roles = null;
        JsonNode list = f.optional("roles");
        if (list != null) {
            if (!list.isArray()) {
                throw TufException.malformed(where + ".roles must be an array");
            }
            roles = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                roles.add(DelegatedRole.fromJson(list.get(i), where + ".roles[" + i + "]"));
            }
        }
        JsonNode succinct = f.optional("succinct_roles");
        return new Delegations(
                keys,
                roles,
                succinct == null ? null : SuccinctRoles.fromJson(succinct, where + ".succinct_roles"),
                f.unrecognized());
    }
}
