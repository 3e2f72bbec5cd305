package io.keyport.backend.registry.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.registry.service.OciError;
import io.keyport.backend.registry.service.RegistryAccess;
import io.keyport.backend.registry.service.RegistryCaller;
import io.keyport.backend.registry.service.TakedownService;
import io.keyport.backend.registry.service.TeamPolicies;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyport's own registry administration under {@code /v2/_keyport/} (no registry client calls
 * these; answers in the OCI family like every path under {@code /v2/}): a team's mutable-tag
 * patterns and public namespace, and legal takedowns. {@code DELETE /v2/<name>/manifests/<ref>}
 * stays unsupported (405): a takedown needs a reason, which no registry client sends.
 *
 * <pre>
 * GET  /v2/_keyport/teams/{team}                          {"team","mutable_tag_patterns":[...],"public":false}
 * PUT  /v2/_keyport/teams/{team}/mutable-tag-patterns     {"patterns":["*-SNAPSHOT","dev-*"]}   admins
 *   curl -u admin:pw -X PUT -H 'Content-Type: application/json' -d '{"patterns":["*-SNAPSHOT"]}' \
 *        http://localhost:8080/v2/_keyport/teams/team-a/mutable-tag-patterns
 * PUT  /v2/_keyport/teams/{team}/public                   {"public":true}    admins and who may push to the team
 * POST /v2/_keyport/takedowns                             {"repository","digest","reason"}   admins
 *   curl -u admin:pw -X POST -H 'Content-Type: application/json' \
 *        -d '{"repository":"team-a/app","digest":"sha256:...","reason":"court order 2026-17"}' \
 *        http://localhost:8080/v2/_keyport/takedowns
 *   200 {"repository","digest","tags":[...],"reason"}; 404 MANIFEST_UNKNOWN; 409 (code DENIED) while
 *   an application version or an index points at it
 * </pre>
 */
public final class RegistryAdminHttpService implements HttpService {

    /** The largest request body of these routes. */
    private static final long MAX_BODY = 64 * 1024;

    private final TeamPolicies policies;
    private final TakedownService takedowns;
    private final RegistryRequests requests;
    private final RouteRegistry registry;

    RegistryAdminHttpService(
            TeamPolicies policies, TakedownService takedowns, RegistryRequests requests, RouteRegistry registry) {
        this.policies = policies;
        this.takedowns = takedowns;
        this.requests = requests;
        this.registry = registry;
    }

    /** Body of the patterns PUT. */
    record PatternsRequest(List<String> patterns) {}

    /** Body of the public PUT. */
    record PublicRequest(@JsonProperty("public") Boolean isPublic) {}

    /** Body of a takedown. */
    record TakedownRequest(String repository, String digest, String reason) {}

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/v2/_keyport/teams/{team}", this::settings)
                .put("/v2/_keyport/teams/{team}/mutable-tag-patterns", this::patterns)
                .put("/v2/_keyport/teams/{team}/public", this::visibility)
                .post("/v2/_keyport/takedowns", this::takedown);
    }

    private void settings(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        answer(res, policies.get(caller, Http.param(req, "team")));
    }

    private void patterns(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = authenticated(req);
        PatternsRequest body = Http.readJson(req, PatternsRequest.class, MAX_BODY);
        answer(res, policies.setMutableTagPatterns(caller, Http.param(req, "team"), body.patterns()));
    }

    private void visibility(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = authenticated(req);
        PublicRequest body = Http.readJson(req, PublicRequest.class, MAX_BODY);
        if (body.isPublic() == null) {
            throw OciError.INVALID_SETTING.with("public (true or false) is required", Map.of("field", "public"));
        }
        answer(res, policies.setPublic(caller, Http.param(req, "team"), body.isPublic()));
    }

    private void takedown(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = authenticated(req);
        TakedownRequest body = Http.readJson(req, TakedownRequest.class, MAX_BODY);
        if (body.repository() == null || !RepositoryName.isValid(body.repository())) {
            throw OciError.NAME_INVALID.with(
                    "repository is required: a repository name such as team-a/app",
                    Map.of("repository", RegistryRequests.abbreviate(body.repository())));
        }
        if (body.digest() == null) {
            throw OciError.DIGEST_INVALID.with("digest is required", Map.of("field", "digest"));
        }
        Digest digest = RegistryRequests.digest(body.digest());
        TakedownService.TakenDown done =
                takedowns.takedown(caller, RepositoryName.parse(body.repository()), digest, body.reason());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("repository", done.repository());
        out.put("digest", done.digest());
        out.put("tags", done.tags());
        out.put("reason", done.reason());
        RegistryRequests.apiVersion(res);
        Http.ok(res, out);
    }

    /**
     * The caller of a request with a body: an anonymous one gets the 401 challenge before its body
     * is read (what the caller may do is the services' decision).
     */
    private RegistryCaller authenticated(ServerRequest req) {
        RegistryCaller caller = requests.caller(req);
        if (caller.anonymous()) {
            throw RegistryAccess.challenge(caller, null, "authentication required");
        }
        return caller;
    }

    private static void answer(ServerResponse res, TeamPolicies.View view) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("team", view.team());
        out.put("mutable_tag_patterns", view.mutableTagPatterns());
        out.put("public", view.publicPull());
        RegistryRequests.apiVersion(res);
        Http.ok(res, out);
    }
}
