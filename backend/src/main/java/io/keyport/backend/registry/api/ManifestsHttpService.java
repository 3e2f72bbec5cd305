package io.keyport.backend.registry.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.registry.service.ManifestParser;
import io.keyport.backend.registry.service.ManifestService;
import io.keyport.backend.registry.service.RegistryAccess;
import io.keyport.backend.registry.service.RegistryCaller;
import io.keyport.backend.registry.service.RegistryTokens;
import io.keyport.model.common.Json;
import io.keyport.model.common.Timestamps;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.Reference;
import io.keyport.model.registry.RepositoryName;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The registry's entry, manifests, tags, referrers and catalogue (OCI Distribution 1.1.1 end-1,
 * end-3, end-7, end-8, end-9, end-12; {@code _catalog}), and the Docker token endpoint.
 *
 * <pre>
 * GET      /v2/                                   200 {} when authenticated, else 401 + challenge
 * GET      /v2/token?service=keyport&amp;scope=repository:team-a/app:pull,push   (Basic credentials)
 *   curl -u alice:pw 'http://localhost:8080/v2/token?service=keyport&amp;scope=repository:team-a/app:pull,push'
 * GET      /v2/_catalog?n=&amp;last=
 * GET      /v2/{name}/tags/list?n=&amp;last=           sorted; Link: &lt;...&gt;; rel="next" when more follow
 * GET|HEAD /v2/{name}/manifests/{reference}        tag, digest, or latest (the newest tag)
 * PUT      /v2/{name}/manifests/{reference}        201; 409 TAG_INVALID for a tag set to another manifest
 *   curl -u alice:pw -X PUT -H 'Content-Type: application/vnd.oci.image.manifest.v1+json' \
 *        --data-binary @manifest.json http://localhost:8080/v2/team-a/app/manifests/1.0
 * (DELETE of a manifest or tag has no route: 405 UNSUPPORTED with Allow; tags are immutable)
 * GET      /v2/{name}/referrers/{digest}?artifactType=
 * </pre>
 */
public final class ManifestsHttpService implements HttpService {

    private final ManifestService manifests;
    private final RegistryTokens tokens;
    private final RegistryAccess access;
    private final RegistryRequests requests;
    private final RouteRegistry registry;

    ManifestsHttpService(
            ManifestService manifests,
            RegistryTokens tokens,
            RegistryAccess access,
            RegistryRequests requests,
            RouteRegistry registry) {
        this.manifests = manifests;
        this.tokens = tokens;
        this.access = access;
        this.requests = requests;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/v2/", this::ping)
                .get("/v2/token", this::token)
                .get("/v2/_catalog", this::catalog)
                .get("/v2/{+name}/tags/list", this::tags)
                .get("/v2/{+name}/manifests/{reference}", this::get)
                .put("/v2/{+name}/manifests/{reference}", this::put)
                .get("/v2/{+name}/referrers/{digest}", this::referrers);
    }

    private void ping(ServerRequest req, ServerResponse res) {
        access.requireAuthenticated(requests.caller(req), null);
        RegistryRequests.apiVersion(res);
        Http.ok(res, Map.of());
    }

    private void token(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        List<String> scopes = req.query().all("scope", List::of);
        RegistryTokens.Issued issued = tokens.issue(caller, scopes);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", issued.token());
        body.put("access_token", issued.token());
        body.put("expires_in", issued.expiresIn());
        body.put("issued_at", Timestamps.format(issued.issuedAt()));
        body.put("access", issued.access());
        RegistryRequests.apiVersion(res);
        Http.ok(res, body);
    }

    private void catalog(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        Optional<Integer> n = RegistryRequests.pageSize(req);
        Optional<String> last = Http.query(req, "last");
        ManifestService.Page page = manifests.catalog(caller, n, last);
        link(res, "/v2/_catalog", page, n);
        RegistryRequests.apiVersion(res);
        Http.ok(res, Map.of("repositories", page.names()));
    }

