package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** keyid = lower-case hex SHA-256 of the canonical JSON of the key object exactly as published. */
class KeyIdTest {

    @Test
    void keyWithoutExtraFields() {
        // expected value from Python: sha256(json.dumps(key, sort_keys=True, separators=(",", ":")).encode())
        assertThat(Key.of("ed25519", "ed25519", "a".repeat(64)).keyId())
                .isEqualTo("95d0cae1d8ce74ee848b4981fc54cd7585941564154d0a07296d51aeb81861de");
    }

    @Test
    void extraFieldsAreHashedWithQuotesBackslashAndNonAsciiAsCanonicalJsonWritesThem() {
        Key key = new Key(
                "ed25519",
                "ed25519",
                Map.of("public", "a".repeat(64)),
                Map.of("x-keyport-name", TextNode.valueOf("J\u00fcrgen \"JJ\" \\ \uD83D\uDE00")));
        assertThat(key.keyId()).isEqualTo("c961aaae756192d78cdaee476c3dba4f9e1f9a689dc8be7854acbe1d06823741");
    }

    @Test
    void pythonTufKeyidsAreTheHashOfThePublishedKeyObject() {
        // securesystemslib (as used for this fixture) hashed the whole object, keyid_hash_algorithms
        // included; the RSA key's PEM holds newlines, which canonical JSON writes raw.
        Root root =
                Metadata.fromBytes(Fixtures.pythonTuf("root.json"), Root.class).signed();
        assertThat(root.keys()).hasSize(4);
        root.keys()
                .forEach((keyId, key) ->
                        assertThat(key.keyId()).as(key.keyType()).isEqualTo(keyId));
        assertThat(root.keys().values()).anySatisfy(k -> assertThat(k.keyType()).isEqualTo("rsa"));
    }

    @Test
    void tufJsKeyidsMatch() {
        var keys = TufJson.parse(Fixtures.tufjs("keyids.json"));
        assertThat(keys.size()).isEqualTo(5);
        keys.fields()
                .forEachRemaining(
                        e -> assertThat(Key.fromJson(e.getValue(), e.getKey()).keyId())
                                .isEqualTo(e.getKey()));
    }
}
