package io.keyport.desktop.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signed;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.security.KeyPair;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who still has to sign a root rotation (the trusted root's threshold and the new root's), and the
 * online key's rotation status, computed from metadata made with the model's signers.
 */
class SigningStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static Signer holder(String name, SignatureScheme scheme) {
        KeyPair pair = KeyFiles.generate(scheme);
        Signer signer = PrivateKeySigner.of(pair.getPrivate(), pair.getPublic());
        Key named = RehearsalRepository.named(signer.publicKey(), name);
        return signer.asPublished(named.keyId(), named);
    }

    @Test
    void aRootRotationNeedsBothThresholdsAndNamesWhoIsMissing() {
        Signer alice = holder("alice", SignatureScheme.ED25519);
        Signer bob = holder("bob", SignatureScheme.ECDSA_SHA2_NISTP256);
        Signer carol = holder("carol", SignatureScheme.ED25519);
        Key online1 = Key.of(KeyFiles.generate(SignatureScheme.ED25519).getPublic(), SignatureScheme.ED25519);
        Key online2 = Key.of(KeyFiles.generate(SignatureScheme.ED25519).getPublic(), SignatureScheme.ED25519);
        Root v1 = RehearsalRepository.root(List.of(), 2, online1, NOW)
                .withKey(Root.TYPE, alice.publicKey())
                .withKey(Root.TYPE, bob.publicKey());
        Metadata<Root> trusted = Metadata.of(v1).sign(alice).sign(bob);
        Root v2 = v1.withVersion(2).withoutKey(Root.TYPE, bob.keyId()).withKey(Root.TYPE, carol.publicKey());
        for (String role : SigningStatus.ONLINE_ROLES) {
            v2 = v2.withoutKey(role, online1.keyId()).withKey(role, online2);
        }
        Metadata<Root> pendingRoot = Metadata.of(v2).sign(alice);
        Map<String, Metadata<Signed>> pending = new LinkedHashMap<>();
        pending.put("root", Metadata.fromBytes(pendingRoot.toBytes()));
        pending.put("trusted_root", Metadata.fromBytes(trusted.toBytes()));

        List<SigningStatus.PendingRole> rows = SigningStatus.pending(pending, trusted, null, Map.of());

        assertThat(rows).singleElement().satisfies(root -> {
            assertThat(root.role()).isEqualTo("root");
            assertThat(root.version()).isEqualTo(2);
            assertThat(root.complete()).isFalse();
            assertThat(root.requirements())
                    .extracting(SigningStatus.Requirement::against)
                    .containsExactly("trusted root v1", "root v2");
            SigningStatus.Requirement old = root.requirements().get(0);
            assertThat(old.threshold()).isEqualTo(2);
            assertThat(old.signed()).isEqualTo(1);
            assertThat(old.stillToSign()).containsExactly("bob (" + bob.keyId().substring(0, 8) + ")");
            SigningStatus.Requirement next = root.requirements().get(1);
            assertThat(next.missing()).isEqualTo(1);
            assertThat(next.stillToSign())
                    .containsExactly("carol (" + carol.keyId().substring(0, 8) + ")");
        });

        // the server signs with the old key and holds the new one, which only the pending root names
        TufClient.OnlineKey held =
                new TufClient.OnlineKey(online1.keyId(), online1, List.of(online1.keyId(), online2.keyId()));
        SigningStatus.OnlineKeyStatus rotation = SigningStatus.onlineKey(held, trusted, rows, pending);
        assertThat(rotation.state()).isEqualTo(SigningStatus.OnlineKeyStatus.State.ROTATION_PENDING);
        assertThat(rotation.keyId()).isEqualTo(online1.keyId());
        assertThat(rotation.detail())
                .isEqualTo("Rotation pending: root v2 names the new key "
                        + online2.keyId().substring(0, 8)
                        + " and needs 1 more of trusted root v1 and 1 more of root v2; root v1 still names this one.");
        SigningStatus.OnlineKeyStatus beforeTheRootUpdate = SigningStatus.onlineKey(held, trusted, List.of(), Map.of());
        assertThat(beforeTheRootUpdate.state()).isEqualTo(SigningStatus.OnlineKeyStatus.State.IN_USE);
        assertThat(beforeTheRootUpdate.detail())
                .endsWith("The server also holds " + online2.keyId().substring(0, 8)
                        + ", which no root names yet (a rotation names it in root v2).");

        Key stranger = Key.of(KeyFiles.generate(SignatureScheme.ED25519).getPublic(), SignatureScheme.ED25519);
        SigningStatus.OnlineKeyStatus notInRoot = SigningStatus.onlineKey(
                new TufClient.OnlineKey(stranger.keyId(), stranger, List.of()), trusted, List.of(), Map.of());
        assertThat(notInRoot.state()).isEqualTo(SigningStatus.OnlineKeyStatus.State.NOT_IN_ROOT);
        assertThat(notInRoot.detail())
                .isEqualTo("Root v1 names " + online1.keyId().substring(0, 8)
                        + " for the timestamp instead; a new root must name this key.");

        pending.put("root", Metadata.fromBytes(pendingRoot.sign(bob).sign(carol).toBytes()));
        assertThat(SigningStatus.pending(pending, trusted, null, Map.of())
                        .getFirst()
                        .complete())
                .isTrue();
    }

    @Test
    void aSignatureOverOtherContentDoesNotCount() {
        Signer alice = holder("alice", SignatureScheme.ED25519);
        Signer bob = holder("bob", SignatureScheme.ED25519);
        Key online = Key.of(KeyFiles.generate(SignatureScheme.ED25519).getPublic(), SignatureScheme.ED25519);
        Root v1 = RehearsalRepository.root(List.of(), 2, online, NOW)
                .withKey(Root.TYPE, alice.publicKey())
                .withKey(Root.TYPE, bob.publicKey());
        Metadata<Root> signedByBoth = Metadata.of(v1).sign(alice).sign(bob);
        Metadata<Root> tampered = Metadata.of(v1.withExpires(NOW.plusSeconds(60)))
                .withSignature(signedByBoth.signatures().get(0))
                .withSignature(signedByBoth.signatures().get(1));

        List<SigningStatus.PendingRole> rows =
                SigningStatus.pending(Map.of("root", Metadata.fromBytes(tampered.toBytes())), null, null, Map.of());

        assertThat(rows.getFirst().requirements()).singleElement().satisfies(r -> {
            assertThat(r.against()).isEqualTo("root v1");
            assertThat(r.signed()).isZero();
            assertThat(r.stillToSign()).hasSize(2);
        });
    }
}
