package io.keyport.backend.tasks.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.KeyportConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The task queue's settings: backoff schedule, parsing, and refusal of impossible values at start. */
class TasksConfigTest {

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
        assertThat(TasksConfig.defaults().backoffAfter(attempt)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void settingsAreReadByVariableNameWithDefaultsForTheRest() {
        Map<String, String> env =
                Map.of("KEYPORT_TASKS_LEASE", "PT2S", "KEYPORT_TASKS_WORKERS", "4", "KEYPORT_TASKS_TEST_KINDS", "true");

        TasksConfig settings = KeyportConfig.of(env).tasks();

        assertThat(settings)
                .isEqualTo(new TasksConfig(
                        4,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        Duration.ofHours(1),
                        10,
                        true));
        assertThat(KeyportConfig.of(Map.of()).tasks()).isEqualTo(TasksConfig.defaults());
        assertThat(TasksConfig.defaults().testKinds()).isFalse();
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
        assertThatThrownBy(() -> KeyportConfig.of(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name);
    }
}
