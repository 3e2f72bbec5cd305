package io.keyport.backend.registry;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.registry.api.PierOneHttpService;
import io.keyport.backend.registry.api.RegistryHttp;
import io.keyport.backend.registry.service.BlobService;
import io.keyport.backend.registry.service.ManifestService;
import io.keyport.backend.registry.service.OciError;
import io.keyport.backend.registry.service.PierOneService;
import io.keyport.backend.registry.service.RegistryAccess;
import io.keyport.backend.registry.service.RegistryTokens;
import io.keyport.backend.registry.service.ScmSourceScan;
import io.keyport.backend.registry.store.BlobIndex;
import io.keyport.backend.registry.store.ManifestStore;
import io.keyport.backend.registry.store.PierOneStore;
import io.keyport.backend.registry.store.UploadStore;
import java.util.List;

/**
 * The image registry domain (OCI Distribution 1.1 and Docker Registry v2 under {@code /v2/}, Pier
 * One's immutable tags and team namespaces). Built after identity, whose {@link IdentityPorts} it
 * uses; blobs go to the platform's storage, everything else to the database (migration V8). Answers
 * every failure under {@code /v2/} in the OCI error family; the Pier One REST API ({@code /teams/...},
 * {@code /tags/...}, {@code /stats}, {@code /v1/...}, decision 0032) in the STUPS family.
 */
public final class RegistryModule implements DomainModule {

    private final List<HttpService> httpServices;

    public RegistryModule(Platform p, IdentityPorts identity) {
        p.errorFamilies().register("/v2/", OciError.FAMILY);
        RegistryAccess access = new RegistryAccess(identity.authorizer());
        BlobIndex blobIndex = new BlobIndex();
        BlobService blobs = new BlobService(p.db(), p.storage(), blobIndex, new UploadStore(), access, p.clock());
        PierOneStore pierOneStore = new PierOneStore();
        ScmSourceScan scmScan = new ScmSourceScan(p.db(), p.storage(), pierOneStore, p.tasks());
        p.taskHandlers().register(ScmSourceScan.KIND, scmScan);
        ManifestService manifests =
                new ManifestService(p.db(), new ManifestStore(), blobIndex, access, p.audit(), p.clock(), scmScan);
        RegistryTokens tokens = new RegistryTokens(identity.tokens(), access, p.clock());
        p.openApi().contribute("registry", "/openapi/registry.yaml");
        p.openApi().contribute("pierone", "/openapi/pierone.yaml");
        this.httpServices = new java.util.ArrayList<>(
                RegistryHttp.services(blobs, manifests, tokens, access, identity.authenticator(), p.routes()));
        this.httpServices.add(
                new PierOneHttpService(new PierOneService(p.db(), pierOneStore), identity.authenticator(), p.routes()));
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
