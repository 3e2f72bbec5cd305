package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.model.tuf.TufException.Reason;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.Signer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The client workflow's rules on a repository built here with Keyport's own model and signers: the
 * order of updates, root rotation, rollback of delegated roles, and the delegation walk over named
 * roles (priority order, terminating roles, visiting each role once, the limit on delegations).
 */
class TrustedMetadataSetTest {

    private static final Instant NOW = Fixtures.NOW;
    private static final Instant LATER = NOW.plusSeconds(86_400 * 30);

    private final Signer rootKey = Fixtures.newSigner(SignatureScheme.ED25519);
    private final Signer online = Fixtures.newSigner(SignatureScheme.ECDSA_SHA2_NISTP256);
    private final Signer delegate = Fixtures.newSigner(SignatureScheme.ED25519);

    /** A tiny repository: top-level roles plus delegated targets roles, all version 1 unless changed. */
    private final class Repo {
        Metadata<Root> root;
        final Map<String, Metadata<Targets>> roles = new LinkedHashMap<>();
        Metadata<Snapshot> snapshot;
        Metadata<Timestamp> timestamp;

        Repo(Delegations delegations) {
            Root r = Root.initial(LATER).withKey(Root.TYPE, rootKey.publicKey());
            for (String role : List.of(Targets.TYPE, Snapshot.TYPE, Timestamp.TYPE)) {
                r = r.withKey(role, online.publicKey());
            }
            root = Metadata.of(r).sign(rootKey);
            put(Targets.TYPE, Targets.create(LATER).withDelegations(delegations), online);
        }

        void put(String role, Targets targets, Signer signer) {
            roles.put(role, Metadata.of(targets).sign(signer));
        }

        TrustedMetadataSet publish() {
            Snapshot s = Snapshot.create(LATER);
            for (var e : roles.entrySet()) {
                s = s.withMeta(
                        e.getKey(),
                        MetaFile.of(
                                e.getValue().signed().version(), e.getValue().toBytes()));
            }
            snapshot = Metadata.of(s).sign(online);
            timestamp = Metadata.of(Timestamp.create(LATER).withSnapshotMeta(MetaFile.of(1, snapshot.toBytes())))
                    .sign(online);
            TrustedMetadataSet set = new TrustedMetadataSet(root.toBytes(), NOW);
            set.updateTimestamp(timestamp.toBytes());
            set.updateSnapshot(snapshot.toBytes());
            set.updateTargets(roles.get(Targets.TYPE).toBytes());
            return set;
        }

        TrustedMetadataSet.MetadataLoader loader(List<String> visited) {
            return (role, meta) -> {
                visited.add(role);
                return roles.get(role).toBytes();
            };
        }
    }

