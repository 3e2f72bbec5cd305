package io.keyport.backend.identity.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Slows down password guessing. Failed logins are counted per (user, client address), per client
 * address and per user; past a free allowance each further failure doubles the wait before the
 * next attempt is even checked. The per-user wait is capped at {@value #USER_CAP_SECONDS} seconds
 * so that a flood from many addresses against {@code admin} slows the real admin down but never
 * locks them out; the other two are capped at 15 minutes. Counts are forgotten 15 minutes after the
 * last failure and on success. State is per server process.
 */
public final class LoginThrottle {

    static final long USER_CAP_SECONDS = 30;
    private static final long CAP_SECONDS = 900;
    private static final long FORGET_MILLIS = 15 * 60 * 1000L;
    private static final int MAX_ENTRIES = 100_000;

    private record Rule(int free, long capSeconds) {}

    private static final Rule PAIR = new Rule(3, CAP_SECONDS);
    private static final Rule ADDRESS = new Rule(20, CAP_SECONDS);
    private static final Rule USER = new Rule(10, USER_CAP_SECONDS);

    private record State(int failures, long lastFailure, long blockedUntil) {}

    private final Map<String, State> pairs = new ConcurrentHashMap<>();
    private final Map<String, State> addresses = new ConcurrentHashMap<>();
    private final Map<String, State> users = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    /** With an injectable millisecond clock, for tests. */
    public LoginThrottle(LongSupplier clock) {
        this.clock = clock;
    }

    /** Seconds the caller must wait before this attempt may be checked; 0 when it may proceed. */
    public long retryAfter(String user, String address) {
        long now = clock.getAsLong();
        long until = Math.max(
                blockedUntil(pairs, user + "\n" + address, now),
                Math.max(blockedUntil(addresses, address, now), blockedUntil(users, user, now)));
        return until <= now ? 0 : Math.max(1, (until - now + 999) / 1000);
    }

    public void failure(String user, String address) {
        long now = clock.getAsLong();
        prune(now);
        record(pairs, user + "\n" + address, PAIR, now);
        record(addresses, address, ADDRESS, now);
        record(users, user, USER, now);
    }

    public void success(String user, String address) {
        pairs.remove(user + "\n" + address);
        users.remove(user);
    }

    private static long blockedUntil(Map<String, State> map, String key, long now) {
        State s = map.get(key);
        if (s == null || now - s.lastFailure() > FORGET_MILLIS) {
            return 0;
        }
        return s.blockedUntil();
    }

    private static void record(Map<String, State> map, String key, Rule rule, long now) {
        map.compute(key, (k, s) -> {
            int failures = s == null || now - s.lastFailure() > FORGET_MILLIS ? 1 : s.failures() + 1;
            long blocked = 0;
            if (failures > rule.free()) {
                int exponent = Math.min(failures - rule.free() - 1, 20);
                long seconds = Math.min(1L << exponent, rule.capSeconds());
                blocked = now + seconds * 1000;
            }
            return new State(failures, now, blocked);
        });
    }

    private void prune(long now) {
        for (Map<String, State> map : java.util.List.of(pairs, addresses, users)) {
            if (map.size() > MAX_ENTRIES) {
                map.entrySet()
                        .removeIf(e -> now - e.getValue().lastFailure() > FORGET_MILLIS
                                || e.getValue().blockedUntil() < now);
            }
        }
    }
}
