package io.keyport.backend.identity.service;

import io.keyport.backend.audit.service.Actor;
import java.time.Instant;
import java.util.Set;

/**
 * An authenticated caller as every domain sees it: uid and realm, the scopes in force (the token's
 * scopes narrowed to what the identity holds now), the admin flag, and the teams it acts for
 * (a person's memberships; a service's owning team). {@code admin} is true only for an admin whose
 * token carries {@code keyport.admin}. {@code external} marks identities vouched for by the external
 * OpenID Connect provider rather than by Keyport's own credentials.
 */
public record Principal(
        String uid,
        Realm realm,
        Set<String> scopes,
        boolean admin,
        Set<String> teams,
        Instant expiresAt,
        String clientId,
        boolean external) {

    public boolean hasScope(String scope) {
        return scopes.contains(scope);
    }

    public boolean isEmployee() {
        return realm == Realm.EMPLOYEES;
    }

    public boolean isService() {
        return realm == Realm.SERVICES;
    }

    public boolean memberOf(String team) {
        return teams.contains(team);
    }

    public Actor actor() {
        return new Actor(uid, realm.id());
    }
}
