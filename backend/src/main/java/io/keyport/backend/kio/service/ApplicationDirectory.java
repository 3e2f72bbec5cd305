package io.keyport.backend.kio.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.identity.service.ServiceDirectory;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.model.kio.AppId;
import java.util.Optional;

/**
 * The narrow port the applications domain offers identity: whether an application exists, which
 * team owns it, whether it is active, and whether a team owns any. A small read-only class over
 * the application store, built before identity, so identity needs none of the applications'
 * services (which depend on identity in turn).
 */
public final class ApplicationDirectory implements ServiceDirectory {

    private final Database db;
    private final ApplicationStore store;

    public ApplicationDirectory(Database db, ApplicationStore store) {
        this.db = db;
        this.store = store;
    }

    @Override
    public Optional<ServiceApplication> find(String applicationId) {
        if (!AppId.RULE.allows(applicationId)) {
            return Optional.empty();
        }
        return db.read(c -> store.find(c, applicationId))
                .map(r -> new ServiceApplication(
                        r.app().id(), r.app().teamId(), r.app().active()));
    }

    @Override
    public boolean teamOwnsApplications(String teamId) {
        return db.read(c -> store.teamOwnsApplications(c, teamId));
    }
}
