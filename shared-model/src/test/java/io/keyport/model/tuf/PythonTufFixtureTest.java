package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The verifier against python-tuf's own test repository (root signed with RSA-PSS, other roles with
 * Ed25519, keys with the legacy {@code keyid_hash_algorithms} field, a chain of named delegations).
 * Fixtures in {@code src/test/resources/io/keyport/model/tuf/python-tuf}, see its README.
 */
class PythonTufFixtureTest {

    private static TrustedMetadataSet trusted() {
        TrustedMetadataSet set = new TrustedMetadataSet(Fixtures.pythonTuf("root.json"), Fixtures.NOW);
        set.updateTimestamp(Fixtures.pythonTuf("timestamp.json"));
        set.updateSnapshot(Fixtures.pythonTuf("snapshot.json"));
        set.updateTargets(Fixtures.pythonTuf("targets.json"));
        return set;
    }

    @Test
    void theTopLevelChainVerifies() {
        TrustedMetadataSet set = trusted();
        assertThat(set.root().signed().keysOf(Root.TYPE))
                .extracting(Key::scheme)
                .containsExactly("rsassa-pss-sha256");
        assertThat(set.timestamp().orElseThrow().signed().snapshotMeta().length())
                .isEqualTo(515L);
        assertThat(set.targets(Targets.TYPE).orElseThrow().signed().targets()).containsKeys("file1.txt", "file2.txt");
    }

    @Test
    void targetsAreFoundThroughNamedDelegationsAndMatchTheirFiles() {
        TrustedMetadataSet set = trusted();
        List<String> loaded = new ArrayList<>();
        TrustedMetadataSet.MetadataLoader loader = (role, meta) -> {
            loaded.add(role);
            return Fixtures.pythonTuf(role + ".json"); // this repository is not consistent-snapshot
        };
        var file1 = set.findTarget("file1.txt", loader).orElseThrow();
        assertThat(file1.role()).isEqualTo(Targets.TYPE);
        assertThat(file1.target().custom().get("file_permissions").textValue()).isEqualTo("0644");
        file1.target().verifyLengthAndHashes(Fixtures.bytes("python-tuf/targets/file1.txt"));
        assertThat(loaded).isEmpty();

        var file3 = set.findTarget("file3.txt", loader).orElseThrow();
        assertThat(file3.role()).isEqualTo("role1");
        file3.target().verifyLengthAndHashes(Fixtures.bytes("python-tuf/targets/file3.txt"));
        assertThat(loaded).containsExactly("role1");

        // role1 delegates to role2 with empty paths: nothing else matches, so no more role is loaded
        assertThat(set.findTarget("file4.txt", loader)).isEmpty();
        assertThat(loaded).containsExactly("role1");
    }

    @Test
    void everyFileKeepsItsCanonicalBytesAndReadsBackEqual() {
        for (String file :
                List.of("root.json", "timestamp.json", "snapshot.json", "targets.json", "role1.json", "role2.json")) {
            JsonNode raw = TufJson.parse(Fixtures.pythonTuf(file));
            Metadata<Signed> md = Metadata.fromJson(raw);
            assertThat(md.signedBytes()).as(file).isEqualTo(TufJson.canonical(raw.get("signed")));
            assertThat(Metadata.fromBytes(md.toBytes())).as(file).isEqualTo(md);
        }
        // the legacy key field is an unrecognised field of the key and stays
        Root root =
                Metadata.fromBytes(Fixtures.pythonTuf("root.json"), Root.class).signed();
        assertThat(root.keys().values())
                .allSatisfy(k -> assertThat(k.unrecognizedFields()).containsKey("keyid_hash_algorithms"));
    }
}
