package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The range that {@code GET /tags/{prefix}} scans: every id with the prefix, and nothing else. */
class PierOneServiceTest {

    @Test
    void theUpperBoundRaisesTheLastHexDigit() {
        assertThat(PierOneService.upperBound("sha256:ab")).isEqualTo("sha256:ac");
        assertThat(PierOneService.upperBound("sha256:a9")).isEqualTo("sha256:aa");
        assertThat(PierOneService.upperBound("sha256:af")).isEqualTo("sha256:ag");
        assertThat(PierOneService.upperBound("sha256:")).isEqualTo("sha256:g");
    }

    @Test
    void theRangeHoldsExactlyTheIdsWithThePrefix() {
        List<String> ids = List.of(
                "sha256:a8ff",
                "sha256:a900",
                "sha256:a9ff",
                "sha256:aa00",
                "sha256:af00",
                "sha256:afff",
                "sha256:b000",
                "sha512:a900");
        for (String prefix : List.of("sha256:a9", "sha256:af", "sha256:", "sha256:a", "sha512:a")) {
            String to = PierOneService.upperBound(prefix);
            List<String> inRange = ids.stream()
                    .filter(id -> id.compareTo(prefix) >= 0 && id.compareTo(to) < 0)
                    .toList();
            assertThat(inRange)
                    .as(prefix)
                    .containsExactlyElementsOf(
                            ids.stream().filter(id -> id.startsWith(prefix)).toList());
        }
    }
}