    private static void fails(Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        TufException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private DelegatedRole role(String name, boolean terminating, String... paths) {
        return DelegatedRole.withPaths(name, List.of(delegate.keyId()), 1, terminating, List.of(paths));
    }

    private Delegations named(DelegatedRole... roles) {
        return Delegations.named(Map.of(delegate.keyId(), delegate.publicKey()), List.of(roles));
    }

    private Targets listing(String... paths) {
        Targets t = Targets.create(LATER);
        for (String path : paths) {
            t = t.withTarget(path, TargetFile.of(path.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return t;
    }

    @Test
    void delegationsAreWalkedDepthFirstInPriorityOrder() {
        Repo repo = new Repo(named(role("a", false, "apps/*"), role("b", false, "apps/*")));
        repo.put("a", listing("apps/other").withDelegations(named(role("a1", false, "apps/*"))), delegate);
        repo.put("a1", listing(), delegate);
        repo.put("b", listing("apps/x"), delegate);
        TrustedMetadataSet set = repo.publish();
        List<String> visited = new ArrayList<>();
        var match = set.findTarget("apps/x", repo.loader(visited)).orElseThrow();
        assertThat(match.role()).isEqualTo("b");
        assertThat(visited).containsExactly("a", "a1", "b"); // a's subtree before b
    }

    @Test
    void aTerminatingRoleEndsTheSearch() {
        Repo repo = new Repo(named(role("a", true, "apps/*"), role("b", false, "apps/*")));
        repo.put("a", listing(), delegate);
        repo.put("b", listing("apps/x"), delegate);
        TrustedMetadataSet set = repo.publish();
        List<String> visited = new ArrayList<>();
        assertThat(set.findTarget("apps/x", repo.loader(visited))).isEmpty();
        assertThat(visited).containsExactly("a");
    }

    @Test
    void aRoleNotTrustedForThePathIsNotAskedAndAMatchInItIsIgnored() {
        Repo repo = new Repo(named(role("charts", false, "charts/*")));
        repo.put("charts", listing("apps/x"), delegate); // lists a path it is not trusted for
        TrustedMetadataSet set = repo.publish();
        List<String> visited = new ArrayList<>();
        assertThat(set.findTarget("apps/x", repo.loader(visited))).isEmpty();
        assertThat(visited).isEmpty();
    }

    @Test
    void cyclesAreVisitedOnceAndTheWalkIsBounded() {
        // every role delegates to itself and to the next one: 40 roles in a chain
        Repo repo = new Repo(named(role("r0", false, "*")));
        for (int i = 0; i < 40; i++) {
            repo.put(
                    "r" + i,
                    listing().withDelegations(named(role("r" + i, false, "*"), role("r" + (i + 1), false, "*"))),
                    delegate);
        }
        repo.put("r40", listing("deep"), delegate);
        TrustedMetadataSet set = repo.publish();
        List<String> visited = new ArrayList<>();
        assertThat(set.findTarget("deep", repo.loader(visited))).isEmpty();
        assertThat(visited).hasSize(TrustedMetadataSet.MAX_DELEGATIONS - 1).doesNotHaveDuplicates();
    }

    @Test
    void updatesMustComeInOrder() {
        Repo repo = new Repo(named(role("a", false, "*")));
        repo.put("a", listing(), delegate);
        TrustedMetadataSet set = repo.publish();
        fails(Reason.INCONSISTENT, () -> set.updateRoot(repo.root.toBytes()));
        fails(Reason.INCONSISTENT, () -> set.updateTimestamp(repo.timestamp.toBytes()));
        fails(Reason.INCONSISTENT, () -> set.updateSnapshot(repo.snapshot.toBytes()));
        TrustedMetadataSet fresh = new TrustedMetadataSet(repo.root.toBytes(), NOW);
        fails(Reason.INCONSISTENT, () -> fresh.updateSnapshot(repo.snapshot.toBytes()));
        fails(
                Reason.INCONSISTENT,
                () -> fresh.updateTargets(repo.roles.get(Targets.TYPE).toBytes()));
        fails(Reason.INCONSISTENT, () -> fresh.findTarget("x", (r, m) -> new byte[0]));
    }

    @Test
    void rootRotationNeedsVersionNPlusOneAndBothThresholds() {
        Repo repo = new Repo(named(role("a", false, "*")));
        Signer newRoot = Fixtures.newSigner(SignatureScheme.ECDSA_SHA2_NISTP384);
        Root next = repo.root
                .signed()
                .withoutKey(Root.TYPE, rootKey.keyId())
                .withKey(Root.TYPE, newRoot.publicKey())
                .withVersion(2);
        TrustedMetadataSet set = new TrustedMetadataSet(repo.root.toBytes(), NOW);
        fails(
                Reason.UNSIGNED,
                () -> set.updateRoot(Metadata.of(next).sign(newRoot).toBytes()));
        fails(
                Reason.UNSIGNED,
                () -> set.updateRoot(Metadata.of(next).sign(rootKey).toBytes()));
        fails(
                Reason.BAD_VERSION,
                () -> set.updateRoot(Metadata.of(next.withVersion(3))
                        .sign(rootKey)
                        .sign(newRoot)
                        .toBytes()));
        set.updateRoot(Metadata.of(next).sign(rootKey).sign(newRoot).toBytes());
        assertThat(set.root().signed().version()).isEqualTo(2);
        // v3 must now satisfy the new root, not the first one
        Root third = next.withVersion(3);
        fails(
                Reason.UNSIGNED,
                () -> set.updateRoot(Metadata.of(third).sign(rootKey).toBytes()));
        set.updateRoot(Metadata.of(third).sign(newRoot).toBytes());
    }

    @Test
    void anExpiredFinalRootStopsTheUpdateButNotTheChain() {
        Repo repo = new Repo(named(role("a", false, "*")));
        repo.publish();
        TrustedMetadataSet set = new TrustedMetadataSet(repo.root.toBytes(), LATER);
        fails(Reason.EXPIRED, () -> set.updateTimestamp(repo.timestamp.toBytes()));
    }

    @Test
    void aNewSnapshotMayNotDropARoleOrRollItBack() {
        Repo repo = new Repo(named(role("a", false, "*")));
        repo.put("a", listing().withVersion(3), delegate);
        repo.publish();
        Metadata<Snapshot> cached = repo.snapshot;

        Snapshot rolledBack = cached.signed().withMeta("a", MetaFile.of(2)).withVersion(2);
        Snapshot dropped =
                cached.signed().withMeta(Map.of("targets.json", MetaFile.of(1))).withVersion(2);
        Snapshot fine = cached.signed().withMeta("a", MetaFile.of(4)).withVersion(2);
        Map<Snapshot, Reason> cases = new LinkedHashMap<>();
        cases.put(rolledBack, Reason.BAD_VERSION);
        cases.put(dropped, Reason.INCONSISTENT);
        cases.put(fine, null);
        cases.forEach((snapshot, reason) -> {
            Metadata<Snapshot> md = Metadata.of(snapshot).sign(online);
            Metadata<Timestamp> ts = Metadata.of(
                            repo.timestamp.signed().withVersion(2).withSnapshotMeta(MetaFile.of(2, md.toBytes())))
                    .sign(online);
            // as a client does: cached timestamp, new timestamp, cached snapshot, new snapshot
            TrustedMetadataSet set = new TrustedMetadataSet(repo.root.toBytes(), NOW);
            set.updateTimestamp(repo.timestamp.toBytes());
            set.updateTimestamp(ts.toBytes());
            // the cached snapshot is kept for rollback checks, though it is not the one timestamp names
            fails(Reason.BAD_VERSION, () -> set.updateSnapshot(cached.toBytes(), true));
            if (reason == null) {
                assertThat(set.updateSnapshot(md.toBytes()).signed().version()).isEqualTo(2);
            } else {
                fails(reason, () -> set.updateSnapshot(md.toBytes()));
            }
        });
    }

    @Test
    void anExpiredDelegatedRoleIsRefused() {
        Repo repo = new Repo(named(role("a", false, "*")));
        repo.put("a", listing("x").withExpires(NOW), delegate);
        TrustedMetadataSet set = repo.publish();
        fails(Reason.EXPIRED, () -> set.findTarget("x", repo.loader(new ArrayList<>())));
    }
}
