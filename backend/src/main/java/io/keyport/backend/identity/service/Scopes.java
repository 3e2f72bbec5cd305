package io.keyport.backend.identity.service;

import java.util.List;
import java.util.Set;

/**
 * The names of the OAuth2 scopes identity owns and enforces: upstream's four, which the team-write
 * rule of Kio and Pier One reads, and Keyport's admin scope. Which scopes a server knows is its
 * {@link ScopeRegistry}'s, which other modules add their own scopes to.
 */
public final class Scopes {

    public static final String UID = "uid";
    public static final String APPLICATION_WRITE = "application.write";
    public static final String APPLICATION_WRITE_ALL = "application.write_all";
    public static final String APPLICATION_WRITE_ALL_TRUSTED = "application.write_all_trusted";
    /**
     * Keyport's own: an admin's powers (admin API, audit log, policies) only with this scope, so an
     * admin can ask for a narrow token ({@code scope=uid}) that cannot act as admin.
     */
    public static final String ADMIN = "keyport.admin";

    /** The scopes the identity module registers as its own. */
    public static final List<String> IDENTITY =
            List.of(UID, APPLICATION_WRITE, APPLICATION_WRITE_ALL, APPLICATION_WRITE_ALL_TRUSTED, ADMIN);

    /** Scopes every person holds; teams and admin flag decide the rest. */
    public static final Set<String> EMPLOYEE_DEFAULT = Set.of(UID, APPLICATION_WRITE);

    private Scopes() {}
}
