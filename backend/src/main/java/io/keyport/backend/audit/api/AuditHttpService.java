package io.keyport.backend.audit.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log (admins only).
 *
 * <pre>
 * GET /api/audit          ?actor= &amp;action= &amp;target= &amp;from= &amp;to= &amp;after= &amp;limit= (ascending)
 *                         or ?order=desc&amp;before= (newest first); answers {"entries": [...], "next": cursor|null}
 * GET /api/audit/verify   {"intact": true, "entries": n} or {"intact": false, "first_broken_seq": s, "reason": ...}
 * GET /api/audit/export   the matching entries as JSON lines (application/x-ndjson), streamed
 * </pre>
 */
public final class AuditHttpService implements HttpService {

    private static final int MAX_LIMIT = 1000;

    private final AuditService audit;
    private final Authorizer auth;
    private final Authenticator authenticator;
    private final RouteRegistry registry;

    public AuditHttpService(AuditService audit, Authorizer auth, Authenticator authenticator, RouteRegistry registry) {
        this.audit = audit;
        this.auth = auth;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/api/audit", this::find)
                .get("/api/audit/verify", this::verify)
                .get("/api/audit/export", this::export);
    }

    private void find(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(authenticator.require(req));
        AuditFilter filter = filter(req);
        boolean descending = Http.query(req, "order")
                .map(o -> switch (o) {
                    case "asc" -> false;
                    case "desc" -> true;
                    default -> throw ApiException.badRequest("order must be asc or desc", Map.of("field", "order"));
                })
                .orElse(false);
        long cursor = descending ? number(req, "before", Long.MAX_VALUE) : number(req, "after", 0);
        long requested = number(req, "limit", 100);
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be between 1 and " + MAX_LIMIT, Map.of("field", "limit"));
        }
        int limit = (int) requested;
        List<AuditEntry> entries = audit.find(filter, cursor, descending, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entries", entries);
        body.put("next", entries.size() == limit ? entries.getLast().seq() : null);
        Http.ok(res, body);
    }

    private void verify(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(authenticator.require(req));
        Http.ok(res, audit.verify().toJson());
    }

    private void export(ServerRequest req, ServerResponse res) {
        auth.requireAdmin(authenticator.require(req));
        AuditFilter filter = filter(req);
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "application/x-ndjson");
        res.header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"keyport-audit.jsonl\"");
        try (OutputStream out = res.outputStream()) {
            audit.export(filter, entry -> {
                try {
                    out.write(Json.mapper().writeValueAsBytes(entry));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditFilter filter(ServerRequest req) {
        return new AuditFilter(
                Http.query(req, "actor").orElse(null),
                Http.query(req, "action").orElse(null),
                Http.query(req, "target").orElse(null),
                Http.instantQuery(req, "from").orElse(null),
                Http.instantQuery(req, "to").orElse(null));
    }

    private static long number(ServerRequest req, String name, long fallback) {
        return Http.query(req, name).map(v -> Http.number(name, v)).orElse(fallback);
    }
}
