package io.keyport.backend.identity.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The OAuth2 scopes this server knows, each contributed by the module that owns it while the modules
 * are wired: identity registers its own ({@link Scopes#IDENTITY}) and hands this registry to the
 * modules built after it through {@code IdentityPorts}. Tokens carry only known scopes, an admin
 * holds every known scope, and granting an unknown scope to a service is refused. One registry per
 * server, no static state: two servers in one JVM (tests, the console) know their own scopes.
 */
public final class ScopeRegistry {

    /** RFC 6749 scope-token characters, in Keyport's dotted lower-case style ({@code application.write_all}). */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private final Map<String, String> owners = new LinkedHashMap<>();
    private volatile Set<String> known = Set.of();

    /**
     * Adds the scopes {@code module} owns. Registering a scope again for the same module changes
     * nothing.
     *
     * @throws IllegalArgumentException for a name that is not a dotted lower-case scope token
     * @throws IllegalStateException    if another module already owns one of the scopes
     */
    public synchronized ScopeRegistry register(String module, List<String> scopes) {
        for (String scope : scopes) {
            if (!NAME.matcher(scope).matches()) {
                throw new IllegalArgumentException(
                        "module " + module + " registers the malformed scope '" + scope + "'");
            }
            String owner = owners.get(scope);
            if (owner != null && !owner.equals(module)) {
                throw new IllegalStateException(
                        "scope " + scope + " is registered by both " + owner + " and " + module);
            }
        }
        scopes.forEach(scope -> owners.putIfAbsent(scope, module));
        known = Collections.unmodifiableSet(new LinkedHashSet<>(owners.keySet()));
        return this;
    }

    /** Every known scope, in registration order. */
    public Set<String> all() {
        return known;
    }

    public boolean isKnown(String scope) {
        return known.contains(scope);
    }
}
