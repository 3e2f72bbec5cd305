package io.keyport.backend.registry.service;

import io.keyport.backend.identity.service.Principal;
import java.util.Map;
import java.util.Set;

/**
 * Who calls the registry: the principal (null when anonymous), the repository actions a Docker
 * bearer token narrowed it to (null when the credentials were not such a token: the principal's own
 * rights apply), and the token realm to name in a 401 challenge.
 *
 * @param principal the authenticated identity, or null
 * @param access    repository name to granted actions ({@code pull}, {@code push}); null = not narrowed
 * @param realm     the absolute URL of the token endpoint, for {@code WWW-Authenticate}
 * @param expired   whether the principal's token has expired: then it may only continue an upload
 *                  session it began itself (decision 0033), nothing else
 */
public record RegistryCaller(Principal principal, Map<String, Set<String>> access, String realm, boolean expired) {

    public RegistryCaller(Principal principal, Map<String, Set<String>> access, String realm) {
        this(principal, access, realm, false);
    }

    public boolean anonymous() {
        return principal == null;
    }

    /** Whether a narrowing token (if any) grants {@code action} on {@code repository}. */
    public boolean tokenAllows(String repository, String action) {
        return access == null || access.getOrDefault(repository, Set.of()).contains(action);
    }

    /** The uid for audit and the pusher columns. */
    public String uid() {
        return principal == null ? "anonymous" : principal.uid();
    }
}
