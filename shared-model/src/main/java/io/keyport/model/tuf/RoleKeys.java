package io.keyport.model.tuf;

import java.util.List;

/**
 * What a delegator says about the signers of a role: which keyids may sign it and how many distinct
 * ones must. Implemented by top-level {@link Role}s, {@link DelegatedRole}s and {@link SuccinctRoles}
 * (where every bin shares the same keys).
 */
public sealed interface RoleKeys permits Role, DelegatedRole, SuccinctRoles {

    /** The keyids allowed to sign, without duplicates. */
    List<String> keyIds();

    /** How many distinct keys must sign; at least 1. */
    int threshold();

    /** Checks the invariants every implementation shares. */
    static void validate(List<String> keyIds, int threshold, String where) {
        if (threshold < 1) {
            throw TufException.malformed(where + ": threshold must be at least 1: " + threshold);
        }
        if (keyIds.stream().distinct().count() != keyIds.size()) {
            throw TufException.malformed(where + ": keyids holds a duplicate");
        }
    }
}
