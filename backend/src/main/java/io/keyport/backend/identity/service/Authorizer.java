package io.keyport.backend.identity.service;

import java.util.Optional;

/**
 * The authorisation rules identity offers the other domains: what a {@link Principal} may read
 * and write. Services call it; handlers never do.
 */
public interface Authorizer {

    /** The team-write rule of Kio and Pier One; 403 when the caller may not write for {@code team}. */
    void requireTeamWrite(Principal caller, String team);

    /** The person accountable for what the caller writes, if known. */
    Optional<String> responsiblePerson(Principal caller);

    /** Reading needs a valid token with {@code uid}. */
    void requireRead(Principal caller);

    /** 403 unless the caller is an admin. */
    void requireAdmin(Principal caller);
}
