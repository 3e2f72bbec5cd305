package io.keyport.backend.testing;

import io.keyport.backend.identity.service.ServiceDirectory;
import java.util.Optional;

/** A {@link ServiceDirectory} without applications, for tests that wire identity alone. */
public final class NoApplications implements ServiceDirectory {

    @Override
    public Optional<ServiceApplication> find(String applicationId) {
        return Optional.empty();
    }

    @Override
    public boolean teamOwnsApplications(String teamId) {
        return false;
    }
}
