package io.keyport.backend.identity.service;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Principals resolved from tokens and passwords, each kept until a deadline. Built first in the
 * identity module and handed to every writer whose change can alter a principal (accounts,
 * service credentials, and applications through the identity ports), so that a committed change
 * clears it at once without the writers knowing {@link AuthService}.
 */
public final class PrincipalCache {

    private static final int MAX = 50_000;

    private record Cached(Principal principal, long until) {}

    private final Map<String, Cached> entries = new ConcurrentHashMap<>();

    /** The cached principal of {@code key} if it is still valid at {@code nowMillis}. */
    Optional<Principal> find(String key, long nowMillis) {
        Cached cached = entries.get(key);
        return cached != null && cached.until() > nowMillis ? Optional.of(cached.principal()) : Optional.empty();
    }

    /** Keeps {@code principal} until {@code untilMillis}; evicts expired entries (or all) when full. */
    void remember(String key, Principal principal, long nowMillis, long untilMillis) {
        if (entries.size() >= MAX) {
            entries.entrySet().removeIf(e -> e.getValue().until() <= nowMillis);
            if (entries.size() >= MAX) {
                entries.clear();
            }
        }
        entries.put(key, new Cached(principal, untilMillis));
    }

    /** Forgets every cached principal; called after any committed identity change. */
    public void clear() {
        entries.clear();
    }
}
