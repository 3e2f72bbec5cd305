package io.keyport.backend.registry;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Job;
import io.keyport.backend.platform.PeriodicJob;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.registry.api.PierOneHttpService;
import io.keyport.backend.registry.api.RegistryHttp;
import io.keyport.backend.registry.service.BlobService;
import io.keyport.backend.registry.service.GarbageCollector;
import io.keyport.backend.registry.service.ImageUsage;
import io.keyport.backend.registry.service.LiveDigests;
import io.keyport.backend.registry.service.ManifestListener;
import io.keyport.backend.registry.service.ManifestService;
import io.keyport.backend.registry.service.OciError;
import io.keyport.backend.registry.service.PierOneService;
import io.keyport.backend.registry.service.RegistryAccess;
import io.keyport.backend.registry.service.RegistryTokens;
import io.keyport.backend.registry.service.ScmSourceScan;
import io.keyport.backend.registry.service.TakedownService;
import io.keyport.backend.registry.service.TeamPolicies;
import io.keyport.backend.registry.store.BlobIndex;
import io.keyport.backend.registry.store.ManifestStore;
import io.keyport.backend.registry.store.PierOneStore;
import io.keyport.backend.registry.store.TeamSettingsStore;
import io.keyport.backend.registry.store.UploadStore;
import java.time.Duration;
import java.util.List;

/**
 * The image registry domain (OCI Distribution 1.1 and Docker Registry v2 under {@code /v2/}, Pier
 * One's immutable tags and team namespaces). Built after identity, whose {@link IdentityPorts} it
 * uses, and after the applications domain, whose {@link ImageUsage} keeps takedowns from removing
 * an image a version points at; blobs go to the platform's storage, everything else to the
 * database (migrations V8, V14, V15). Runs garbage collection as a periodic job. Answers every
 * failure under {@code /v2/} in the OCI error family; the Pier One REST API ({@code /teams/...},
 * {@code /tags/...}, {@code /stats}, {@code /v1/...}, decision 0032) in the STUPS family.
 */
public final class RegistryModule implements DomainModule {

    private final List<HttpService> httpServices;
    private final List<Job> jobs;

    /** {@code usage} tells which application versions point at an image (from the applications domain). */
    public RegistryModule(Platform p, IdentityPorts identity, ImageUsage usage) {
        this(p, identity, usage, List.of());
    }

    /**
     * As above; {@code listeners} are told of each manifest stored, in its transaction (the App
     * Store's catalogue of OCI-pushed charts).
     */
    public RegistryModule(Platform p, IdentityPorts identity, ImageUsage usage, List<ManifestListener> listeners) {
        p.errorFamilies().register("/v2/", OciError.FAMILY);
        RegistryConfig config = p.config().registry();
        Duration touchAfter = config.gcGrace().dividedBy(2);
        TeamSettingsStore settings = new TeamSettingsStore();
        RegistryAccess access =
                new RegistryAccess(identity.authorizer(), team -> p.db().read(c -> settings.isPublic(c, team)));
        TeamPolicies policies = new TeamPolicies(p.db(), settings, identity.teams(), access, p.audit(), p.clock());
        BlobIndex blobIndex = new BlobIndex();
        UploadStore uploads = new UploadStore();
        ManifestStore manifestStore = new ManifestStore();
        PierOneStore pierOneStore = new PierOneStore();
        ScmSourceScan scmScan = new ScmSourceScan(p.db(), p.storage(), pierOneStore, p.tasks());
        BlobService blobs = new BlobService(
                p.db(),
                p.storage(),
                blobIndex,
                uploads,
                access,
                p.clock(),
                touchAfter,
                new LiveDigests(LiveDigests.DEFAULT_CAPACITY),
                scmScan);
        p.taskHandlers().register(ScmSourceScan.KIND, scmScan);
        ManifestService manifests = new ManifestService(
                p.db(),
                manifestStore,
                blobIndex,
                access,
                p.audit(),
                p.clock(),
                policies,
                touchAfter,
                ManifestListener.all(
                        java.util.stream.Stream.concat(java.util.stream.Stream.of(scmScan), listeners.stream())
                                .toList()));
        TakedownService takedowns = new TakedownService(p.db(), manifestStore, usage, access, p.audit());
        RegistryTokens tokens = new RegistryTokens(identity.tokens(), access, p.clock());
        p.openApi().contribute("registry", "/openapi/registry.yaml");
        p.openApi().contribute("pierone", "/openapi/pierone.yaml");
        this.httpServices = new java.util.ArrayList<>(RegistryHttp.services(
                blobs, manifests, tokens, access, policies, takedowns, identity.authenticator(), p.routes()));
        this.httpServices.add(new PierOneHttpService(
                new PierOneService(p.db(), pierOneStore, settings), identity.authenticator(), p.routes()));
        GarbageCollector gc =
                new GarbageCollector(p.db(), p.storage(), blobIndex, uploads, p.clock(), config.gcGrace());
        gc.register(p.metrics());
        this.jobs = List.of(new PeriodicJob("registry-gc", config.gcInterval(), gc));
    }

    /** The storage key of the registry blob {@code digest} ({@code sha256:...}): the port through which other domains read a pushed blob. */
    public static String blobKey(String digest) {
        return io.keyport.backend.registry.store.RegistryLayout.blobKey(io.keyport.model.registry.Digest.parse(digest));
    }

    /** The port other domains read image manifests through (in their own transaction). */
    public static io.keyport.backend.registry.service.ImageManifests imageManifests() {
        return new io.keyport.backend.registry.service.ImageManifests();
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }

    /** Garbage collection of abandoned upload sessions and unreferenced blobs, every {@code KEYPORT_REGISTRY_GC_INTERVAL}. */
    @Override
    public List<Job> jobs() {
        return jobs;
    }
}
