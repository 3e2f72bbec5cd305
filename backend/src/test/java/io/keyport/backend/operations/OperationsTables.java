package io.keyport.backend.operations;

import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.ErrorBodies;

/**
 * The operations domain's rows for the shared test runners: health, the API description and the
 * metrics are public, so probes, API tools and Prometheus need no credentials, and a caller's
 * token, dead or alive, changes nothing ({@link #AUTHORIZATION}).
 */
public final class OperationsTables {

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("operations", ErrorBodies.STUPS, """
            method | path                | body || anon | admin | admin-w | alice | alice-w | bob | nadia | svc | svc-w | svc-moved
            GET    | /.well-known/health | -    || 200  | 200   | 200     | 200   | 200     | 200 | 200   | 200 | 200   | 200
            GET    | /openapi            | -    || 200  | 200   | 200     | 200   | 200     | 200 | 200   | 200 | 200   | 200
            GET    | /swagger.json       | -    || 200  | 200   | 200     | 200   | 200     | 200 | 200   | 200 | 200   | 200
            GET    | /metrics            | -    || 200  | 200   | 200     | 200   | 200     | 200 | 200   | 200 | 200   | 200
            """);

    private OperationsTables() {}
}
