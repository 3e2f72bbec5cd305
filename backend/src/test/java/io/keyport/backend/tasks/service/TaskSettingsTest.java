package io.keyport.backend.tasks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task queue's settings: backoff schedule, parsing, and refusal of impossible values at start. */
class TaskSettingsTest {

    @ParameterizedTest(name = "after attempt {0}: {1}")
    @CsvSource(textBlock = """
            1,  PT2S
            2,  PT4S
            3,  PT8S
            6,  PT1M4S
            11, PT34M8S
            12, PT1H
            1000, PT1H
            """)
    void backoffDoublesPerAttemptUpToTheMaximum(int attempt, String expected) {
        assertThat(TaskSettings.defaults().backoffAfter(attempt)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void settingsAreReadByVariableNameWithDefaultsForTheRest() {
        Map<String, String> env = Map.of("KEYPORT_TASKS_LEASE", "PT2S", "KEYPORT_TASKS_WORKERS", "4",
                "KEYPORT_TASKS_TEST_KINDS", "true");

        TaskSettings settings = TaskSettings.from(name -> Optional.ofNullable(env.get(name)));

        assertThat(settings).isEqualTo(new TaskSettings(4, Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofHours(1), 10, true));
        assertThat(TaskSettings.from(name -> Optional.empty())).isEqualTo(TaskSettings.defaults());
        assertThat(TaskSettings.defaults().testKinds()).isFalse();
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(textBlock = """
            KEYPORT_TASKS_WORKERS,      -1
            KEYPORT_TASKS_WORKERS,      65
            KEYPORT_TASKS_LEASE,        PT0S
            KEYPORT_TASKS_LEASE,        PT0.1S
            KEYPORT_TASKS_POLL,         -PT1S
            KEYPORT_TASKS_MAX_ATTEMPTS, 0
            """)
    void impossibleSettingsFailTheStartNamingTheVariable(String name, String value) {
        assertThatThrownBy(() -> TaskSettings.from(n -> Optional.ofNullable(n.equals(name) ? value : null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }
}
