package io.keyport.desktop.tuf;

import java.time.Duration;
import java.time.Instant;

/**
 * Expiry countdowns and their warning levels. Online roles are re-signed by the server before they
 * expire (by default once less than an hour remains, {@code KEYPORT_TUF_RENEW_MARGIN}), so one that
 * gets closer than that means renewal is not happening; offline roles (root, roles with offline keys)
 * need a signing event, which takes people days to arrange.
 *
 * <table>
 *   <caption>levels</caption>
 *   <tr><th></th><th>online role</th><th>offline role</th></tr>
 *   <tr><td>WARNING</td><td>under 1 hour left</td><td>under 30 days left</td></tr>
 *   <tr><td>CRITICAL</td><td>under 15 minutes left</td><td>under 7 days left</td></tr>
 *   <tr><td>EXPIRED</td><td colspan="2">at or after {@code expires} (a TUF client refuses it)</td></tr>
 * </table>
 */
public final class Expiry {

    /** How urgent a role's expiry is. */
    public enum Level {
        OK,
        WARNING,
        CRITICAL,
        EXPIRED
    }

    static final Duration ONLINE_WARNING = Duration.ofHours(1);
    static final Duration ONLINE_CRITICAL = Duration.ofMinutes(15);
    static final Duration OFFLINE_WARNING = Duration.ofDays(30);
    static final Duration OFFLINE_CRITICAL = Duration.ofDays(7);

    private Expiry() {}

    /** The level of a role that expires at {@code expires}, seen at {@code now}. */
    public static Level level(Instant expires, Instant now, boolean online) {
        Duration left = Duration.between(now, expires);
        if (left.isNegative() || left.isZero()) {
            return Level.EXPIRED;
        }
        if (left.compareTo(online ? ONLINE_CRITICAL : OFFLINE_CRITICAL) < 0) {
            return Level.CRITICAL;
        }
        if (left.compareTo(online ? ONLINE_WARNING : OFFLINE_WARNING) < 0) {
            return Level.WARNING;
        }
        return Level.OK;
    }

    /**
     * {@code "in 3 d 4 h"}, {@code "in 2 h 5 min"}, {@code "in 40 s"}, or {@code "expired 2 h 1 min
     * ago"}: the two largest units, rounded down.
     */
    public static String countdown(Instant expires, Instant now) {
        Duration left = Duration.between(now, expires);
        if (left.isNegative() || left.isZero()) {
            return "expired " + span(left.negated()) + " ago";
        }
        return "in " + span(left);
    }

    /** The two largest units of {@code d}: {@code 3 d 4 h}, {@code 2 h 5 min}, {@code 5 min 3 s}, {@code 40 s}. */
    static String span(Duration d) {
        long days = d.toDays();
        long hours = d.toHoursPart();
        long minutes = d.toMinutesPart();
        long seconds = d.toSecondsPart();
        if (days > 0) {
            return hours == 0 ? days + " d" : days + " d " + hours + " h";
        }
        if (hours > 0) {
            return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return seconds == 0 ? minutes + " min" : minutes + " min " + seconds + " s";
        }
        return seconds + " s";
    }
}
