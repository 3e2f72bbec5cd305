package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The artifact parser of approval-gated targets (decision 0039) on any string: a reference or empty, never an exception. */
class ImageReferenceFuzzTest {

    /** Any artifact string: a reference whose parts the registry lookup validates without throwing, or empty. */
    @FuzzTest(maxDuration = "10s")
    void anyArtifactParsesCleanly(byte[] bytes) {
        String artifact = "docker://" + new String(bytes, StandardCharsets.UTF_8);
        Optional<ImageReference> parsed = ImageReference.parse(artifact);
        parsed.ifPresent(r -> {
            assertThat(r.repositories()).isNotEmpty();
            assertThat(r.reference()).isNotEmpty();
            r.repositories().forEach(RepositoryName::isValid);
            if (Digest.looksLikeDigest(r.reference())) {
                Digest.isValid(r.reference());
            }
        });
    }
}
