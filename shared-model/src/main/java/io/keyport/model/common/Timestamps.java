package io.keyport.model.common;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The JSON timestamp format of every Keyport API: UTC, milliseconds, {@code Z} suffix
 * ({@code 2015-04-25T16:25:00.000Z}). kio-cli and pierone-cli parse exactly this shape.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** Formats an instant, truncated to milliseconds. */
    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }

    /** The current time truncated to milliseconds, so that stored and rendered values agree. */
    public static Instant now() {
        return now(java.time.Clock.systemUTC());
    }

    /** The time of {@code clock} truncated to milliseconds. */
    public static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Parses an ISO-8601 instant with or without offset ({@code 2024-01-01T00:00:00Z},
     * {@code 2024-01-01T01:00:00+01:00}); a bare date-time without zone is read as UTC.
     *
     * @throws IllegalArgumentException if the text is not such a timestamp
     */
    public static Instant parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("not an ISO-8601 timestamp: " + text, e2);
            }
        }
    }
}
