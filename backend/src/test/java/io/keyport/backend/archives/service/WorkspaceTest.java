package io.keyport.backend.archives.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.http.ApiException;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** kploy's workspace rule, and Keyport's normalisation of it. */
class WorkspaceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            http://github.com/kubernauts/kploy.net,  github.com/kubernauts/kploy.net/
            http://example.org/some/path,            example.org/some/path/
            https://github.com/,                     github.com/
            http://github.com,                       global/
            foo,                                     global/
            /a/path/without/host,                    global/
            HTTP://User@Example.ORG:8080/a?q=1#f,    example.org/a/
            http://example.org//a/./b//,             example.org/a/b/
            http://exa mple.org/a,                   global/
            ''                ,                      global/
            """)
    void kploysRuleNormalised(String parameter, String workspace) {
        assertThat(Workspace.of(Optional.ofNullable(parameter)).name()).isEqualTo(workspace);
    }

    @ParameterizedTest
    @CsvSource({"http://example.org/a/../b", "http://example.org/..", "http://example.org/a/%2e%2e/../b"})
    void aDotDotSegmentIsRefused(String parameter) {
        assertThatThrownBy(() -> Workspace.of(Optional.of(parameter)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("400");
    }

    @org.junit.jupiter.api.Test
    void theLinkQueryRepeatsWhatTheClientSent() {
        assertThat(Workspace.of(Optional.of("http://github.com/a")).query())
                .isEqualTo("?workspace=http%3A%2F%2Fgithub.com%2Fa");
        assertThat(Workspace.of(Optional.empty()).query()).isEmpty();
        assertThat(Workspace.of(Optional.of("foo")).query()).isEmpty();
    }
}
