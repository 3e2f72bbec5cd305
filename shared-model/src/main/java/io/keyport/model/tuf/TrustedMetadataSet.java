package io.keyport.model.tuf;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The metadata a TUF client trusts, updated step by step as the specification's detailed client
 * workflow says: root (chain of versions, each n+1 signed by the thresholds of the old and the new root),
 * then timestamp, snapshot, targets and delegated targets, with rollback, expiry, version and length/hash
 * checks. Pure: it takes bytes and a reference time and never fetches anything; {@link #findTarget}
 * walks delegations through a {@link MetadataLoader} the caller supplies. Not thread-safe.
 *
 * <p>The same rules serve the server, which checks a root rotation or an offline-signed role before it
 * publishes, and the console, which shows a repository's state.
 */
public final class TrustedMetadataSet {

    /** Most delegated roles visited in one target search, as python-tuf's client limits it. */
    public static final int MAX_DELEGATIONS = 32;

    /** Supplies the bytes of a delegated targets role the snapshot lists (with its version, for file naming). */
    @FunctionalInterface
    public interface MetadataLoader {
        byte[] load(String roleName, MetaFile meta);
    }

    /** A target found through the delegation graph, and the role that lists it. */
    public record TargetMatch(String path, TargetFile target, String role) {}

    /** A role still to visit in the delegation walk, and the role that delegates to it. */
    private record Visit(String role, String delegator) {}

    private final Instant reference;
    private Metadata<Root> root;
    private Metadata<Timestamp> timestamp;
    private Metadata<Snapshot> snapshot;
    private final Map<String, Metadata<Targets>> targets = new LinkedHashMap<>();

    /**
     * Starts from a trusted root (shipped with the client or pinned). Root must be signed by its own
     * threshold; its expiry is checked only once the chain is complete (at the first timestamp).
     *
     * @param reference the time expiry is checked against
     */
    public TrustedMetadataSet(byte[] trustedRoot, Instant reference) {
        this.reference = reference;
        Metadata<Root> initial = Metadata.fromBytes(trustedRoot, Root.class);
        initial.signed().verifyDelegate(Root.TYPE, initial);
        this.root = initial;
    }

    public Metadata<Root> root() {
        return root;
    }

    public Optional<Metadata<Timestamp>> timestamp() {
        return Optional.ofNullable(timestamp);
    }

    public Optional<Metadata<Snapshot>> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** A trusted targets role: {@code targets} or a delegated one. */
    public Optional<Metadata<Targets>> targets(String roleName) {
        return Optional.ofNullable(targets.get(roleName));
    }

    /** The names of the trusted targets roles, in the order they were loaded. */
    public Set<String> targetsRoles() {
        return Collections.unmodifiableSet(targets.keySet());
    }

    /**
     * Verifies and trusts the next root (version n+1).
     *
     * @throws TufException UNSIGNED if either threshold is not met, BAD_VERSION if not n+1,
     *     INCONSISTENT after a timestamp was loaded
     */
    public Metadata<Root> updateRoot(byte[] data) {
        if (timestamp != null) {
            throw inconsistent("cannot update root after timestamp");
        }
        Metadata<Root> next = Metadata.fromBytes(data, Root.class);
        root.signed().verifyDelegate(Root.TYPE, next);
        if (next.signed().version() != root.signed().version() + 1) {
            throw new TufException(
                    TufException.Reason.BAD_VERSION,
                    "expected root version " + (root.signed().version() + 1) + ", got "
                            + next.signed().version());
        }
        next.signed().verifyDelegate(Root.TYPE, next);
        root = next;
        return next;
    }

    /**
     * Verifies and trusts a timestamp. Call it once for a locally cached timestamp, then again for the
     * fetched one: the second must not roll back the timestamp or the snapshot version.
     *
     * @throws TufException EXPIRED if the final root or the timestamp expired (the expired timestamp
     *     still stays trusted for rollback checks), BAD_VERSION on rollback, EQUIVALENT_TIMESTAMP for the
     *     same version, UNSIGNED, INCONSISTENT after a snapshot was loaded
     */
    public Metadata<Timestamp> updateTimestamp(byte[] data) {
        if (snapshot != null) {
            throw inconsistent("cannot update timestamp after snapshot");
        }
        if (root.signed().isExpired(reference)) {
            throw expired("root", root.signed());
        }
        Metadata<Timestamp> next = Metadata.fromBytes(data, Timestamp.class);
        root.signed().verifyDelegate(Timestamp.TYPE, next);
        if (timestamp != null) {
            long trusted = timestamp.signed().version();
            long version = next.signed().version();
            if (version < trusted) {
                throw new TufException(
                        TufException.Reason.BAD_VERSION,
                        "timestamp version " + version + " is lower than the trusted " + trusted);
            }
            if (version == trusted) {
                throw new TufException(
                        TufException.Reason.EQUIVALENT_TIMESTAMP, "timestamp version " + version + " is unchanged");
            }
            long trustedSnapshot = timestamp.signed().snapshotMeta().version();
            if (next.signed().snapshotMeta().version() < trustedSnapshot) {
                throw new TufException(
                        TufException.Reason.BAD_VERSION,
                        "snapshot version " + next.signed().snapshotMeta().version()
                                + " in timestamp is lower than the trusted " + trustedSnapshot);
            }
        }
        timestamp = next;
        checkFinalTimestamp();
        return next;
    }

    /** As {@link #updateSnapshot(byte[], boolean)} for fetched bytes (length and hashes checked). */
    public Metadata<Snapshot> updateSnapshot(byte[] data) {
        return updateSnapshot(data, false);
    }

    /**
     * Verifies and trusts a snapshot.
     *
     * @param trusted {@code true} for a locally cached copy: its length and hashes are not checked
     *     against the timestamp (it may be older), everything else is
     * @throws TufException LENGTH_OR_HASH_MISMATCH, UNSIGNED, BAD_VERSION (a role's version goes back,
     *     or the snapshot is not the version timestamp names), INCONSISTENT (a role disappeared, or
     *     wrong order), EXPIRED
     */
    public Metadata<Snapshot> updateSnapshot(byte[] data, boolean trusted) {
        if (timestamp == null) {
            throw inconsistent("cannot update snapshot before timestamp");
        }
        if (!targets.isEmpty()) {
            throw inconsistent("cannot update snapshot after targets");
        }
        checkFinalTimestamp();
        if (!trusted) {
            timestamp.signed().snapshotMeta().verifyLengthAndHashes(data);
        }
        Metadata<Snapshot> next = Metadata.fromBytes(data, Snapshot.class);
        root.signed().verifyDelegate(Snapshot.TYPE, next);
        if (snapshot != null) {
            for (Map.Entry<String, MetaFile> entry : snapshot.signed().meta().entrySet()) {
                MetaFile now = next.signed().meta().get(entry.getKey());
                if (now == null) {
                    throw inconsistent("new snapshot is missing " + entry.getKey());
                }
                if (now.version() < entry.getValue().version()) {
                    throw new TufException(
                            TufException.Reason.BAD_VERSION,
                            entry.getKey() + " version " + now.version() + " is lower than the trusted "
                                    + entry.getValue().version());
                }
            }
        }
        snapshot = next;
        checkFinalSnapshot();
        return next;
    }

    /** Verifies and trusts the top-level targets role. */
    public Metadata<Targets> updateTargets(byte[] data) {
        return updateDelegatedTargets(data, Targets.TYPE, Root.TYPE);
    }

    /**
     * Verifies and trusts a delegated targets role (a named role or a hash bin) against its delegator.
     *
     * @param delegatorName {@code root} for {@code targets}, otherwise a trusted targets role
     * @throws TufException INCONSISTENT (no snapshot, delegator not trusted, role not in snapshot or not
     *     delegated), LENGTH_OR_HASH_MISMATCH, UNSIGNED, BAD_VERSION (not the version snapshot names),
     *     EXPIRED
     */
    public Metadata<Targets> updateDelegatedTargets(byte[] data, String roleName, String delegatorName) {
        if (snapshot == null) {
            throw inconsistent("cannot load targets before snapshot");
        }
        checkFinalSnapshot();
        Delegator delegator = delegatorName.equals(Root.TYPE)
                ? root.signed()
                : targets(delegatorName)
                        .map(m -> (Delegator) m.signed())
                        .orElseThrow(() -> inconsistent("delegator " + delegatorName + " is not trusted"));
        MetaFile meta = snapshot.signed()
                .metaFor(roleName)
                .orElseThrow(() -> inconsistent("snapshot does not list " + roleName + ".json"));
        meta.verifyLengthAndHashes(data);
        Metadata<Targets> next = Metadata.fromBytes(data, Targets.class);
        delegator.verifyDelegate(roleName, next);
        if (next.signed().version() != meta.version()) {
            throw new TufException(
                    TufException.Reason.BAD_VERSION,
                    roleName + " version " + next.signed().version() + " differs from " + meta.version()
                            + " in snapshot");
        }
        if (next.signed().isExpired(reference)) {
            throw expired(roleName, next.signed());
        }
        targets.put(roleName, next);
        return next;
    }

    /**
     * Finds a target by path through the delegation graph: a pre-order depth-first walk from
     * {@code targets}, in delegation order, stopping after a terminating role, visiting each role at most
     * once and at most {@link #MAX_DELEGATIONS} roles. Roles not yet trusted are loaded through
     * {@code loader} and verified with {@link #updateDelegatedTargets}. The top-level targets role must
     * already be trusted.
     *
     * @return the target and the role that lists it, or empty if no role trusted for the path lists it
     */
    public Optional<TargetMatch> findTarget(String targetPath, MetadataLoader loader) {
        if (!targets.containsKey(Targets.TYPE)) {
            throw inconsistent("load targets before searching for a target");
        }
        Deque<Visit> toVisit = new ArrayDeque<>();
        toVisit.push(new Visit(Targets.TYPE, Root.TYPE));
        Set<String> visited = new HashSet<>();
        while (!toVisit.isEmpty() && visited.size() < MAX_DELEGATIONS) {
            Visit next = toVisit.pop();
            String role = next.role();
            if (!visited.add(role)) {
                continue;
            }
            Metadata<Targets> md = targets.get(role);
            if (md == null) {
                MetaFile meta = snapshot.signed()
                        .metaFor(role)
                        .orElseThrow(() -> inconsistent("snapshot does not list " + role + ".json"));
                md = updateDelegatedTargets(loader.load(role, meta), role, next.delegator());
            }
            TargetFile target = md.signed().targets().get(targetPath);
            if (target != null) {
                return Optional.of(new TargetMatch(targetPath, target, role));
            }
            Delegations delegations = md.signed().delegations();
            if (delegations == null) {
                continue;
            }
            List<Visit> children = new ArrayList<>();
            for (Delegations.Match match : delegations.rolesForTarget(targetPath)) {
                children.add(new Visit(match.roleName(), role));
                if (match.terminating()) {
                    toVisit.clear();
                    break;
                }
            }
            // push in reverse so that the first delegation is visited first
            for (int i = children.size() - 1; i >= 0; i--) {
                toVisit.push(children.get(i));
            }
        }
        return Optional.empty();
    }

    private void checkFinalTimestamp() {
        if (timestamp.signed().isExpired(reference)) {
            throw expired("timestamp", timestamp.signed());
        }
    }

    private void checkFinalSnapshot() {
        if (snapshot.signed().isExpired(reference)) {
            throw expired("snapshot", snapshot.signed());
        }
        long expected = timestamp.signed().snapshotMeta().version();
        if (snapshot.signed().version() != expected) {
            throw new TufException(
                    TufException.Reason.BAD_VERSION,
                    "snapshot version " + snapshot.signed().version() + " differs from " + expected + " in timestamp");
        }
    }

    private TufException expired(String role, Signed signed) {
        return new TufException(
                TufException.Reason.EXPIRED,
                role + " expired at " + TufTime.format(signed.expires()) + " (reference " + TufTime.format(reference)
                        + ")");
    }

    private static TufException inconsistent(String message) {
        return new TufException(TufException.Reason.INCONSISTENT, message);
    }
}
