package io.keyport.backend.registry.service;

import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.model.registry.RepositoryName;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Who may pull and push (Pier One B.2): any authenticated caller whose token carries {@code uid}
 * pulls every repository; pushing to {@code <team>/...} follows the shared team-write rule (team
 * membership for people, {@code application.write} and an application of the team for services,
 * or {@code application.write_all}); {@code X-SCM-Source} needs {@code application.write_all_trusted}.
 * A team may make its namespace public: then anonymous callers pull it too. A Docker bearer token
 * narrows this further to the actions it was granted. Refusals are in the
 * OCI family: 401 with a challenge naming the scope, 403 DENIED.
 */
public final class RegistryAccess {

    private final Authorizer authorizer;
    private final Predicate<String> publicTeam;

    /** {@code publicTeam} tells whether a team's namespace is public for anonymous pulls. */
    public RegistryAccess(Authorizer authorizer, Predicate<String> publicTeam) {
        this.authorizer = authorizer;
        this.publicTeam = publicTeam;
    }

    /** 401 unless authenticated (the ping, {@code _catalog}). */
    public void requireAuthenticated(RegistryCaller caller, String scope) {
        if (caller.anonymous()) {
            throw challenge(caller, scope, "authentication required");
        }
        try {
            authorizer.requireRead(caller.principal());
        } catch (ApiException e) {
            throw OciError.DENIED.with("requested access to the resource is denied", Map.of("reason", e.details()));
        }
    }

    /** Pull on {@code repository}: authenticated with {@code uid}, and granted by a narrowing token. */
    public void requirePull(RegistryCaller caller, RepositoryName repository) {
        String scope = scope(repository, "pull");
        if (caller.anonymous() && publicTeam.test(repository.team())) {
            if (!caller.tokenAllows(repository.value(), "pull")) {
                throw challenge(caller, scope, "the token does not grant pull on " + repository);
            }
            return;
        }
        requireAuthenticated(caller, scope);
        if (!caller.tokenAllows(repository.value(), "pull")) {
            throw challenge(caller, scope, "the token does not grant pull on " + repository);
        }
    }

    /** Whether {@code caller} may pull {@code repository} (a mount's source), without failing. */
    public boolean mayPull(RegistryCaller caller, RepositoryName repository) {
        try {
            requirePull(caller, repository);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /** Push on {@code repository}: the team-write rule for its team, and granted by a narrowing token. */
    public void requirePush(RegistryCaller caller, RepositoryName repository) {
        String scope = scope(repository, "pull,push");
        if (caller.anonymous()) {
            throw challenge(caller, scope, "authentication required");
        }
        if (!caller.tokenAllows(repository.value(), "push")) {
            throw challenge(caller, scope, "the token does not grant push on " + repository);
        }
        if (!allowedToPush(caller, repository)) {
            throw OciError.DENIED.with(
                    "requested access to the resource is denied",
                    Map.of("repository", repository.value(), "action", "push", "team", repository.team()));
        }
    }

    /** Whether the identity behind {@code caller} may push to {@code repository} (ignoring any token narrowing). */
    public boolean allowedToPush(RegistryCaller caller, RepositoryName repository) {
        if (caller.anonymous()) {
            return false;
        }
        try {
            authorizer.requireTeamWrite(caller.principal(), repository.team());
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * Whether the identity behind {@code caller} may pull {@code repository} (ignoring any token
     * narrowing): anyone authenticated, and anonymous callers for a public team's namespace.
     */
    public boolean allowedToPull(RegistryCaller caller, RepositoryName repository) {
        if (caller.anonymous()) {
            return publicTeam.test(repository.team());
        }
        return allowedToPull(caller);
    }

    /** Whether the identity behind {@code caller} may pull (ignoring any token narrowing). */
    public boolean allowedToPull(RegistryCaller caller) {
        if (caller.anonymous()) {
            return false;
        }
        try {
            authorizer.requireRead(caller.principal());
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    /**
     * Keyport's registry administration (tag rules, takedowns): an admin, with its own credentials
     * rather than a Docker registry token (which grants repository actions only).
     */
    public void requireAdmin(RegistryCaller caller) {
        if (caller.anonymous()) {
            throw challenge(caller, null, "authentication required");
        }
        boolean admin;
        try {
            authorizer.requireAdmin(caller.principal());
            admin = caller.access() == null;
        } catch (ApiException e) {
            admin = false;
        }
        if (!admin) {
            throw OciError.DENIED.with(
                    "only an admin may do this, with an access token or password (not a registry token)",
                    Map.of("needs", "admin"));
        }
    }

    /** A team's public-pull setting: admins, and whoever may push to the team (the team-write rule). */
    public void requireTeamSettings(RegistryCaller caller, String team) {
        if (caller.anonymous()) {
            throw challenge(caller, null, "authentication required");
        }
        boolean allowed;
        try {
            authorizer.requireTeamWrite(caller.principal(), team);
            allowed = caller.access() == null;
        } catch (ApiException e) {
            allowed = false;
        }
        if (!allowed) {
            throw OciError.DENIED.with(
                    "requested access to the resource is denied", Map.of("team", team, "action", "settings"));
        }
    }

    /** {@code X-SCM-Source} is for the trusted CI system only. */
    public void requireTrustedScmSource(RegistryCaller caller) {
        if (!caller.principal().hasScope(Scopes.APPLICATION_WRITE_ALL_TRUSTED)) {
            throw OciError.DENIED.with(
                    "the X-SCM-Source header needs scope " + Scopes.APPLICATION_WRITE_ALL_TRUSTED,
                    Map.of("scope", Scopes.APPLICATION_WRITE_ALL_TRUSTED));
        }
    }

    private static String scope(RepositoryName repository, String actions) {
        return "repository:" + repository + ":" + actions;
    }

    /** A 401 whose challenge sends Docker clients to the token endpoint for {@code scope}. */
    public static ApiException challenge(RegistryCaller caller, String scope, String why) {
        StringBuilder header = new StringBuilder("Bearer realm=\"")
                .append(caller.realm())
                .append("\",service=\"")
                .append(RegistryTokens.SERVICE)
                .append('"');
        if (scope != null) {
            header.append(",scope=\"").append(scope).append('"');
        }
        return new ApiException(
                OciError.UNAUTHORIZED,
                why,
                scope == null ? null : Map.of("scope", scope),
                Map.of("WWW-Authenticate", header.toString()));
    }
}
