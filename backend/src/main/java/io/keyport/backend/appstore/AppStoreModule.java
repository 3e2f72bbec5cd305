package io.keyport.backend.appstore;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.appstore.api.ChartRepositoryHttpService;
import io.keyport.backend.appstore.api.PackagesHttpService;
import io.keyport.backend.appstore.api.ReleasesHttpService;
import io.keyport.backend.appstore.service.AppStoreError;
import io.keyport.backend.appstore.service.ApprovedVersions;
import io.keyport.backend.appstore.service.CatalogueCache;
import io.keyport.backend.appstore.service.ChartArchive;
import io.keyport.backend.appstore.service.ChartService;
import io.keyport.backend.appstore.service.ClusterAccess;
import io.keyport.backend.appstore.service.HelmEngine;
import io.keyport.backend.appstore.service.OciCharts;
import io.keyport.backend.appstore.service.PackageService;
import io.keyport.backend.appstore.service.ReleaseEngine;
import io.keyport.backend.appstore.service.ReleaseFiles;
import io.keyport.backend.appstore.service.ReleaseNames;
import io.keyport.backend.appstore.service.ReleaseService;
import io.keyport.backend.appstore.service.ReleaseTasks;
import io.keyport.backend.appstore.service.TargetService;
import io.keyport.backend.appstore.store.ChartStore;
import io.keyport.backend.appstore.store.ReleaseStore;
import io.keyport.backend.appstore.store.TargetStore;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Job;
import io.keyport.backend.platform.PeriodicJob;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.registry.RegistryModule;
import io.keyport.backend.registry.service.ManifestListener;
import java.time.Duration;
import java.util.List;

/**
 * The App Store: a Helm chart repository (upload, index, download), the packages of the Uninett App
 * Store design, the deployment targets, and releases installed with real Helm into those targets as
 * tasks of the queue, gated by approvals read through {@link ApprovedVersions} (decision 0044). Built
 * after identity, whose {@link IdentityPorts} it uses, and after Kio, which offers the approvals port;
 * registers its scope ({@link ChartService#WRITE_SCOPE}) and its error family ({@link AppStoreError})
 * for its route groups, {@code /releases} included.
 * Helm charts pushed as OCI artifacts into the image registry join the catalogue through
 * {@link #ociCharts()}, which the registry, built later, is given (decision 0045).
 */
public final class AppStoreModule implements DomainModule {

    /**
     * The blob key of the chart archive whose SHA-256 is {@code sha256}: the narrow port through which
     * the TUF repository serves charts as targets (decision 0037).
     */
    public static String chartKey(String sha256) {
        return io.keyport.backend.appstore.store.ChartLayout.archive(sha256);
    }

    /** How often a replica checks whether another one changed the catalogue. */
    static final Duration GENERATION_CHECK = Duration.ofSeconds(5);

    private final List<HttpService> httpServices;
    private final List<Job> jobs;
    private final OciCharts ociCharts;

    public AppStoreModule(Platform p, IdentityPorts identity, ApprovedVersions approvals) {
        identity.scopes().register("appstore", List.of(ChartService.WRITE_SCOPE));
        AppStoreError.PREFIXES.forEach(prefix -> p.errorFamilies().register(prefix, AppStoreError.FAMILY));
        ChartStore chartStore = new ChartStore();
        CatalogueCache catalogue = new CatalogueCache(p.db(), chartStore, p.clock());
        ChartService charts = new ChartService(
                p.db(),
                chartStore,
                p.storage(),
                catalogue,
                identity.authorizer(),
                identity.teams(),
                p.audit(),
                p.clock(),
                p.config().appstore().maxChartSize(),
                ChartArchive.Limits.DEFAULT,
                RegistryModule::blobKey);
        this.ociCharts = new OciCharts(charts, RegistryModule.imageManifests());
        PackageService packages = new PackageService(p.db(), chartStore, catalogue);
        TargetService targets = new TargetService(
                p.db(), new TargetStore(), identity.authorizer(), identity.teams(), p.audit(), p.clock());
        p.openApi().contribute("appstore", "/openapi/appstore.yaml");
        ReleasesHttpService releases = releases(p, identity, approvals, chartStore, targets);
        this.httpServices = List.of(
                new ChartRepositoryHttpService(charts, packages, identity.authenticator(), p.routes()),
                new PackagesHttpService(
                        packages,
                        targets,
                        identity.authenticator(),
                        p.routes(),
                        p.config().http().maxJsonBody()),
                releases);
        this.jobs = List.of(new PeriodicJob("appstore-catalogue", GENERATION_CHECK, catalogue::checkGeneration));
    }

    /**
     * The port the image registry tells of each stored manifest: Helm charts pushed as OCI
     * artifacts join the catalogue in the push's transaction (decision 0045).
     */
    public ManifestListener ociCharts() {
        return ociCharts;
    }

    /** Releases (decision 0044): the service over real Helm, its task handler, routes and error family. */
    private static ReleasesHttpService releases(
            Platform p,
            IdentityPorts identity,
            ApprovedVersions approvals,
            ChartStore chartStore,
            TargetService targets) {
        p.errorFamilies().register("/releases", AppStoreError.FAMILY);
        ReleaseStore releaseStore = new ReleaseStore();
        TargetStore targetStore = new TargetStore();
        ReleaseFiles files = new ReleaseFiles(p.storage());
        ReleaseEngine engine = new HelmEngine(p.clock());
        ClusterAccess cluster = new ClusterAccess();
        p.taskHandlers()
                .register(
                        ReleaseService.TASK_KIND,
                        new ReleaseTasks(
                                p.db(), releaseStore, chartStore, targetStore, files, engine, cluster, p.audit()));
        ReleaseService service = new ReleaseService(
                p.db(),
                releaseStore,
                chartStore,
                targetStore,
                targets,
                files,
                engine,
                cluster,
                p.tasks(),
                identity.authorizer(),
                identity.teams(),
                approvals,
                p.audit(),
                p.clock(),
                new ReleaseNames());
        p.openApi().contribute("appstore-releases", "/openapi/appstore-releases.yaml");
        return new ReleasesHttpService(
                service, identity.authenticator(), p.routes(), p.config().http().maxJsonBody());
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
