package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.keyfile.KeyFileSource;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to the ceremony engine, each refused with a message that says what is wrong, and nothing
 * changed (the ceremony file keeps its bytes, or no file is created): a signature from a key not in
 * root, a token whose key is not in root, pending roots that expired or skip a version, a trusted root
 * not signed by its own threshold, a threshold below 2, a bundle before the threshold, a tampered
 * transcript. Key files stand in for tokens (fast); the PKCS#11 path is in the end-to-end test.
 */
class CeremonyRefusalsTest {

    private static final PinSource PASSWORD = (token, tries) -> "rehearsal".toCharArray();
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void aSignatureByAKeyNotInRootOrATokenWithAnotherKeyIsRefusedAndNothingChanges(@TempDir Path dir) throws Exception {
        CeremonyService service = bootstrapWithTwoHolders(dir);
        try (KeySource alice = KeyFileSource.open(dir.resolve("alice.pem"), PASSWORD)) {
            service.sign("alice", alice, PASSWORD);
        }
        byte[] before = Files.readAllBytes(service.file());

        // a stranger's token: none of its keys is a root key
        try (KeySource stranger = generated(dir.resolve("stranger.pem"))) {
            assertThatThrownBy(() -> service.sign("mallory", stranger, PASSWORD))
                    .isInstanceOf(CeremonyException.class)
                    .hasMessageContaining("is a root key of this root")
                    .hasMessageContaining("bring the token whose key was added");
        }
        assertThat(Files.readAllBytes(service.file())).isEqualTo(before);

        // the ceremony file edited to carry a signature by a key not in root
        ObjectNode doc = (ObjectNode) TufJson.parse(before);
        Signer foreign = signer(SignatureScheme.ED25519);
        Signature sig = Metadata.fromJson(doc.get("root")).signatureBy(foreign);
        ((ArrayNode) doc.get("root").get("signatures")).add(sig.toJson());
        byte[] tampered = TufJson.writePretty(doc);
        Files.write(service.file(), tampered);
        try (KeySource bob = KeyFileSource.open(dir.resolve("bob.pem"), PASSWORD)) {
            assertThatThrownBy(() -> service.sign("bob", bob, PASSWORD))
                    .isInstanceOf(CeremonyException.class)
                    .hasMessageContaining("signature by key " + foreign.keyId() + ", which is not a root key");
        }
        assertThat(Files.readAllBytes(service.file())).isEqualTo(tampered);
    }

    @Test
    void aBundleBeforeTheThresholdAndAThresholdBelowTwoAreRefused(@TempDir Path dir) throws Exception {
        CeremonyService service = bootstrapWithTwoHolders(dir);
        try (KeySource alice = KeyFileSource.open(dir.resolve("alice.pem"), PASSWORD)) {
            service.sign("alice", alice, PASSWORD);
        }
        assertThatThrownBy(() -> service.bundle(dir.resolve("bundle.json"), "operator"))
                .hasMessageContaining("root has 1 of the 2 signatures it needs; still to sign: [bob]");
        assertThat(dir.resolve("bundle.json")).doesNotExist();
        // and once signing began, no key may join (it would void the signatures)
        try (KeySource carol = generated(dir.resolve("carol.pem"))) {
            assertThatThrownBy(() -> service.addKey("carol", carol, carol.keys().get(0)))
                    .hasMessageContaining("Add every key before the first signature");
        }

        CeremonyService other = new CeremonyService(dir.resolve("other.json"), clock);
        assertThatThrownBy(() -> other.initBootstrap(BootstrapPlan.withBins(16, 1), onlineKey(dir), "operator"))
                .hasMessageContaining("the root threshold must be at least 2");
        assertThatThrownBy(() -> other.initBootstrap(BootstrapPlan.withBins(12, 2), onlineKey(dir), "operator"))
                .hasMessageContaining("power of two");
        assertThat(dir.resolve("other.json")).doesNotExist();
    }

    @Test
    void pendingRootsThatExpiredOrSkipAVersionAndUnsignedTrustedRootsAreRefused(@TempDir Path dir) throws Exception {
        Signer a = signer(SignatureScheme.ECDSA_SHA2_NISTP256);
        Signer b = signer(SignatureScheme.ED25519);
        Key online = signer(SignatureScheme.ED25519).publicKey();
        Root one = Root.initial(NOW.plus(Duration.ofDays(365)))
                .withKey("root", a.publicKey())
                .withKey("root", b.publicKey())
                .withThreshold("root", 2);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            one = one.withKey(role, online);
        }
        Metadata<Root> trusted = Metadata.of(one).sign(a).sign(b);

