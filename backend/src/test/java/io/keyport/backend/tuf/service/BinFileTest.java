package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.common.CanonicalJson;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Signed;
import io.keyport.model.tuf.TargetFile;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** A bin put together from its targets' canonical fragments is the model's bin, byte for byte. */
class BinFileTest {

    private static final Signer SIGNER = Ed25519KeySigner.of(
            KeyFiles.writePkcs8(KeyFiles.generate(SignatureScheme.ED25519).getPrivate()));
    private static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");

    private static TargetFile target(long length, String custom) {
        return RepositoryPublisher.targetFile("""
                {"length": %d, "hashes": {"sha256": "%s", "sha512": "%s"}%s}""".formatted(
                        length, "ab".repeat(32), "cd".repeat(64), custom == null ? "" : ", \"custom\": " + custom));
    }

    private static byte[] fromFragments(long version, Map<String, TargetFile> targets) {
        NavigableMap<String, byte[]> fragments = new TreeMap<>(CanonicalJson::compareCodePoints);
        targets.forEach((path, target) -> fragments.put(path, BinFile.fragment(path, target)));
        return BinFile.canonical(version, EXPIRES, fragments);
    }

    private static Targets bin(long version, Map<String, TargetFile> targets) {
        return new Targets(Signed.SPEC_VERSION, version, EXPIRES, targets, null, Map.of());
    }

    @Test
    void anEmptyBinIsTheModelsEmptyBin() {
        assertThat(new String(fromFragments(3, Map.of())))
                .isEqualTo(new String(bin(3, Map.of()).canonicalBytes()));
    }

    @Test
    void fragmentsInCodePointOrderMakeTheModelsCanonicalBytes() {
        Map<String, TargetFile> targets = new TreeMap<>();
        targets.put(
                "app/b-1.0.tar.gz",
                target(
                        12,
                        "{\"added_by_task_id\": \"t-1\", \"z\": [1, true, null, {\"b\": \"\\\\\", \"a\": \"\\\"\"}]}"));
        targets.put("app/a 1.0.txt", target(0, null));
        targets.put("app/A", target(1, "{}"));
        // code-point order differs from UTF-16 order: U+FB01 sorts before U+1F600 by code point only
        targets.put("x/\uFB01", target(2, null));
        targets.put("x/\uD83D\uDE00", target(3, null));
        targets.put("caf\u00e9", target(4, "{\"n\": \"line\\nbreak\"}"));
        targets.put("apps/k/1.0", target(Integer.MAX_VALUE + 1L, "{\"approvals\": [\"a\", \"b\"]}"));

        assertThat(fromFragments(42, targets)).isEqualTo(bin(42, targets).canonicalBytes());
    }

    @Test
    void anAsciiBinSignedFromFragmentsIsTheModelsFile() {
        Map<String, TargetFile> targets = Map.of("a/1", target(1, null), "a/2", target(2, "{\"k\": \"v\"}"));

        assertThat(new String(RepositoryPublisher.envelope(SIGNER, fromFragments(5, targets))))
                .isEqualTo(new String(Metadata.of(bin(5, targets)).sign(SIGNER).toBytes()));
    }

    @Test
    void aBinOutsidePrintableAsciiHasNoEnvelope() {
        assertThat(RepositoryPublisher.envelope(SIGNER, fromFragments(5, Map.of("caf\u00e9", target(1, null)))))
                .isNull();
        assertThat(RepositoryPublisher.envelope(SIGNER, fromFragments(5, Map.of("tab\there", target(1, null)))))
                .isNull();
    }
}
