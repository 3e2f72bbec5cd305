package io.keyport.backend.audit;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.audit.api.AuditHttpService;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import java.util.List;

/**
 * The audit log's HTTP API (reading, exporting and verifying the chain). The log itself, which
 * every domain appends to, is the platform's {@link Platform#audit()}.
 */
public final class AuditModule implements DomainModule {

    private final List<HttpService> httpServices;

    public AuditModule(Platform p, IdentityPorts identity) {
        p.openApi().contribute("audit", "/openapi/audit.yaml");
        this.httpServices = List.of(new AuditHttpService(p.audit(), identity.authorizer(), identity.authenticator(),
                p.routes()));
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
