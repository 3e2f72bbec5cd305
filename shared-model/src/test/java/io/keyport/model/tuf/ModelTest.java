package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.model.tuf.TufException.Reason;
import io.keyport.model.tuf.crypto.SignatureScheme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The model's own rules: shapes it refuses, path matching, hash bins, expiry format, building and signing. */
class ModelTest {

    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    private static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    private static void malformed(String metadata) {
        assertThatThrownBy(() -> Metadata.fromBytes(json(metadata)))
                .isInstanceOfSatisfying(
                        TufException.class,
                        e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.MALFORMED));
    }

    private static final String TS_SIGNED =
            "'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00Z',"
                    + "'meta':{'snapshot.json':{'version':1}}";

    @Test
    void aMinimalTimestampReads() {
        Metadata<Signed> md = Metadata.fromBytes(json("{'signed':{" + TS_SIGNED + "},'signatures':[]}"));
        assertThat(md.signed()).isInstanceOf(Timestamp.class);
        assertThat(md.signed().expires()).isEqualTo(EXPIRES);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'signed':{" + TS_SIGNED + "}}", // no signatures
                "{'signed':{" + TS_SIGNED + "},'signatures':{}}",
                "{'signed':{" + TS_SIGNED + ",'version':'1'},'signatures':[]}", // duplicate key
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':'1','expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1.0,'expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':0,'expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'2.0.0','version':1,'expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00.123Z','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00+00:00','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-02-30T00:00:00Z','meta':{'snapshot.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1},'x.json':{'version':1}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1,'hashes':{}}}},'signatures':[]}",
                "{'signed':{'_type':'timestamp','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00Z','meta':{'snapshot.json':{'version':1,'length':-1}}},'signatures':[]}",
                "{'signed':{'_type':'mirrors','spec_version':'1.0.31','version':1,'expires':'2030-01-01T00:00:00Z'},'signatures':[]}",
                "{'signed':{" + TS_SIGNED + "},'signatures':[{'keyid':1,'sig':''}]}",
                "[]",
            })
    void malformedMetadataIsRefused(String metadata) {
        malformed(metadata);
    }

    @Test
    void rootNeedsExactlyTheFourTopLevelRoles() {
        Root root = Root.initial(EXPIRES);
        var roles = new java.util.LinkedHashMap<>(root.roles());
        roles.remove(Snapshot.TYPE);
        assertThatThrownBy(() -> new Root(Signed.SPEC_VERSION, 1, EXPIRES, Map.of(), roles, true, Map.of()))
                .isInstanceOf(TufException.class);
        roles.put(Snapshot.TYPE, Role.of(List.of(), 1));
        roles.put("mirror", Role.of(List.of(), 1));
        assertThatThrownBy(() -> new Root(Signed.SPEC_VERSION, 1, EXPIRES, Map.of(), roles, true, Map.of()))
                .isInstanceOf(TufException.class);
    }

    @Test
    void roleInvariants() {
        assertThatThrownBy(() -> Role.of(List.of("a"), 0)).isInstanceOf(TufException.class);
        assertThatThrownBy(() -> Role.of(List.of("a", "a"), 1)).isInstanceOf(TufException.class);
        assertThatThrownBy(() -> new DelegatedRole("r", List.of("a"), 1, false, null, null, Map.of()))
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() -> new DelegatedRole("r", List.of("a"), 1, false, List.of("*"), List.of("ab"), Map.of()))
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() -> DelegatedRole.withPaths("snapshot", List.of("a"), 1, false, List.of("*")))
                .isInstanceOf(TufException.class);
        var role = DelegatedRole.withPaths("r", List.of("a"), 1, false, List.of("*"));
        assertThatThrownBy(() -> Delegations.named(Map.of(), List.of(role, role)))
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() ->
                        new Delegations(Map.of(), List.of(role), SuccinctRoles.of(List.of("a"), 1, 2, "b"), Map.of()))
                .isInstanceOf(TufException.class);
        assertThatThrownBy(() -> SuccinctRoles.of(List.of("a"), 1, 33, "bins")).isInstanceOf(TufException.class);
        assertThatThrownBy(() -> new TargetFile(1, Map.of(), null, Map.of())).isInstanceOf(TufException.class);
        // an unrecognised field may not shadow a known one
        assertThatThrownBy(() -> new Signature("k", "00", Map.of("sig", TufJson.NODES.textNode("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "apps/*          | apps/kio        | true",
                "apps/*          | apps/kio/1.0    | false",
                "apps/*/*        | apps/kio/1.0    | true",
                "*               | a/b             | false",
                "*.tgz           | chart.tgz       | true",
                "*.tgz           | charts/a.tgz    | false",
                "file?.txt       | file1.txt       | true",
                "file?.txt       | file10.txt      | false",
                "file[0-2].txt   | file2.txt       | true",
                "file[0-2].txt   | file3.txt       | false",
                "file[!0-2].txt  | file3.txt       | true",
                "file[!0-2].txt  | file1.txt       | false",
                "a.b             | axb             | false",
                "a[b             | a[b             | true",
                "(x)+$           | (x)+$           | true",
                "[z-a]           | q               | false",
                "dir/            | dir/            | true",
            })
    void pathPatternsMatchSegmentBySegment(String pattern, String path, boolean matches) {
        assertThat(DelegatedRole.matches(path, pattern)).isEqualTo(matches);
    }

    @Test
    void pathHashPrefixes() {
        String hash = TufJson.sha256Hex("file1.txt".getBytes(StandardCharsets.UTF_8));
        var role = new DelegatedRole("r", List.of("a"), 1, false, null, List.of(hash.substring(0, 3)), Map.of());
        assertThat(role.isDelegatedPath("file1.txt")).isTrue();
        assertThat(role.isDelegatedPath("file2.txt"))
                .isEqualTo(TufJson.sha256Hex("file2.txt".getBytes(StandardCharsets.UTF_8))
                        .startsWith(hash.substring(0, 3)));
    }

    @Test
    void succinctRoleNamesArePaddedToTheLastBinsWidth() {
        assertThat(SuccinctRoles.of(List.of("k"), 1, 1, "bins").roleNames()).containsExactly("bins-0", "bins-1");
        SuccinctRoles b8 = SuccinctRoles.of(List.of("k"), 1, 8, "bins");
        assertThat(b8.numberOfBins()).isEqualTo(256);
        assertThat(b8.roleNames()).hasSize(256).startsWith("bins-00", "bins-01").endsWith("bins-ff");
        SuccinctRoles b10 = SuccinctRoles.of(List.of("k"), 1, 10, "x");
        assertThat(b10.roleName(0)).isEqualTo("x-000");
        assertThat(b10.roleName(1023)).isEqualTo("x-3ff");
        assertThat(b10.isDelegatedRole("x-3ff")).isTrue();
        assertThat(b10.isDelegatedRole("x-400")).isFalse();
        assertThat(b10.isDelegatedRole("x-3FF")).isFalse();
        assertThat(b10.isDelegatedRole("x-03ff")).isFalse();
        assertThat(b10.isDelegatedRole("y-000")).isFalse();
        // the bin is the top bits of the first four bytes of sha256(path)
        String path = "apps/kio/1.0.0";
        long first32 = Long.parseLong(
                TufJson.sha256Hex(path.getBytes(StandardCharsets.UTF_8)).substring(0, 8), 16);
        assertThat(b10.binNumber(path)).isEqualTo(first32 >>> 22);
        assertThat(SuccinctRoles.of(List.of("k"), 1, 32, "b").roleForTarget(path))
                .isEqualTo("b-"
                        + TufJson.sha256Hex(path.getBytes(StandardCharsets.UTF_8))
                                .substring(0, 8));
    }

    @Test
    void expiresIsWrittenWithoutFractionalSeconds() {
        Instant withNanos = Instant.parse("2030-05-06T07:08:09.987654321Z");
        assertThat(TufTime.format(withNanos)).isEqualTo("2030-05-06T07:08:09Z");
        Timestamp ts = Timestamp.create(withNanos);
        assertThat(ts.expires()).isEqualTo(Instant.parse("2030-05-06T07:08:09Z"));
        assertThat(ts.toJson().get("expires").textValue()).isEqualTo("2030-05-06T07:08:09Z");
        assertThat(TufTime.parse("0001-01-01T00:00:00Z")).isEqualTo(Instant.parse("0001-01-01T00:00:00Z"));
        assertThatThrownBy(() -> TufTime.parse("2030-01-01T24:00:00Z")).isInstanceOf(TufException.class);
        assertThatThrownBy(() -> TufTime.parse("2030-1-01T00:00:00Z")).isInstanceOf(TufException.class);
    }

    @Test
    void absentOptionalFieldsStayAbsent() {
        String text =
                "{'signed':{'_type':'root','spec_version':'1.0','version':1,'expires':'2030-01-01T00:00:00Z','keys':{},"
                        + "'roles':{'root':{'keyids':[],'threshold':1},'targets':{'keyids':[],'threshold':1},"
                        + "'snapshot':{'keyids':[],'threshold':1},'timestamp':{'keyids':[],'threshold':1}}},'signatures':[]}";
        Metadata<Root> root = Metadata.fromBytes(json(text), Root.class);
        assertThat(root.signed().consistentSnapshot()).isNull();
        assertThat(root.signed().isConsistentSnapshot()).isFalse();
        assertThat(root.signed().toJson().has("consistent_snapshot")).isFalse();
        assertThat(root.signedBytes())
                .isEqualTo(TufJson.canonical(TufJson.parse(json(text)).get("signed")));
        assertThat(MetaFile.of(3).toJson().toString()).isEqualTo("{\"version\":3}");
    }

    @Test
    void buildSignAndChangeARoot() {
        var a = Fixtures.newSigner(SignatureScheme.ED25519);
        var b = Fixtures.newSigner(SignatureScheme.ECDSA_SHA2_NISTP256);
        Root root = Root.initial(EXPIRES)
                .withKey(Root.TYPE, a.publicKey())
                .withKey(Root.TYPE, b.publicKey())
                .withThreshold(Root.TYPE, 2)
                .withKey(Timestamp.TYPE, b.publicKey());
        assertThat(root.keys()).containsOnlyKeys(a.keyId(), b.keyId());
        assertThat(root.role(Root.TYPE).keyIds()).containsExactly(a.keyId(), b.keyId());

        Metadata<Root> md = Metadata.of(root).sign(a);
        assertThat(root.verificationResult(Root.TYPE, md).missing()).isEqualTo(1);
        md = md.sign(b).sign(a); // signing again with a replaces its signature
        assertThat(md.signatures()).extracting(Signature::keyId).containsExactly(b.keyId(), a.keyId());
        assertThat(root.verificationResult(Root.TYPE, md).verified()).isTrue();
        assertThat(Metadata.fromBytes(md.toBytes(), Root.class)).isEqualTo(md);

        // a key leaves the keys only when no role uses it any more
        Root withoutB = root.withoutKey(Root.TYPE, b.keyId());
        assertThat(withoutB.keys()).containsKey(b.keyId());
        assertThat(withoutB.withoutKey(Timestamp.TYPE, b.keyId()).keys()).containsOnlyKeys(a.keyId());
        // a changed role needs new signatures
        assertThat(md.withSigned(root.withVersion(2)).signatures()).isEmpty();
    }

    @Test
    void theSameKeyUnderTwoKeyidsCountsOnce() {
        var a = Fixtures.newSigner(SignatureScheme.ED25519);
        Key same = a.publicKey();
        Key sameWithExtra =
                new Key(same.keyType(), same.scheme(), same.keyVal(), Map.of("x-name", TufJson.NODES.textNode("a")));
        Root root = Root.initial(EXPIRES)
                .withKey(Root.TYPE, same)
                .withKey(Root.TYPE, sameWithExtra)
                .withThreshold(Root.TYPE, 2);
        assertThat(root.role(Root.TYPE).keyIds()).hasSize(2);
        Metadata<Root> md = Metadata.of(root).sign(a);
        md = md.withSignature(Signature.of(sameWithExtra.keyId(), a.sign(md.signedBytes())));
        VerificationResult result = root.verificationResult(Root.TYPE, md);
        assertThat(result.signed()).hasSize(1);
        assertThat(result.verified()).isFalse();
    }

    @Test
    void targetsAndSnapshotBuilders() {
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);
        Targets targets = Targets.create(EXPIRES)
                .withTarget(
                        "apps/a/1",
                        TargetFile.of(content)
                                .withCustom(TufJson.NODES.objectNode().put("approvals", 2)))
                .withTarget("apps/a/2", TargetFile.of(5, TufJson.sha256Hex(content)));
        targets.targets().get("apps/a/2").verifyLengthAndHashes(content);
        assertThatThrownBy(() -> targets.targets()
                        .get("apps/a/2")
                        .verifyLengthAndHashes("hellO".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LENGTH_OR_HASH_MISMATCH));
        TargetFile blake = new TargetFile(5, Map.of("blake2b-256", "00"), null, Map.of());
        assertThatThrownBy(() -> blake.verifyLengthAndHashes(content)).isInstanceOf(TufException.class);
        assertThat(targets.withoutTarget("apps/a/1").targets()).containsOnlyKeys("apps/a/2");

        byte[] bytes = Metadata.of(targets).toBytes();
        Snapshot snapshot = Snapshot.create(EXPIRES).withMeta(Targets.TYPE, MetaFile.of(1, bytes));
        snapshot.metaFor(Targets.TYPE).orElseThrow().verifyLengthAndHashes(bytes);
        assertThat(snapshot.metaFor("bins-00")).isEmpty();
    }
}
