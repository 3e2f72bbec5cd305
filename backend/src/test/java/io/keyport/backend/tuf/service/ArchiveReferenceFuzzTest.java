package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** The archive parser of approval-gated targets (decision 0053) on any string: an id or empty, never an exception. */
class ArchiveReferenceFuzzTest {

    /** Any artifact string: 64 lower-case hex digits or empty. */
    @FuzzTest(maxDuration = "10s")
    void anyArtifactParsesCleanly(byte[] bytes) {
        ArchiveReference.parse(new String(bytes, StandardCharsets.UTF_8))
                .ifPresent(sha -> assertThat(sha).matches("[0-9a-f]{64}"));
    }
}
