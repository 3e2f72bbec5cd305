package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The {@code X-SCM-Source} header on any text: a JSON object, plain or URL-encoded, or refused; never an exception. */
class ScmSourceHeaderFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void anyScmSourceHeaderIsAnObjectOrRefused(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        ScmSourceHeader.parse(header).ifPresent(node -> {
            assertThat(node.isObject()).isTrue();
            ScmSourceHeader.field(node, "url");
        });
    }
}
