package io.keyport.backend.tuf.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a Kio artifact names an image of Keyport's registry (decision 0039); {@link ImageReferenceFuzzTest} tries any string. */
class ImageReferenceTest {

    @Test
    void withAndWithoutAHostByTagOrDigest() {
        assertThat(ImageReference.parse("docker://team-a/shop:1.4"))
                .contains(new ImageReference(List.of("team-a/shop"), "1.4"));
        assertThat(ImageReference.parse("docker://registry.example.org/team-a/shop:1.4"))
                .contains(new ImageReference(List.of("registry.example.org/team-a/shop", "team-a/shop"), "1.4"));
        assertThat(ImageReference.parse("docker://localhost:5000/team-a/shop@sha256:ab"))
                .contains(new ImageReference(List.of("localhost:5000/team-a/shop", "team-a/shop"), "sha256:ab"));
        assertThat(ImageReference.parse("docker://team-a/shop"))
                .contains(new ImageReference(List.of("team-a/shop"), "latest"));
    }

    @Test
    void otherSchemesAndEmptyPartsAreNotImages() {
        assertThat(ImageReference.parse("https://example.org/shop.tar.gz")).isEmpty();
        assertThat(ImageReference.parse("docker://")).isEmpty();
        assertThat(ImageReference.parse("docker://team-a/shop:")).isEmpty();
        assertThat(ImageReference.parse("docker://@sha256:ab")).isEmpty();
        assertThat(ImageReference.parse(null)).isEmpty();
    }
}
