package io.keyport.model.tuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import io.keyport.model.tuf.signer.Signer;
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
    void theCoreKeyidIgnoresExtraFieldsAsSecuresystemslibComputesIt() {
        Key plain = Key.of("ed25519", "ed25519", "a".repeat(64));
        Key named =
                new Key("ed25519", "ed25519", plain.keyVal(), Map.of("x-rstuf-key-name", TextNode.valueOf("online")));
        assertThat(named.keyId()).isNotEqualTo(plain.keyId());
        assertThat(named.coreKeyId()).isEqualTo(plain.keyId()).isEqualTo(plain.coreKeyId());
        assertThat(named.matchesKeyId(plain.keyId())).isTrue();
        assertThat(named.matchesKeyId(named.keyId())).isTrue();
        assertThat(named.matchesKeyId("0".repeat(64))).isFalse();

        // a signer presents its key as a role publishes it, under either keyid
        var signer = Fixtures.newSigner(io.keyport.model.tuf.crypto.SignatureScheme.ED25519);
        Key published = new Key(
                signer.publicKey().keyType(),
                signer.scheme(),
                signer.publicKey().keyVal(),
                Map.of("x-tuf-on-ci-keyowner", TextNode.valueOf("@alice")));
        Signer asOwner = signer.asPublished(published.keyId(), published);
        assertThat(asOwner.keyId()).isEqualTo(published.keyId()).isNotEqualTo(signer.keyId());
        assertThat(asOwner.publicKey()).isEqualTo(published);
        assertThat(signer.asPublished(signer.keyId(), published).keyId()).isEqualTo(signer.keyId());
        assertThatThrownBy(() -> signer.asPublished("0".repeat(64), published))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.asPublished(plain.keyId(), plain)).isInstanceOf(IllegalArgumentException.class);
        Metadata<Root> md = Metadata.of(Root.initial(java.time.Instant.parse("2030-01-01T00:00:00Z"))
                        .withKey(Root.TYPE, published))
                .sign(asOwner);
        assertThat(md.signed().verificationResult(Root.TYPE, md).verified()).isTrue();
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
