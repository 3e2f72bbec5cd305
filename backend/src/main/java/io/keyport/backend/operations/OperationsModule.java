package io.keyport.backend.operations;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Health, the OpenAPI document of the route registry, and the Prometheus metrics. */
public final class OperationsModule implements DomainModule {

    private final List<HttpService> httpServices;

    /** @param serving false once the server is shutting down (health answers 503) */
    public OperationsModule(Platform p, BooleanSupplier serving) {
        p.openApi().contribute("operations", "/openapi/operations.yaml");
        this.httpServices = List.of(new OperationsHttpService(p.metrics(), p.routes(), p.openApi(), serving));
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
