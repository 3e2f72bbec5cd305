package io.keyport.backend.audit;

import io.keyport.backend.testing.AuthorizationTable;
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.ErrorBodies;

/**
 * The audit domain's rows for the shared test runners: the audit log, its verification and its
 * export are for admins whose token carries {@code uid} ({@link #AUTHORIZATION}, identities of
 * {@link io.keyport.backend.testing.Cast}).
 */
public final class AuditTables {

    public static final AuthorizationTable AUTHORIZATION = AuthorizationTable.of("audit", ErrorBodies.STUPS, """
            method | path              | body || anon | admin | admin-w | alice | alice-u | alice-w | carol | bob | nadia | svc | svc-w | svc-wa | svc-moved
            GET    | /api/audit        | -    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/audit/verify | -    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            GET    | /api/audit/export | -    || 401  | 200   | 403     | 403   | 403     | 403     | 403   | 403 | 403   | 403 | 403   | 403    | 401
            """);

    private AuditTables() {}

    /** Bad requests to the audit log, answered in the STUPS family. */
    public static BadInputTable badInput() {
        return BadInputTable.of("audit", ErrorBodies.STUPS)
                .group("unknown fields and wrong values")
                .add("audit limit 0", "admin", "GET", "/api/audit?limit=0", null, 400)
                .add("audit limit huge", "admin", "GET", "/api/audit?limit=99999999999999999999", null, 400)
                .add("audit order sideways", "admin", "GET", "/api/audit?order=sideways", null, 400)
                .add("audit from garbage", "admin", "GET", "/api/audit?from=not-a-date", null, 400)
                .group("SQL meta-characters")
                .add(
                        "DROP TABLE in audit limit",
                        "admin",
                        "GET",
                        "/api/audit?limit=" + BadInputTable.enc("1;DROP TABLE audit_log"),
                        null,
                        400)
                .group("path traversal")
                .add("encoded dots", "admin", "GET", "/apps/%2e%2e/api/audit", null, 400)
                .add("NUL in an audit query", "admin", "GET", "/api/audit?actor=%00", null, 400)
                .add("dot-dot around an admin route", "alice", "GET", "/apps/../api/audit", null, 0);
    }
}
