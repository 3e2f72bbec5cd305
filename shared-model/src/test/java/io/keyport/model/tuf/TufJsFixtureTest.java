package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.keyport.model.tuf.TufException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The verifier against a repository written and signed by another implementation: tuf-js's model
 * classes with Node's crypto (fixtures in {@code src/test/resources/io/keyport/model/tuf/tufjs}, see
 * its README). Covers the root rotation with all four schemes, hash bins, unknown fields, and the
 * negative cases built from the same files.
 */
class TufJsFixtureTest {

    private static TrustedMetadataSet fullSet(Instant reference) {
        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), reference);
        set.updateRoot(Fixtures.tufjs("2.root.json"));
        set.updateTimestamp(Fixtures.tufjs("timestamp.json"));
        set.updateSnapshot(Fixtures.tufjs("1.snapshot.json"));
        set.updateTargets(Fixtures.tufjs("1.targets.json"));
        return set;
    }

    private static void fails(Reason reason, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        TufException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    @Test
    void rootRotationAndTheWholeChainVerify() {
        TrustedMetadataSet set = fullSet(Fixtures.NOW);
        Root root = set.root().signed();
        assertThat(root.version()).isEqualTo(2);
        assertThat(root.keysOf(Root.TYPE))
                .extracting(Key::scheme)
                .containsExactly("ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "rsassa-pss-sha256");
        assertThat(set.snapshot().orElseThrow().signed().meta()).hasSize(17);
        assertThat(set.targets(Targets.TYPE)
                        .orElseThrow()
                        .signed()
                        .delegations()
                        .succinctRoles()
                        .bitLength())
                .isEqualTo(4);
    }

    @Test
    void rotationReachesBothThresholdsEvenThoughTheOldRootSignedWithTwoOfFour() {
        Metadata<Root> one = Metadata.fromBytes(Fixtures.tufjs("1.root.json"), Root.class);
        Metadata<Root> two = Metadata.fromBytes(Fixtures.tufjs("2.root.json"), Root.class);
        RootVerificationResult result = one.signed().rotationResult(two);
        assertThat(result.verified()).isTrue();
        assertThat(result.trusted().signed()).hasSize(2);
        assertThat(result.next().signed()).hasSize(3);
    }

    @Test
    void everyTargetIsFoundInTheBinTufJsPutItIn() {
        TrustedMetadataSet set = fullSet(Fixtures.NOW);
        SuccinctRoles bins =
                set.targets(Targets.TYPE).orElseThrow().signed().delegations().succinctRoles();
        List<String> loaded = new ArrayList<>();
        JsonNode expected = TufJson.parse(Fixtures.tufjs("bins.json"));
        expected.fields().forEachRemaining(e -> {
            String path = e.getKey();
            String bin = e.getValue().textValue();
            assertThat(bins.roleForTarget(path)).as(path).isEqualTo(bin);
            var match = set.findTarget(path, (role, meta) -> {
                loaded.add(role);
                return Fixtures.tufjs(meta.version() + "." + role + ".json");
            });
            assertThat(match).as(path).isPresent();
            assertThat(match.get().role()).isEqualTo(bin);
            byte[] content = ("content of " + path).getBytes(StandardCharsets.UTF_8);
            match.get().target().verifyLengthAndHashes(content);
            assertThat(match.get().target().custom().get("build").intValue()).isEqualTo(42);
        });
        assertThat(loaded).contains("bins-6", "bins-b", "bins-d").doesNotHaveDuplicates();
        // a path whose bin is empty is not found, and only its bin is loaded
        assertThat(set.findTarget(
                        "apps/unknown/9", (role, meta) -> Fixtures.tufjs(meta.version() + "." + role + ".json")))
                .isEmpty();
    }

    @Test
    void unknownFieldsSurviveARoundTripAndTheSignatureStillVerifies() {
        Metadata<Root> root = Metadata.fromBytes(Fixtures.tufjs("1.root.json"), Root.class);
        Metadata<Targets> read = Metadata.fromBytes(Fixtures.tufjs("1.targets.json"), Targets.class);
        assertThat(read.signed().unrecognizedFields()).containsKey("x-keyport-fixture");

        Metadata<Targets> again = Metadata.fromBytes(read.toBytes(), Targets.class);
        assertThat(again).isEqualTo(read);
        assertThat(Metadata.fromBytes(read.toPrettyBytes(), Targets.class)).isEqualTo(read);
        root.signed().verifyDelegate(Targets.TYPE, again);

        // and the unknown field is signed: changing it breaks the signature
        ObjectNode tree = again.toJson();
        ((ObjectNode) tree.get("signed").get("x-keyport-fixture")).set("note", TextNode.valueOf("changed"));
        Metadata<Targets> tampered = Metadata.fromJson(tree).as(Targets.class);
        fails(Reason.UNSIGNED, () -> root.signed().verifyDelegate(Targets.TYPE, tampered));
    }

    @Test
    void everyFileKeepsItsCanonicalBytesThroughTheModel() {
        for (String file : List.of(
                "1.root.json", "2.root.json", "1.targets.json", "1.bins-6.json", "1.snapshot.json", "timestamp.json")) {
            JsonNode raw = TufJson.parse(Fixtures.tufjs(file));
            Metadata<Signed> md = Metadata.fromJson(raw);
            assertThat(md.signedBytes()).as(file).isEqualTo(TufJson.canonical(raw.get("signed")));
        }
    }

    @Test
    void thresholdNotMet() {
        // root v1 needs 2 of its 2 root keys; drop one signature
        Metadata<Root> root = Metadata.fromBytes(Fixtures.tufjs("1.root.json"), Root.class);
        byte[] oneSignature = new Metadata<>(root.signed(), root.signatures().subList(0, 1), Map.of()).toBytes();
        fails(Reason.UNSIGNED, () -> new TrustedMetadataSet(oneSignature, Fixtures.NOW));
    }

    @Test
    void aDuplicatedSignatureCountsOnce() {
        Metadata<Root> root = Metadata.fromBytes(Fixtures.tufjs("1.root.json"), Root.class);
        Signature first = root.signatures().get(0);
        Metadata<Root> twice = new Metadata<>(root.signed(), List.of(first, first), Map.of());
        VerificationResult result = root.signed().verificationResult(Root.TYPE, twice);
        assertThat(result.signed()).containsExactly(first.keyId());
        assertThat(result.missing()).isEqualTo(1);
        fails(Reason.UNSIGNED, () -> new TrustedMetadataSet(twice.toBytes(), Fixtures.NOW));
    }

    @Test
    void aRotationSignedOnlyByTheOldRootIsRefused() {
        Metadata<Root> two = Metadata.fromBytes(Fixtures.tufjs("2.root.json"), Root.class);
        Metadata<Root> one = Metadata.fromBytes(Fixtures.tufjs("1.root.json"), Root.class);
        List<String> oldKeys = one.signed().role(Root.TYPE).keyIds();
        // keep the signatures of the old root's keys only: rootA and rootB (rootB is in both roots)
        Metadata<Root> oldOnly = new Metadata<>(
                two.signed(),
                two.signatures().stream()
                        .filter(s -> oldKeys.contains(s.keyId()))
                        .toList(),
                Map.of());
        RootVerificationResult result = one.signed().rotationResult(oldOnly);
        assertThat(result.trusted().verified()).isTrue();
        assertThat(result.next().signed()).hasSize(1);
        assertThat(result.verified()).isFalse();
        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), Fixtures.NOW);
        fails(Reason.UNSIGNED, () -> set.updateRoot(oldOnly.toBytes()));
        assertThat(set.root().signed().version()).isEqualTo(1);
    }

    @Test
    void expired() {
        Instant after = Instant.parse("2035-01-01T00:00:00Z"); // the expiry itself counts as expired
        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), after);
        set.updateRoot(Fixtures.tufjs("2.root.json"));
        fails(Reason.EXPIRED, () -> set.updateTimestamp(Fixtures.tufjs("timestamp.json")));
        TrustedMetadataSet before = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), after.minusSeconds(1));
        before.updateRoot(Fixtures.tufjs("2.root.json"));
        before.updateTimestamp(Fixtures.tufjs("timestamp.json"));
    }

    @Test
    void wrongHashOrLength() {
        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), Fixtures.NOW);
        set.updateTimestamp(Fixtures.tufjs("timestamp.json"));
        byte[] snapshot = Fixtures.tufjs("1.snapshot.json");
        byte[] sameLengthOtherBytes = snapshot.clone();
        int space = new String(snapshot, StandardCharsets.UTF_8).indexOf(' ');
        sameLengthOtherBytes[space] = '\t'; // still valid JSON with the same signatures, but another hash
        fails(Reason.LENGTH_OR_HASH_MISMATCH, () -> set.updateSnapshot(sameLengthOtherBytes));
        byte[] longer = (new String(snapshot, StandardCharsets.UTF_8) + "\n").getBytes(StandardCharsets.UTF_8);
        fails(Reason.LENGTH_OR_HASH_MISMATCH, () -> set.updateSnapshot(longer));
        // a cached copy is not checked against the timestamp's hash
        set.updateSnapshot(sameLengthOtherBytes, true);
        // an even bin has length and hashes in snapshot; a changed byte is caught before parsing
        byte[] bin = Fixtures.tufjs("1.bins-0.json");
        byte[] changedBin = bin.clone();
        changedBin[new String(bin, StandardCharsets.UTF_8).indexOf(' ')] = '\t';
        set.updateTargets(Fixtures.tufjs("1.targets.json"));
        fails(Reason.LENGTH_OR_HASH_MISMATCH, () -> set.updateDelegatedTargets(changedBin, "bins-0", Targets.TYPE));
        set.updateDelegatedTargets(bin, "bins-0", Targets.TYPE);
    }

    @Test
    void timestampRollbackAndEquivalentVersion() {
        var online = Fixtures.tufjsOnlineKey();
        Metadata<Timestamp> v1 = Metadata.fromBytes(Fixtures.tufjs("timestamp.json"), Timestamp.class);
        assertThat(online.keyId()).isEqualTo(v1.signatures().get(0).keyId());
        Metadata<Timestamp> v2 = v1.withSigned(v1.signed().withVersion(2)).sign(online);

        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), Fixtures.NOW);
        set.updateTimestamp(v2.toBytes()); // the locally cached, newer one
        fails(Reason.BAD_VERSION, () -> set.updateTimestamp(Fixtures.tufjs("timestamp.json")));
        fails(Reason.EQUIVALENT_TIMESTAMP, () -> set.updateTimestamp(v2.toBytes()));
        // a newer timestamp that points at an older snapshot is a rollback too
        Metadata<Timestamp> v3Old = v1.withSigned(v1.signed().withVersion(3)).sign(online);
        TrustedMetadataSet ahead = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), Fixtures.NOW);
        ahead.updateTimestamp(v1.withSigned(v1.signed().withVersion(2).withSnapshotMeta(MetaFile.of(5)))
                .sign(online)
                .toBytes());
        fails(Reason.BAD_VERSION, () -> ahead.updateTimestamp(v3Old.toBytes()));
    }

    @Test
    void snapshotVersionMustMatchTheTimestampAndTargetsTheSnapshot() {
        var online = Fixtures.tufjsOnlineKey();
        Metadata<Snapshot> snapshot = Metadata.fromBytes(Fixtures.tufjs("1.snapshot.json"), Snapshot.class);
        Metadata<Snapshot> v2 =
                snapshot.withSigned(snapshot.signed().withVersion(2)).sign(online);
        Metadata<Timestamp> ts = Metadata.fromBytes(Fixtures.tufjs("timestamp.json"), Timestamp.class);
        Metadata<Timestamp> tsV2 = ts.withSigned(ts.signed().withVersion(2).withSnapshotMeta(MetaFile.of(1)))
                .sign(online);
        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), Fixtures.NOW);
        set.updateTimestamp(tsV2.toBytes());
        fails(Reason.BAD_VERSION, () -> set.updateSnapshot(v2.toBytes()));

        // targets must be the version snapshot lists
        Metadata<Targets> targets = Metadata.fromBytes(Fixtures.tufjs("1.targets.json"), Targets.class);
        Metadata<Snapshot> listsV2 = snapshot.withSigned(snapshot.signed().withMeta(Targets.TYPE, MetaFile.of(2)))
                .sign(online);
        TrustedMetadataSet other = new TrustedMetadataSet(Fixtures.tufjs("1.root.json"), Fixtures.NOW);
        other.updateTimestamp(tsV2.toBytes());
        other.updateSnapshot(listsV2.toBytes());
        fails(Reason.BAD_VERSION, () -> other.updateTargets(targets.toBytes()));
        // and a bin the snapshot does not list is inconsistent
        fails(
                Reason.INCONSISTENT,
                () -> other.updateDelegatedTargets(Fixtures.tufjs("1.bins-0.json"), "bins-0", "targets"));
    }

    @Test
    void aBinSignedByTheWrongKeyIsRefused() {
        TrustedMetadataSet set = fullSet(Fixtures.NOW);
        Metadata<Targets> bin = Metadata.fromBytes(Fixtures.tufjs("1.bins-1.json"), Targets.class);
        Metadata<Targets> forged =
                bin.withoutSignatures().sign(Fixtures.newSigner(io.keyport.model.tuf.crypto.SignatureScheme.ED25519));
        // bins-1 is listed version-only, so only the signature can catch this
        fails(Reason.UNSIGNED, () -> set.updateDelegatedTargets(forged.toBytes(), "bins-1", Targets.TYPE));
        fails(Reason.INCONSISTENT, () -> set.updateDelegatedTargets(bin.toBytes(), "bins-1", "bins-0"));
    }
}
