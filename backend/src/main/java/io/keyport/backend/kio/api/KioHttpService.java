package io.keyport.backend.kio.api;

import com.fasterxml.jackson.core.JsonGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.kio.service.ApplicationService;
import io.keyport.backend.kio.service.SearchCopy;
import io.keyport.backend.kio.service.VersionService;
import io.keyport.model.common.Json;
import io.keyport.model.kio.AppId;
import io.keyport.model.kio.ApplicationFilter;
import io.keyport.model.kio.ApprovalPolicyRequest;
import io.keyport.model.kio.StoreApplication;
import io.keyport.model.kio.StoreApproval;
import io.keyport.model.kio.StoreVersion;
import io.keyport.model.kio.VersionId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The Kio API: applications, versions, approvals (A.4, A.5), and the approval policy.
 *
 * <pre>
 * GET  /apps                                   ?search= &amp;team_id= &amp;incident_contact= &amp;active= &amp;modified_before= &amp;modified_after=
 * GET  /apps/{id}                              404 {} when absent
 * PUT  /apps/{id}                              curl -X PUT -H "Authorization: Bearer $T" -H 'Content-Type: application/json'
 *                                                -d '{"team_id":"payments","name":"Kio","active":true}' .../apps/kio
 * GET  /apps/{id}/approvals                    approval types used
 * GET  /apps/{id}/approval-policy
 * PUT  /apps/{id}/approval-policy              (admin) -d '{"approval_types":["TEST"],"required_approvers":2,"four_eyes":true}'
 * GET  /apps/{id}/versions
 * GET  /apps/{id}/versions/{v}
 * PUT  /apps/{id}/versions/{v}                 -d '{"artifact":"docker://registry/payments/kio:1.0","notes":"..."}'
 * GET  /apps/{id}/versions/{v}/approvals
 * POST /apps/{id}/versions/{v}/approvals       -d '{"approval_type":"TEST","notes":"ran the suite"}'
 * </pre>
 */
public final class KioHttpService implements HttpService {

    /** Writes list rows without flushing each one, so the answer goes out in large chunks. */
    private static final com.fasterxml.jackson.databind.ObjectWriter ROW_WRITER =
            Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);

    private final ApplicationService applications;
    private final VersionService versions;
    private final Authenticator authenticator;
    private final RouteRegistry registry;
    private final long maxBody;

    public KioHttpService(
            ApplicationService applications,
            VersionService versions,
            Authenticator authenticator,
            RouteRegistry registry,
            long maxBody) {
        this.applications = applications;
        this.versions = versions;
        this.authenticator = authenticator;
        this.registry = registry;
        this.maxBody = maxBody;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/apps", this::list)
                .get("/apps/{id}", this::get)
                .put("/apps/{id}", this::put)
                .get("/apps/{id}/approvals", this::approvalTypes)
                .get("/apps/{id}/approval-policy", this::policy)
                .put("/apps/{id}/approval-policy", this::putPolicy)
                .get("/apps/{id}/versions", this::versions)
                .get("/apps/{id}/versions/{v}", this::version)
                .put("/apps/{id}/versions/{v}", this::putVersion)
                .get("/apps/{id}/versions/{v}/approvals", this::approvals)
                .post("/apps/{id}/versions/{v}/approvals", this::approve);
    }

    private void list(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        ApplicationFilter filter = new ApplicationFilter(
                Http.query(req, "team_id").orElse(null),
                Http.query(req, "incident_contact").orElse(null),
                Http.query(req, "active").map(v -> Http.bool("active", v)).orElse(null),
                Http.instantQuery(req, "modified_before").orElse(null),
                Http.instantQuery(req, "modified_after").orElse(null));
        Optional<String> search = req.query().first("search").asOptional();
        if (search.isPresent()) {
            byte[] hits = SearchCopy.json(applications.search(search.get(), filter));
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
            res.send(hits);
            return;
        }
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        try (OutputStream out = res.outputStream();
                JsonGenerator gen = Json.mapper().createGenerator(out)) {
            gen.writeStartArray();
            applications.list(filter, app -> {
                try {
                    ROW_WRITER.writeValue(gen, app);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            gen.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void get(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, applications.get(appId(req)));
    }

    private void put(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        AppId id = appId(req);
        StoreApplication body = Http.readJson(req, StoreApplication.class, maxBody);
        applications.put(caller, id, body);
        Http.empty(res, Status.OK_200);
    }

    private void approvalTypes(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, versions.approvalTypes(appId(req)));
    }

    private void policy(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, applications.policy(appId(req)));
    }

    private void putPolicy(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        AppId id = appId(req);
        ApprovalPolicyRequest body = Http.readJson(req, ApprovalPolicyRequest.class, maxBody);
        Http.ok(res, applications.putPolicy(caller, id, body));
    }

    private void versions(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, versions.list(appId(req)));
    }

    private void version(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, versions.get(appId(req), versionId(req)));
    }

    private void putVersion(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        AppId id = appId(req);
        VersionId v = versionId(req);
        StoreVersion body = Http.readJson(req, StoreVersion.class, maxBody);
        versions.put(caller, id, v, body);
        Http.empty(res, Status.OK_200);
    }

    private void approvals(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, versions.approvals(appId(req), versionId(req)));
    }

    private void approve(ServerRequest req, ServerResponse res) {
        var caller = authenticator.require(req);
        AppId id = appId(req);
        VersionId v = versionId(req);
        StoreApproval body = Http.readJson(req, StoreApproval.class, maxBody);
        Http.ok(res, versions.approve(caller, id, v, body));
    }

    /** The {@code {id}} path parameter, parsed once: a 400 before anything else when it is no application id. */
    private static AppId appId(ServerRequest req) {
        return ApplicationService.appId(Http.param(req, "id"));
    }

    /** The {@code {v}} path parameter, parsed once: a 400 when it is no version id. */
    private static VersionId versionId(ServerRequest req) {
        return VersionService.versionId(Http.param(req, "v"));
    }
}
