package io.keyport.backend.kio.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which version artifacts name an image a takedown would remove. */
class VersionArtifactsTest {

    @ParameterizedTest(name = "{0} names {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            docker://team-a/app:1.0                          | team-a/app:1.0      | true
            docker://registry.example.org/team-a/app:1.0     | team-a/app:1.0      | true
            docker://localhost:8080/team-a/app:1.0           | team-a/app:1.0      | true
            docker://registry/team-a/app:1.0                 | team-a/app:1.0      | true
            docker://registry/team-a/app:1.0                 | team-a/app:1.00     | false
            docker://registry/team-a/app:1.01                | team-a/app:1.0      | false
            docker://registry/team-a/app-2:1.0               | team-a/app:1.0      | false
            docker://registry/x-team-a/app:1.0               | team-a/app:1.0      | false
            docker://a/b/team-a/app:1.0                      | team-a/app:1.0      | false
            docker://host/team-a/app@sha256:ab               | team-a/app@sha256:ab | true
            https://host/team-a/app:1.0                      | team-a/app:1.0      | false
            docker:///team-a/app:1.0                         | team-a/app:1.0      | false
            """)
    void anArtifactNamesAnImageWithOrWithoutOneHostInFront(String artifact, String reference, boolean names) {
        assertThat(VersionArtifacts.names(artifact, reference)).isEqualTo(names);
    }
}
