package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The custom delegations reader ({@code --delegations} and the wizard's file) on hostile bytes: it
 * refuses with a {@link CeremonyException} that says why, or gives delegations that a plan accepts and
 * the summary can describe.
 */
class DelegationsFileFuzzTest {

    @FuzzTest
    void anyBytesAreReadOrRefusedWithAReason(FuzzedDataProvider data) throws IOException {
        Path file = Files.createTempFile("delegations", ".json");
        try {
            Files.write(file, data.consumeRemainingAsBytes());
            JsonNode delegations = BootstrapPlan.readDelegations(file);
            BootstrapPlan.withDelegations(delegations, 2).check();
            assertThat(BootstrapPlan.describeDelegations(delegations))
                    .hasSize(delegations.path("roles").size());
        } catch (CeremonyException e) {
            assertThat(e.getMessage()).isNotBlank();
        } finally {
            Files.delete(file);
        }
    }
}
