package io.keyport.desktop.tuf;

import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Targets;
import java.util.List;
import java.util.Map;

/**
 * What {@link RepositoryReader} found in the published repository.
 *
 * @param published false before the bootstrap (no {@code 1.root.json})
 * @param root the newest published root, null when unpublished
 * @param targets the published top-level targets, null when none
 * @param delegatedRoles how many delegated roles the snapshot lists
 * @param delegatedLoaded whether each of them was loaded (false beyond the reader's limit)
 * @param verificationFailure null when the chain verified at the console's clock, else the first
 *     failure ("timestamp: ... expired ...")
 * @param keyNames keyid to holder's name, where known
 */
public record RepositoryState(
        boolean published,
        Metadata<Root> root,
        Metadata<Targets> targets,
        List<RoleStatus> roles,
        List<ArtifactRow> artifacts,
        int delegatedRoles,
        boolean delegatedLoaded,
        String verificationFailure,
        Map<String, String> keyNames) {

    static RepositoryState empty() {
        return new RepositoryState(false, null, null, List.of(), List.of(), 0, true, null, Map.of());
    }

    /** Published, but a file could not be read: nothing to show but why. */
    static RepositoryState unreadable(String why) {
        return new RepositoryState(
                true, null, null, List.of(), List.of(), 0, true, "unreadable metadata: " + why, Map.of());
    }

    public boolean verified() {
        return published && verificationFailure == null;
    }
}
