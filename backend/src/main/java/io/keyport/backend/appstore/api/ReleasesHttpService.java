package io.keyport.backend.appstore.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.appstore.service.ReleaseService;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Principal;
import io.keyport.model.appstore.PackageGate;
import io.keyport.model.appstore.Release;
import io.keyport.model.appstore.ReleaseRequest;
import io.keyport.model.appstore.ReleaseUpgrade;
import io.keyport.model.appstore.RollbackRequest;
import java.util.Map;

/**
 * Releases of the App Store (Uninett design, issue 10 §3): charts of the catalogue installed with
 * Helm into a deployment target. Changes answer at once with the pending status; a task runs Helm.
 *
 * <pre>
 * POST   /releases                  -d '{"package":"web","version":"1.0.0","namespace":"team-a-dev",
 *                                        "adminGroups":["team-a"],"values":{"replicaCount":2}}'     201
 * GET    /releases                  the caller's releases (owner or adminGroups; admins: all)
 * GET    /releases/{id}             as POST answered it, with status, revision, task, error
 * GET    /releases/{id}/status      lastDeployed, namespace, status, revision, resources with readiness
 * PATCH  /releases/{id}             -d '{"version":"1.1.0"}' or '{"values":{...}}'                  202
 * POST   /releases/{id}/dry-run     same body as PATCH: rendered manifests and the values difference
 * GET    /releases/{id}/history     revisions, newest first
 * POST   /releases/{id}/rollback    -d '{"revision":1}'                                              202
 * DELETE /releases/{id}             uninstall                                                        202
 * PUT    /packages/{id}/gate        -d '{"application":"web"}'   approval gate (chart team or admin)
 * DELETE /packages/{id}/gate                                                                         204
 * </pre>
 */
public final class ReleasesHttpService implements HttpService {

    private final ReleaseService releases;
    private final Authenticator authenticator;
    private final RouteRegistry registry;
    private final long maxBody;

    public ReleasesHttpService(
            ReleaseService releases, Authenticator authenticator, RouteRegistry registry, long maxBody) {
        this.releases = releases;
        this.authenticator = authenticator;
        this.registry = registry;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .post("/releases", this::create)
                .get("/releases", this::list)
                .get("/releases/{id}", this::get)
                .get("/releases/{id}/status", this::status)
                .patch("/releases/{id}", this::upgrade)
                .post("/releases/{id}/dry-run", this::dryRun)
                .get("/releases/{id}/history", this::history)
                .post("/releases/{id}/rollback", this::rollback)
                .delete("/releases/{id}", this::delete)
                .put("/packages/{id}/gate", this::putGate)
                .delete("/packages/{id}/gate", this::deleteGate);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        Release created = releases.create(caller, Http.readJson(req, ReleaseRequest.class, maxBody));
        res.header(HeaderNames.LOCATION, "/releases/" + created.id());
        Http.json(res, Status.CREATED_201, created);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Http.ok(res, releases.list(authenticator.require(req)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Http.ok(res, releases.get(authenticator.require(req), Http.param(req, "id")));
    }

    private void status(ServerRequest req, ServerResponse res) {
        Http.ok(res, releases.status(authenticator.require(req), Http.param(req, "id")));
    }

    private void upgrade(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        Http.json(
                res,
                Status.ACCEPTED_202,
                releases.upgrade(caller, Http.param(req, "id"), Http.readJson(req, ReleaseUpgrade.class, maxBody)));
    }

    private void dryRun(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        Http.ok(res, releases.dryRun(caller, Http.param(req, "id"), Http.readJson(req, ReleaseUpgrade.class, maxBody)));
    }

    private void history(ServerRequest req, ServerResponse res) {
        Http.ok(res, releases.history(authenticator.require(req), Http.param(req, "id")));
    }

    private void rollback(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        Http.json(
                res,
                Status.ACCEPTED_202,
                releases.rollback(caller, Http.param(req, "id"), Http.readJson(req, RollbackRequest.class, maxBody)));
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        Http.json(res, Status.ACCEPTED_202, releases.delete(caller, Http.param(req, "id")));
    }

    private void putGate(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        PackageGate gate = Http.readJson(req, PackageGate.class, maxBody);
        boolean created = releases.putGate(caller, Http.param(req, "id"), gate);
        Http.json(res, created ? Status.CREATED_201 : Status.OK_200, Map.of("application", gate.application()));
    }

    private void deleteGate(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        releases.deleteGate(caller, Http.param(req, "id"));
        Http.empty(res, Status.NO_CONTENT_204);
    }
}
