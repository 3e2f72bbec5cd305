package io.keyport.desktop.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    @ParameterizedTest
    @CsvSource(textBlock = """
            # seconds left, online, level
            7200,    true,  OK
            3599,    true,  WARNING
            899,     true,  CRITICAL
            0,       true,  EXPIRED
            -60,     true,  EXPIRED
            2678400, false, OK
            2591999, false, WARNING
            604799,  false, CRITICAL
            3599,    false, CRITICAL
            0,       false, EXPIRED
            """)
    void levelsFollowTheRenewalMarginForOnlineRolesAndASigningWindowForOfflineOnes(
            long secondsLeft, boolean online, Expiry.Level level) {
        assertThat(Expiry.level(NOW.plusSeconds(secondsLeft), NOW, online)).isEqualTo(level);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            # seconds left, shown
            40,        in 40 s
            300,       in 5 min
            303,       in 5 min 3 s
            7200,      in 2 h
            7500,      in 2 h 5 min
            86400,     in 1 d
            273600,    in 3 d 4 h
            31536000,  in 365 d
            0,         expired 0 s ago
            -7260,     expired 2 h 1 min ago
            """)
    void countdownsShowTheTwoLargestUnits(long secondsLeft, String shown) {
        assertThat(Expiry.countdown(NOW.plus(Duration.ofSeconds(secondsLeft)), NOW))
                .isEqualTo(shown);
    }
}
