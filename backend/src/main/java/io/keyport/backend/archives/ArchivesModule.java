package io.keyport.backend.archives;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.archives.api.ArchivesHttpService;
import io.keyport.backend.archives.service.ArchiveScopes;
import io.keyport.backend.archives.service.ArchiveService;
import io.keyport.backend.archives.store.ArchiveStore;
import io.keyport.backend.http.ErrorFieldFamily;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import java.util.List;
import java.util.Locale;

/**
 * The application archives domain (kploy's registry): built after identity, whose authenticator,
 * team directory and scope registry it uses. Registers its scope ({@code archives.write}), its
 * error family for exactly its own paths ({@code /api/v1} and {@code /api/v1/app...}; the rest of
 * {@code /api/v1/} belongs to RSTUF) and its OpenAPI fragment.
 */
public final class ArchivesModule implements DomainModule {

    /**
     * The blob key of archive content whose SHA-256 is {@code sha256} (64 lower-case hex digits): the
     * narrow port through which the TUF repository serves archives as targets (decision 0037).
     */
    public static String contentKey(String sha256) {
        return io.keyport.backend.archives.store.ArchiveLayout.content(sha256);
    }

    private final List<HttpService> httpServices;

    public ArchivesModule(Platform p, IdentityPorts identity) {
        identity.scopes().register("archives", ArchiveScopes.ALL);
        p.errorFamilies()
                .registerExact("/api/v1", ErrorFieldFamily.FAMILY)
                .registerExact("/api/v1/app", ErrorFieldFamily.FAMILY)
                .register("/api/v1/app/", ErrorFieldFamily.FAMILY);
        p.openApi().contribute("archives", "/openapi/archives.yaml");
        ArchiveService archives = new ArchiveService(
                p.db(),
                p.storage(),
                new ArchiveStore(),
                identity.teams(),
                p.audit(),
                p.clock(),
                p.config().archives(),
                p.config().storage().backend().name().toLowerCase(Locale.ROOT));
        this.httpServices = List.of(new ArchivesHttpService(archives, identity.authenticator(), p.routes()));
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
