package io.keyport.backend.registry.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.registry.service.PierOneService;
import io.keyport.model.registry.PierOneTag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The Pier One REST API (reference B.6) and the read-only v1 endpoints STUPS tools call (B.5), in
 * the STUPS error family. Every route but the v1 ping needs a reader (an authenticated caller with
 * {@code uid}); no route writes.
 *
 * <pre>
 * GET /teams                                                    ["team-a", ...]
 * GET /teams/{team}/artifacts                                   ["app", ...]; [] for an unknown team
 * GET /teams/{team}/artifacts/{artifact}/tags                   [TagSummary, ...] oldest first; 404 (no body) when none
 * GET /teams/{team}/artifacts/{artifact}/tags/{tag}             TagSummary; 404 (no body)
 * GET /teams/{team}/artifacts/{artifact}/tags/{tag}/scm-source  {url, revision, author, status, created}; 404 (no body)
 * GET /tags/{image}                                             [{name, team, artifact}] of the one image whose id
 *                                                               starts so; 404 none, 412 several (no body)
 * GET /stats                                                    {"teams": n, "storage": bytes}
 * GET /stats/teams                                              [{"team": t, "stats": {"artifacts": n, "tags": m}}]
 * GET /stats/teams/{team}                                       {"artifacts": n, "tags": m}
 * GET /v1/_ping                                                 true (no authentication)
 * GET /v1/repositories/{team}/{artifact}/tags                   {"tag": image, ..., "latest": image}; 404 {}
 * </pre>
 */
public final class PierOneHttpService implements HttpService {

    private static final byte[] TRUE = "true".getBytes(StandardCharsets.UTF_8);

    private final PierOneService pierOne;
    private final Authenticator authenticator;
    private final RouteRegistry registry;

    public PierOneHttpService(PierOneService pierOne, Authenticator authenticator, RouteRegistry registry) {
        this.pierOne = pierOne;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/teams", this::teams)
                .get("/teams/{team}/artifacts", this::artifacts)
                .get("/teams/{team}/artifacts/{artifact}/tags", this::tags)
                .get("/teams/{team}/artifacts/{artifact}/tags/{tag}", this::tag)
                .get("/teams/{team}/artifacts/{artifact}/tags/{tag}/scm-source", this::scmSource)
                .get("/tags/{image}", this::image)
                .get("/stats", this::stats)
                .get("/stats/teams", this::teamsStats)
                .get("/stats/teams/{team}", this::teamStats)
                .get("/v1/_ping", this::ping)
                .get("/v1/repositories/{team}/{artifact}/tags", this::v1Tags);
    }

    private void teams(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, pierOne.teams());
    }

    private void artifacts(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, pierOne.artifacts(Http.param(req, "team")));
    }

    private void tags(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        List<PierOneTag> tags = pierOne.tags(Http.param(req, "team"), Http.param(req, "artifact"));
        if (tags.isEmpty()) {
            Http.empty(res, Status.NOT_FOUND_404); // Pier One issue #20: no tags, no artifact
            return;
        }
        Http.ok(res, tags);
    }

    private void tag(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        pierOne.tag(Http.param(req, "team"), Http.param(req, "artifact"), Http.param(req, "tag"))
                .ifPresentOrElse(t -> Http.ok(res, t), () -> Http.empty(res, Status.NOT_FOUND_404));
    }

    private void scmSource(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        pierOne.scmSource(Http.param(req, "team"), Http.param(req, "artifact"), Http.param(req, "tag"))
                .ifPresentOrElse(s -> Http.ok(res, s), () -> Http.empty(res, Status.NOT_FOUND_404));
    }

    private void image(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        PierOneService.ImageLookup found = pierOne.image(Http.param(req, "image"));
        if (found instanceof PierOneService.ImageLookup.One one) {
            Http.ok(res, one.tags());
        } else {
            boolean several = found instanceof PierOneService.ImageLookup.Ambiguous;
            Http.empty(res, several ? Status.PRECONDITION_FAILED_412 : Status.NOT_FOUND_404);
        }
    }

    private void stats(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, pierOne.stats());
    }

    private void teamsStats(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, pierOne.teamStats());
    }

    private void teamStats(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Http.ok(res, pierOne.teamStats(Http.param(req, "team")));
    }

    private void ping(ServerRequest req, ServerResponse res) {
        v1Headers(req, res);
        res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        res.send(TRUE);
    }

    private void v1Tags(ServerRequest req, ServerResponse res) {
        authenticator.reader(req);
        Map<String, String> tags = pierOne.v1Tags(Http.param(req, "team"), Http.param(req, "artifact"));
        if (tags.isEmpty()) {
            throw ApiException.notFoundEmpty();
        }
        v1Headers(req, res);
        Http.ok(res, tags);
    }

    /**
     * The headers of every v1 answer (B.5). {@code X-Docker-Token} is a fixed placeholder: Pier One
     * echoed the caller's access token there, which Keyport does not put into a response header.
     */
    private static void v1Headers(ServerRequest req, ServerResponse res) {
        res.header("X-Docker-Registry-Version", "0.6.3");
        res.header("X-Docker-Token", "AnonFakeToken");
        res.header("X-Docker-Endpoints", req.headers().first(HeaderNames.HOST).orElse(""));
    }
}
