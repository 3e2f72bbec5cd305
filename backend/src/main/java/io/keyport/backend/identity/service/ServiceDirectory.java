package io.keyport.backend.identity.service;

import java.util.Optional;

/**
 * What identity needs to know about applications to treat them as services: whether one exists,
 * which team owns it and whether it is active. Implemented by the applications domain, so that
 * identity does not read its tables.
 */
public interface ServiceDirectory {

    /** The owner of an application. */
    record ServiceApplication(String id, String teamId, boolean active) {}

    Optional<ServiceApplication> find(String applicationId);

    /** Whether any application belongs to the team. */
    boolean teamOwnsApplications(String teamId);
}
