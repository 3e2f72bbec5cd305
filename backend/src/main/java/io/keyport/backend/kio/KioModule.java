package io.keyport.backend.kio;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.kio.api.InboxHttpService;
import io.keyport.backend.kio.api.KioHttpService;
import io.keyport.backend.kio.service.ApplicationDirectory;
import io.keyport.backend.kio.service.ApplicationService;
import io.keyport.backend.kio.service.InboxService;
import io.keyport.backend.kio.service.VersionApprovedTask;
import io.keyport.backend.kio.service.VersionArtifacts;
import io.keyport.backend.kio.service.VersionService;
import io.keyport.backend.kio.store.ApplicationStore;
import io.keyport.backend.kio.store.InboxStore;
import io.keyport.backend.kio.store.VersionStore;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.registry.service.ImageUsage;
import io.keyport.backend.tuf.TufModule;
import io.keyport.backend.tuf.service.ApprovalState;
import java.util.List;

/**
 * The Kio applications domain: applications, versions, approvals. Built after identity, whose
 * {@link IdentityPorts} it uses; offers identity the {@link ApplicationDirectory}, which is built
 * before identity by {@link #directory}.
 */
public final class KioModule implements DomainModule {

    private final List<HttpService> httpServices;

    public KioModule(Platform p, IdentityPorts identity) {
        ApplicationStore applicationStore = new ApplicationStore();
        VersionStore versionStore = new VersionStore();
        p.taskHandlers().register(VersionApprovedTask.KIND, new VersionApprovedTask(versionStore, p.clock()));
        VersionService versions = new VersionService(
                p.db(),
                applicationStore,
                versionStore,
                identity.authorizer(),
                p.audit(),
                p.events(),
                p.tasks(),
                TufModule.approvedTargets(p),
                p.clock());
        ApplicationService applications = new ApplicationService(
                p.db(),
                applicationStore,
                versionStore,
                identity.authorizer(),
                identity.teams(),
                identity.credentials(),
                p.audit(),
                p.clock(),
                versions::reevaluate,
                identity.principals()::clear);
        p.openApi().contribute("kio", "/openapi/kio.yaml");
        InboxService inbox = new InboxService(p.db(), new InboxStore(), p.clock());
        this.httpServices = List.of(
                new KioHttpService(
                        applications,
                        versions,
                        identity.authenticator(),
                        p.routes(),
                        p.config().http().maxJsonBody()),
                new InboxHttpService(inbox, identity.authenticator(), p.routes()));
    }

    /** The port identity needs about applications; depends on nothing of identity's services. */
    public static ApplicationDirectory directory(Platform p) {
        return new ApplicationDirectory(p.db(), new ApplicationStore());
    }

    /** The port the registry needs: which versions point at an image (read in the registry's transaction). */
    public static ImageUsage imageUsage() {
        return new VersionArtifacts();
    }

    /** The port TUF needs: whether a version is still approved by a given approval (read in TUF's transaction). */
    public static ApprovalState approvalState() {
        VersionStore versions = new VersionStore();
        return (c, application, version, approvedAt) -> versions.find(c, application, version)
                .map(row -> approvedAt.equals(row.approvedAt()))
                .orElse(false);
    }

    /** The port TUF's per-application setting needs: the team that owns an application (decision 0053). */
    public static io.keyport.backend.tuf.service.ApplicationOwners applicationOwners() {
        ApplicationStore applications = new ApplicationStore();
        return (c, application) ->
                applications.find(c, application).map(row -> row.app().teamId());
    }

    /** The port the App Store's approval gate needs: is a version of an application approved (decision 0044). */
    public static io.keyport.backend.appstore.service.ApprovedVersions approvedVersions() {
        ApplicationStore applications = new ApplicationStore();
        VersionStore versions = new VersionStore();
        return new io.keyport.backend.appstore.service.ApprovedVersions() {
            @Override
            public boolean applicationExists(java.sql.Connection c, String application) throws java.sql.SQLException {
                return applications.find(c, application).isPresent();
            }

            @Override
            public boolean approved(java.sql.Connection c, String application, String version)
                    throws java.sql.SQLException {
                return versions.find(c, application, version)
                        .map(row -> row.approvedAt() != null)
                        .orElse(false);
            }
        };
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
