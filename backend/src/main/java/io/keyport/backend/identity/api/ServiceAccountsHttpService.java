package io.keyport.backend.identity.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.service.ServiceAccountService;
import io.keyport.model.identity.ServiceScopesRequest;

/**
 * Service identities of applications.
 *
 * <pre>
 * POST   /apps/{id}/credentials              curl -X POST -H "Authorization: Bearer $T" .../apps/kio/credentials
 *                                            -> 201 {"client_id": "...", "client_secret": "..."} (shown once)
 * GET    /apps/{id}/credentials              list, without secrets (team members, admins)
 * DELETE /apps/{id}/credentials/{client_id}  revoke
 * GET    /apps/{id}/scopes                   granted scopes
 * PUT    /apps/{id}/scopes                   (admin) -d '{"scopes":["application.write"]}'
 * </pre>
 */
public final class ServiceAccountsHttpService implements HttpService {

    private final ServiceAccountService services;
    private final Authenticator authenticator;
    private final RouteRegistry registry;
    private final long maxBody;

    public ServiceAccountsHttpService(
            ServiceAccountService services, Authenticator authenticator, RouteRegistry registry, long maxBody) {
        this.services = services;
        this.authenticator = authenticator;
        this.registry = registry;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .post("/apps/{id}/credentials", this::create)
                .get("/apps/{id}/credentials", this::list)
                .delete("/apps/{id}/credentials/{client_id}", this::revoke)
                .get("/apps/{id}/scopes", this::scopes)
                .put("/apps/{id}/scopes", this::putScopes);
    }

    private void create(ServerRequest req, ServerResponse res) {
        var credentials = services.createCredential(authenticator.require(req), Http.param(req, "id"));
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        Http.json(res, Status.CREATED_201, credentials);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Http.ok(res, services.credentials(authenticator.require(req), Http.param(req, "id")));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        services.revokeCredential(authenticator.require(req), Http.param(req, "id"), Http.param(req, "client_id"));
        Http.empty(res, Status.NO_CONTENT_204);
    }

    private void scopes(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, services.scopes(Http.param(req, "id")));
    }

    private void putScopes(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        ServiceScopesRequest body = Http.readJson(req, ServiceScopesRequest.class, maxBody);
        Http.ok(res, services.putScopes(caller, Http.param(req, "id"), body));
    }
}
