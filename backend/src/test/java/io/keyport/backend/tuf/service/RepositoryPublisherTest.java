package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A publication's files are written once, byte for byte as the model writes them. */
class RepositoryPublisherTest {

    private static final Signer SIGNER = Ed25519KeySigner.of(
            KeyFiles.writePkcs8(KeyFiles.generate(SignatureScheme.ED25519).getPrivate()));
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    @Test
    void aSignedFileIsTheModelsFileForAsciiTargets() {
        Targets targets = Targets.create(EXPIRES)
                .withVersion(7)
                .withTarget("app/b-1.0.tar.gz", RepositoryPublisher.targetFile("""
                        {"length": 12, "hashes": {"sha256": "%s", "sha512": "%s"},
                         "custom": {"added_by_task_id": "t-1", "z": [1, true, null, {"b": "\\\\", "a": "\\""}]}}""".formatted(
                                "ab".repeat(32), "cd".repeat(64))))
                .withTarget("app/a 1.0.txt", RepositoryPublisher.targetFile("""
                        {"length": 0, "hashes": {"sha256": "%s"}}""".formatted("01".repeat(32))));

        assertThat(new String(RepositoryPublisher.signedFile(SIGNER, targets)))
                .isEqualTo(new String(Metadata.of(targets).sign(SIGNER).toBytes()));
    }

    @Test
    void controlCharactersAndNonAsciiTakeTheModelsWay() {
        for (String path : new String[] {"line\nbreak", "tab\there", "caf\u00e9/\uD83D\uDE00", "\uFB01/\uD83D\uDE00"}) {
            Targets targets = Targets.create(EXPIRES)
                    .withTarget(path, RepositoryPublisher.targetFile("""
                            {"length": 3, "hashes": {"sha256": "%s"}}""".formatted("ef".repeat(32))))
                    .withTarget("\uD83D\uDE01", RepositoryPublisher.targetFile("""
                            {"length": 3, "hashes": {"sha256": "%s"}}""".formatted("ef".repeat(32))));

            assertThat(RepositoryPublisher.signedFile(SIGNER, targets))
                    .isEqualTo(Metadata.of(targets).sign(SIGNER).toBytes());
        }
    }
}
