package io.keyport.backend.tuf;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.appstore.AppStoreModule;
import io.keyport.backend.archives.ArchivesModule;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Job;
import io.keyport.backend.platform.PeriodicJob;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.registry.service.ImageManifests;
import io.keyport.backend.tuf.api.TufHttpService;
import io.keyport.backend.tuf.api.TufMetadataHttpService;
import io.keyport.backend.tuf.api.TufTargetsHttpService;
import io.keyport.backend.tuf.service.AppTargetSettings;
import io.keyport.backend.tuf.service.AppTargetTasks;
import io.keyport.backend.tuf.service.ApplicationOwners;
import io.keyport.backend.tuf.service.ApprovalState;
import io.keyport.backend.tuf.service.ApprovedTargets;
import io.keyport.backend.tuf.service.OnlineKey;
import io.keyport.backend.tuf.service.RepositoryPublisher;
import io.keyport.backend.tuf.service.RstufError;
import io.keyport.backend.tuf.service.TufScopes;
import io.keyport.backend.tuf.service.TufService;
import io.keyport.backend.tuf.service.TufTasks;
import io.keyport.backend.tuf.store.AppTargetsStore;
import io.keyport.backend.tuf.store.TufStore;
import java.util.List;

/**
 * The TUF repository (RSTUF v1 API): bootstrap, settings, artifacts, tasks and the public metadata,
 * signed by the online key ({@code KEYPORT_TUF_ONLINE_KEY}). Built after identity, whose
 * authenticator and scope registry it uses; registers its scopes, its task kinds, the RSTUF error
 * family for its route groups, and the renewal job that runs at start and then periodically.
 */
public final class TufModule implements DomainModule {

    /** The route groups that answer in RSTUF's error family. */
    static final List<String> RSTUF_PREFIXES = List.of(
            "/api/v1/bootstrap",
            "/api/v1/config",
            "/api/v1/artifacts",
            "/api/v1/metadata",
            "/api/v1/delegations",
            "/api/v1/task",
            "/api/v1/keys");

    private final List<HttpService> httpServices;
    private final List<Job> jobs;

    /**
     * The TUF module; {@code approvals} (from the applications domain) and {@code images} (from the
     * registry) serve the approval-gated targets of decision 0039; {@code owners} (from the
     * applications domain) their per-application setting (decision 0053).
     */
    public TufModule(
            Platform p,
            IdentityPorts identity,
            ApprovalState approvals,
            ImageManifests images,
            ApplicationOwners owners) {
        TufConfig config = p.config().tuf();
        identity.scopes().register("tuf", TufScopes.ALL);
        RSTUF_PREFIXES.forEach(prefix -> p.errorFamilies().register(prefix, RstufError.FAMILY));
        OnlineKey key = OnlineKey.open(config.onlineKeyFile());
        TufStore store = new TufStore();
        RepositoryPublisher publisher = new RepositoryPublisher(p.db(), store, key, config.renewMargin());
        TufTasks tasks = new TufTasks(p.db(), store, p.tasks(), publisher, key, p.clock(), config.retention());
        tasks.register(p.taskHandlers());
        AppTargetsStore appTargets = new AppTargetsStore();
        new AppTargetTasks(
                        store,
                        p.tasks(),
                        images,
                        approvals,
                        p.audit(),
                        p.clock(),
                        appTargets,
                        p.storage(),
                        ArchivesModule::contentKey)
                .register(p.taskHandlers());
        TufService service = new TufService(
                p.db(),
                store,
                p.tasks(),
                p.audit(),
                key,
                p.clock(),
                p.storage(),
                List.of(ArchivesModule::contentKey, AppStoreModule::chartKey));
        p.openApi().contribute("tuf", "/openapi/tuf.yaml");
        this.httpServices = List.of(
                new TufHttpService(
                        service,
                        new AppTargetSettings(p.db(), appTargets, owners, identity.authorizer(), p.audit(), p.clock()),
                        identity.authenticator(),
                        p.routes(),
                        p.config().http().maxJsonBody()),
                new TufMetadataHttpService(service, p.routes()),
                new TufTargetsHttpService(service, p.routes()));
        this.jobs = List.of(PeriodicJob.atOnce("tuf-renewal", config.renewInterval(), tasks::renew));
    }

    /** The port the applications domain enqueues approved and changed versions' targets through. */
    public static ApprovedTargets approvedTargets(Platform p) {
        return new ApprovedTargets(p.tasks());
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }

    @Override
    public List<Job> jobs() {
        return jobs;
    }
}