        Path expired = pending(
                dir, "expired.json", trusted, Metadata.of(one.withVersion(2).withExpires(NOW.minusSeconds(60))));
        CeremonyService service = new CeremonyService(dir.resolve("signing.json"), clock);
        assertThatThrownBy(() -> service.importPending(expired, "operator"))
                .hasMessageContaining("expired on")
                .hasMessageContaining("ask for a new update");
        Path skipped = pending(dir, "skipped.json", trusted, Metadata.of(one.withVersion(3)));
        assertThatThrownBy(() -> service.importPending(skipped, "operator"))
                .hasMessageContaining("must be version 2 (the trusted root is version 1), not 3");
        Path unsigned = pending(dir, "unsigned.json", Metadata.of(one).sign(a), Metadata.of(one.withVersion(2)));
        assertThatThrownBy(() -> service.importPending(unsigned, "operator"))
                .hasMessageContaining("not signed by its own threshold");
        assertThat(dir.resolve("signing.json")).doesNotExist();

        // the good one is imported, and the trusted and new thresholds show who is missing
        Path good = pending(
                dir, "good.json", trusted, Metadata.of(one.withVersion(2)).sign(a));
        service.importPending(good, "operator");
        assertThat(CeremonyService.describe(service.status()))
                .isEqualTo("trusted root: 1 of 2, 1 missing; new root: 1 of 2, 1 missing");
        assertThat(service.diff().orElseThrow().onlyRenewal()).isTrue();
    }

    @Test
    void aTranscriptVerifiesUntilAStepIsChanged(@TempDir Path dir) throws Exception {
        CeremonyService service = bootstrapWithTwoHolders(dir);
        try (KeySource alice = KeyFileSource.open(dir.resolve("alice.pem"), PASSWORD)) {
            service.sign("alice", alice, PASSWORD);
        }
        byte[] transcript = Files.readAllBytes(service.transcriptJson());
        Transcript.Verification good = Transcript.verify(transcript, Optional.empty());
        assertThat(good.ok()).as(good.problems().toString()).isTrue();
        assertThat(good.sealedBy()).hasSize(1);

        String changed = new String(transcript, StandardCharsets.UTF_8).replace("\"alice\"", "\"mallory\"");
        Transcript.Verification bad = Transcript.verify(changed.getBytes(StandardCharsets.UTF_8), Optional.empty());
        assertThat(bad.ok()).isFalse();
        assertThat(bad.problems()).anyMatch(p -> p.contains("differ from what key"));
        assertThat(Transcript.verify("{}".getBytes(StandardCharsets.UTF_8), Optional.empty())
                        .problems())
                .anyMatch(p -> p.startsWith("not a ceremony transcript"));
    }

    private CeremonyService bootstrapWithTwoHolders(Path dir) throws Exception {
        CeremonyService service = new CeremonyService(dir.resolve("ceremony.json"), clock);
        service.initBootstrap(BootstrapPlan.withBins(16, 2), onlineKey(dir), "operator");
        for (String holder : List.of("alice", "bob")) {
            try (KeySource source = generated(dir.resolve(holder + ".pem"))) {
                service.addKey(holder, source, source.keys().get(0));
            }
        }
        return service;
    }

    private static KeySource generated(Path file) {
        KeySource source = KeyFileSource.open(file, PASSWORD);
        source.generate(new GenerateRequest(file.getFileName().toString(), KeyAlgorithm.ED25519, null, null), PASSWORD);
        return source;
    }

    private static Path onlineKey(Path dir) throws Exception {
        Path file = dir.resolve("online-key.json");
        if (!Files.exists(file)) {
            ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            Key key = signer(SignatureScheme.ED25519).publicKey();
            data.putObject("data").put("keyid", key.keyId()).set("key", key.toJson());
            Files.write(file, TufJson.writePretty(data));
        }
        return file;
    }

    private static Path pending(Path dir, String name, Metadata<Root> trusted, Metadata<Root> pending)
            throws Exception {
        ObjectNode doc = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode metadata = doc.putObject("data").putObject("metadata");
        metadata.set("root", pending.toJson());
        metadata.set("trusted_root", trusted.toJson());
        Path file = dir.resolve(name);
        Files.write(file, TufJson.writePretty(doc));
        return file;
    }

    private static Signer signer(SignatureScheme scheme) {
        KeyPair pair = KeyFiles.generate(scheme);
        return new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), scheme, null);
    }
}
