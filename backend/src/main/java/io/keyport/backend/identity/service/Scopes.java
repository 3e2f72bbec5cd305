package io.keyport.backend.identity.service;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The OAuth2 scopes Keyport knows. Upstream's four come first; later domains register theirs with
 * {@link #register}. Admins hold every registered scope.
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

    /** Scopes every person holds; teams and admin flag decide the rest. */
    public static final Set<String> EMPLOYEE_DEFAULT = Set.of(UID, APPLICATION_WRITE);

    private static final Set<String> KNOWN = Collections.synchronizedSet(new LinkedHashSet<>(
            Set.of(UID, APPLICATION_WRITE, APPLICATION_WRITE_ALL, APPLICATION_WRITE_ALL_TRUSTED, ADMIN)));

    private Scopes() {
    }

    /** Adds a domain's scope to the known set. Idempotent. */
    public static void register(String scope) {
        KNOWN.add(scope);
    }

    /** Every known scope. */
    public static Set<String> all() {
        synchronized (KNOWN) {
            return Set.copyOf(KNOWN);
        }
    }

    public static boolean isKnown(String scope) {
        return KNOWN.contains(scope);
    }
}
