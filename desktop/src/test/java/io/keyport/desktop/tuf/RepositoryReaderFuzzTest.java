package io.keyport.desktop.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.model.tuf.Delegations;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.MetaFile;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Snapshot;
import io.keyport.model.tuf.SuccinctRoles;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The console's reader of published metadata on hostile files: a valid repository (root, targets
 * with two hash bins, both bins, snapshot, timestamp) in which one file is replaced by any bytes.
 * The reader never throws; it shows the repository or names what failed, and a repository it calls
 * verified lists every role.
 */
class RepositoryReaderFuzzTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final Signer ONLINE = signer(SignatureScheme.ED25519);
    private static final Map<String, byte[]> REPOSITORY = repository();

    private static Signer signer(SignatureScheme scheme) {
        KeyPair pair = KeyFiles.generate(scheme);
        return PrivateKeySigner.of(pair.getPrivate(), pair.getPublic());
    }

    private static Map<String, byte[]> repository() {
        Signer alice = signer(SignatureScheme.ED25519);
        Signer bob = signer(SignatureScheme.ECDSA_SHA2_NISTP256);
        Key online = ONLINE.publicKey();
        Root root = RehearsalRepository.root(List.of(), 2, online, NOW)
                .withKey(Root.TYPE, alice.publicKey())
                .withKey(Root.TYPE, bob.publicKey());
        Instant week = NOW.plus(Duration.ofDays(7));
        Targets targets = Targets.create(week)
                .withDelegations(Delegations.succinct(
                        Map.of(online.keyId(), online), SuccinctRoles.of(List.of(online.keyId()), 1, 1, "bins")));
        Map<String, byte[]> files = new TreeMap<>();
        files.put("1.root.json", Metadata.of(root).sign(alice).sign(bob).toBytes());
        files.put("1.targets.json", Metadata.of(targets).sign(ONLINE).toBytes());
        Snapshot snapshot = Snapshot.create(week).withMeta("targets", MetaFile.of(1));
        for (String bin : List.of("bins-0", "bins-1")) {
            Targets binRole = Targets.create(week).withTarget(bin + "/a.txt", TargetFile.of(new byte[] {1, 2}));
            files.put("1." + bin + ".json", Metadata.of(binRole).sign(ONLINE).toBytes());
            snapshot = snapshot.withMeta(bin, MetaFile.of(1));
        }
        byte[] snapshotBytes = Metadata.of(snapshot).sign(ONLINE).toBytes();
        files.put("1.snapshot.json", snapshotBytes);
        files.put(
                "timestamp.json",
                Metadata.of(Timestamp.create(week).withSnapshotMeta(MetaFile.of(1, snapshotBytes)))
                        .sign(ONLINE)
                        .toBytes());
        return Map.copyOf(files);
    }

    @org.junit.jupiter.api.Test
    void theUnchangedRepositoryVerifies() {
        RepositoryState state =
                new RepositoryReader(16).read(name -> Optional.ofNullable(REPOSITORY.get(name)), NOW, ONLINE.keyId());
        assertThat(state.verificationFailure()).isNull();
        assertThat(state.roles()).hasSize(6).allMatch(RoleStatus::signedEnough);
        assertThat(state.artifacts()).hasSize(2);
    }

    @FuzzTest(maxDuration = "10s")
    void anyFileIsShownOrNamedAsTheFailureNeverThrown(FuzzedDataProvider data) {
        List<String> names = List.copyOf(new TreeMap<>(REPOSITORY).keySet());
        String victim = names.get(data.consumeInt(0, names.size() - 1));
        Map<String, byte[]> files = new HashMap<>(REPOSITORY);
        files.put(victim, data.consumeRemainingAsBytes());

        RepositoryState state =
                new RepositoryReader(16).read(name -> Optional.ofNullable(files.get(name)), NOW, ONLINE.keyId());

        assertThat(state.published()).isTrue();
        if (state.verified()) {
            assertThat(state.roles())
                    .extracting(RoleStatus::name)
                    .containsExactly("root", "targets", "snapshot", "timestamp", "bins-0", "bins-1");
            assertThat(state.artifacts()).extracting(ArtifactRow::path).containsExactly("bins-0/a.txt", "bins-1/a.txt");
        } else {
            assertThat(state.verificationFailure()).isNotBlank();
        }
    }
}
