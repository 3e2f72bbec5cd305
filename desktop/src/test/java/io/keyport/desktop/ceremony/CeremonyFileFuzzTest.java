package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * The ceremony file reader and the transcript verifier on hostile bytes (a file that travelled on a USB
 * stick): reading either refuses with a {@link CeremonyException} that says why, or gives a ceremony
 * that passes the rules; verifying a transcript never throws and never calls garbage verified.
 */
class CeremonyFileFuzzTest {

    @FuzzTest
    void anyBytesAreReadOrRefusedWithAReason(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            Ceremony c = CeremonyFile.parse(bytes, "fuzzed.json");
            CeremonyRules.check(c);
            assertThat(c.root()).isNotNull();
        } catch (CeremonyException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        Transcript.Verification v = Transcript.verify(bytes, Optional.empty());
        assertThat(v.ok() && v.sealedBy().isEmpty()).isFalse();
    }
}
