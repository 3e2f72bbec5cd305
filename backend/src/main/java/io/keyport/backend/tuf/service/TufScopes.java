package io.keyport.backend.tuf.service;

import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Principal;
import java.util.List;

/**
 * The OAuth2 scopes of the TUF repository API, registered by the tuf module: {@code tuf.read} (state,
 * settings, tasks, the online key), {@code tuf.write} (add, delete and publish artifacts; implies
 * read) and {@code tuf.admin} (bootstrap and settings; implies both). An admin holds every scope;
 * a service holds the ones granted to it.
 */
public final class TufScopes {

    public static final String READ = "tuf.read";
    public static final String WRITE = "tuf.write";
    public static final String ADMIN = "tuf.admin";

    public static final List<String> ALL = List.of(READ, WRITE, ADMIN);

    private TufScopes() {}

    /** 403 unless the caller holds {@code scope} or one that implies it. */
    public static void require(Principal caller, String scope) {
        boolean held =
                caller.hasScope(ADMIN) || caller.hasScope(scope) || (scope.equals(READ) && caller.hasScope(WRITE));
        if (!held) {
            throw new ApiException(RstufError.FORBIDDEN, "This needs a token with the scope " + scope, "forbidden");
        }
    }
}