    private void tags(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Optional<Integer> n = RegistryRequests.pageSize(req);
        ManifestService.Page page = manifests.tags(caller, name, n, Http.query(req, "last"));
        link(res, "/v2/" + name + "/tags/list", page, n);
        RegistryRequests.apiVersion(res);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name.value());
        body.put("tags", page.names());
        Http.ok(res, body);
    }

    /** RFC 5988 {@code Link} to the next page, when more follow. */
    private static void link(ServerResponse res, String path, ManifestService.Page page, Optional<Integer> n) {
        if (page.more() && !page.names().isEmpty()) {
            String last = page.names().get(page.names().size() - 1);
            res.header(
                    "Link",
                    "<" + path + "?n=" + n.orElse(ManifestService.MAX_PAGE) + "&last="
                            + URLEncoder.encode(last, StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
    }

    private void get(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Reference reference = RegistryRequests.reference(req);
        ManifestService.Served served = manifests.get(caller, name, reference);
        requireAcceptable(req, name, reference, served.mediaType());
        RegistryRequests.apiVersion(res);
        res.header("Docker-Content-Digest", served.digest().toString());
        res.header(HeaderNames.CONTENT_TYPE, served.mediaType());
        res.status(Status.OK_200);
        res.send(served.content());
    }

    /**
     * Content negotiation as distribution does it (there is no other form to convert to): an OCI
     * image manifest or index is not served to a client whose {@code Accept} header names manifest
     * types but not that one; the answer is 404 MANIFEST_UNKNOWN with distribution's message, not
     * 406. Without {@code Accept}, or with a wildcard, the stored type is served. Docker types are
     * always served (distribution's fallback for them, schema 1, is gone).
     */
    private static void requireAcceptable(
            ServerRequest req, RepositoryName name, Reference reference, String mediaType) {
        String noun;
        if (mediaType.equals(ManifestParser.OCI_MANIFEST)) {
            noun = "OCI manifest found, but accept header does not support OCI manifests";
        } else if (mediaType.equals(ManifestParser.OCI_INDEX)) {
            noun = "OCI index found, but accept header does not support OCI indexes";
        } else {
            return;
        }
        List<String> accepted = req.headers().all(HeaderNames.ACCEPT, List::of).stream()
                .flatMap(v -> java.util.Arrays.stream(v.split(",")))
                .map(v -> v.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT))
                .filter(v -> !v.isEmpty())
                .toList();
        if (accepted.isEmpty()
                || accepted.contains(mediaType)
                || accepted.contains("*/*")
                || accepted.contains("application/*")) {
            return;
        }
        throw io.keyport.backend.registry.service.OciError.MANIFEST_UNKNOWN.with(
                noun, Map.of("name", name.value(), "reference", reference.toString(), "mediaType", mediaType));
    }

    private void put(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Reference reference = RegistryRequests.reference(req);
        byte[] body = RegistryRequests.manifest(req);
        ManifestService.Pushed pushed = manifests.put(
                caller,
                name,
                reference,
                body,
                req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null),
                req.headers().first(io.helidon.http.HeaderNames.create("X-SCM-Source")));
        RegistryRequests.apiVersion(res);
        res.header(HeaderNames.LOCATION, "/v2/" + name + "/manifests/" + pushed.digest());
        res.header("Docker-Content-Digest", pushed.digest().toString());
        pushed.subject().ifPresent(s -> res.header("OCI-Subject", s.toString()));
        Http.empty(res, Status.CREATED_201);
    }

    private void referrers(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Digest digest = RegistryRequests.digest(Http.param(req, "digest"));
        Optional<String> artifactType = Http.query(req, "artifactType");
        List<ManifestService.Descriptor> found = manifests.referrers(caller, name, digest, artifactType);
        List<Map<String, Object>> descriptors = found.stream()
                .map(d -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("mediaType", d.mediaType());
                    m.put("digest", d.digest());
                    m.put("size", d.size());
                    if (d.artifactType() != null) {
                        m.put("artifactType", d.artifactType());
                    }
                    if (d.annotations() != null) {
                        m.put("annotations", d.annotations());
                    }
                    return m;
                })
                .toList();
        Map<String, Object> index = new LinkedHashMap<>();
        index.put("schemaVersion", 2);
        index.put("mediaType", ManifestParser.OCI_INDEX);
        index.put("manifests", descriptors);
        RegistryRequests.apiVersion(res);
        artifactType.ifPresent(t -> res.header("OCI-Filters-Applied", "artifactType"));
        res.header(HeaderNames.CONTENT_TYPE, ManifestParser.OCI_INDEX);
        res.status(Status.OK_200);
        try {
            res.send(Json.mapper().writeValueAsBytes(index));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
