package io.keyport.backend.appstore.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.appstore.service.AppStoreError;
import io.keyport.backend.appstore.service.PackageService;
import io.keyport.backend.appstore.service.SemVer;
import io.keyport.backend.appstore.service.TargetService;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Principal;
import io.keyport.model.appstore.DeploymentTargetRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The App Store's catalogue API (Uninett App Store design): packages, public; deployment targets,
 * for authenticated callers, configured by admins.
 *
 * <pre>
 * GET    /packages                  ?query=wordpress &amp;repo=keyport    curl .../packages?query=wordpress
 * GET    /packages/{id}             ?version=1.2.3 &amp;repo=              values, values schema and readme of a version
 * GET    /namespaces                the targets the caller's teams may deploy to (admins: all)
 * PUT    /namespaces/{id}           (admin) -d '{"cluster":"prod-1","kubeconfig":"file:/etc/keyport/kube/prod.yaml",
 *                                             "namespace":"team-a-apps","teams":["team-a"]}'   201 created, 200 replaced
 * DELETE /namespaces/{id}           (admin) 204
 * </pre>
 */
public final class PackagesHttpService implements HttpService {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final int MAX_QUERY = 256;

    private final PackageService packages;
    private final TargetService targets;
    private final Authenticator authenticator;
    private final RouteRegistry registry;
    private final long maxBody;

    public PackagesHttpService(
            PackageService packages,
            TargetService targets,
            Authenticator authenticator,
            RouteRegistry registry,
            long maxBody) {
        this.packages = packages;
        this.targets = targets;
        this.authenticator = authenticator;
        this.registry = registry;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/packages", this::list)
                .get("/packages/{id}", this::detail)
                .get("/namespaces", this::namespaces)
                .put("/namespaces/{id}", this::putNamespace)
                .delete("/namespaces/{id}", this::deleteNamespace);
    }

    private void list(ServerRequest req, ServerResponse res) {
        Optional<String> query = Http.query(req, "query");
        Optional<String> repo = Http.query(req, "repo");
        query.ifPresent(q -> {
            if (q.length() > MAX_QUERY) {
                throw AppStoreError.BAD_REQUEST.with("query must have at most " + MAX_QUERY + " characters");
            }
        });
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        Http.send(res, packages.searchJson(query.orElse(null), repo.orElse(null)));
    }

    private void detail(ServerRequest req, ServerResponse res) {
        String id = Http.param(req, "id");
        if (!NAME.matcher(id).matches()) {
            throw AppStoreError.BAD_REQUEST.with("a package id is a chart name: letters, digits, '.', '_' or '-'");
        }
        Optional<String> version = Http.query(req, "version");
        if (version.isPresent() && SemVer.parse(version.get()).isEmpty()) {
            throw AppStoreError.BAD_REQUEST.with("version must be a SemVer 2 version such as 1.2.3");
        }
        Http.ok(
                res,
                packages.detail(
                        id, version.orElse(null), Http.query(req, "repo").orElse(null)));
    }

    private void namespaces(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        Http.ok(res, targets.list(caller));
    }

    private void putNamespace(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        String id = Http.param(req, "id");
        TargetService.validateId(id);
        DeploymentTargetRequest body = Http.readJson(req, DeploymentTargetRequest.class, maxBody);
        boolean created = targets.put(caller, id, body);
        Http.json(
                res,
                created ? Status.CREATED_201 : Status.OK_200,
                targets.list(caller).stream()
                        .filter(t -> t.id().equals(id))
                        .findFirst()
                        .orElseThrow());
    }

    private void deleteNamespace(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        targets.delete(caller, Http.param(req, "id"));
        Http.empty(res, Status.NO_CONTENT_204);
    }
}
