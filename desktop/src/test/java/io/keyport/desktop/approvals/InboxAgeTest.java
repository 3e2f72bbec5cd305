package io.keyport.desktop.approvals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inbox's "Waiting" column: the largest whole unit, never negative when clocks disagree. */
class InboxAgeTest {

    @ParameterizedTest(name = "{0} after {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-01T10:00:00Z | 2026-03-01T10:00:59Z | 0 min
            2026-03-01T10:00:00Z | 2026-03-01T10:12:30Z | 12 min
            2026-03-01T10:00:00Z | 2026-03-01T15:59:00Z | 5 h
            2026-03-01T10:00:00Z | 2026-03-04T09:00:00Z | 2 d
            2026-03-01T10:00:00Z | 2026-03-01T09:58:00Z | 0 min
            """)
    void theAgeIsTheLargestWholeUnit(Instant created, Instant now, String shown) {
        assertThat(InboxViewModel.age(created, now)).isEqualTo(shown);
    }
}
