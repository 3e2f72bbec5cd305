package io.keyport.backend.audit;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.audit.api.AuditHttpService;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Job;
import io.keyport.backend.platform.Platform;
import java.time.Duration;
import java.util.List;

/**
 * The audit log's HTTP API (reading, exporting and verifying the chain) and the job that links
 * appended entries into the chain. The log itself, which every domain appends to, is the
 * platform's {@link Platform#audit()}.
 */
public final class AuditModule implements DomainModule {

    /** How often the chainer looks for entries nobody woke it for (left by another replica that died). */
    private static final Duration CHAINER_POLL = Duration.ofSeconds(2);

    private final List<HttpService> httpServices;
    private final List<Job> jobs;

    public AuditModule(Platform p, IdentityPorts identity) {
        p.openApi().contribute("audit", "/openapi/audit.yaml");
        this.httpServices =
                List.of(new AuditHttpService(p.audit(), identity.authorizer(), identity.authenticator(), p.routes()));
        this.jobs = List.of(new AuditChainer(p.audit(), CHAINER_POLL));
    }

    @Override
    public List<Job> jobs() {
        return jobs;
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
