package io.keyport.model.tuf;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The {@code expires} format of TUF metadata: {@code YYYY-MM-DDTHH:MM:SSZ}, UTC, whole seconds. Parsing
 * is as strict as python-tuf's (no fractional seconds, no offset other than {@code Z}), so that what
 * we accept, python-tuf and go-tuf accept too, and a parsed value formats back to the same text.
 */
public final class TufTime {

    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withResolverStyle(ResolverStyle.STRICT);

    private TufTime() {}

    /** Formats an instant, truncated to whole seconds. */
    public static String format(Instant instant) {
        return FORMAT.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }

    /**
     * Parses {@code YYYY-MM-DDTHH:MM:SSZ}.
     *
     * @throws TufException {@link TufException.Reason#MALFORMED} for any other shape or an invalid date
     */
    public static Instant parse(String text) {
        if (!SHAPE.matcher(text).matches()) {
            throw TufException.malformed("expires must be YYYY-MM-DDTHH:MM:SSZ: " + text);
        }
        try {
            return LocalDateTime.parse(text, FORMAT).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new TufException(TufException.Reason.MALFORMED, "expires is not a valid date: " + text, e);
        }
    }
}
