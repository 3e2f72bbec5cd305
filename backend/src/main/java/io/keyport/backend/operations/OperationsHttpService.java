package io.keyport.backend.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.Metrics;
import io.keyport.backend.http.OpenApiDocument;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Operational endpoints, all without authentication.
 *
 * <pre>
 * GET /.well-known/health   200 {"health":true} while the server serves; 503 {"health":false} while it shuts down
 * GET /openapi              the OpenAPI 3 document, assembled from every module's fragment, as YAML
 *                           (JSON with Accept: application/json or ?format=json)
 * GET /swagger.json         the same document as JSON
 * GET /metrics              Prometheus text format
 * </pre>
 */
public final class OperationsHttpService implements HttpService {

    private static final byte[] HEALTHY = "{\"health\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNHEALTHY = "{\"health\":false}".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(
                    YAMLGenerator.Feature.MINIMIZE_QUOTES,
                    YAMLGenerator.Feature.LITERAL_BLOCK_STYLE,
                    YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES, YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private final Metrics metrics;
    private final RouteRegistry registry;
    private final BooleanSupplier healthy;
    private final OpenApiDocument openApi;
    private volatile Rendered rendered;

    /** The document in both forms, rendered on the first request (every module has contributed by then). */
    private record Rendered(byte[] yaml, byte[] json) {}

    public OperationsHttpService(
            Metrics metrics, RouteRegistry registry, OpenApiDocument openApi, BooleanSupplier healthy) {
        this.metrics = metrics;
        this.registry = registry;
        this.openApi = openApi;
        this.healthy = healthy;
    }

    private Rendered rendered() {
        Rendered r = rendered;
        if (r == null) {
            JsonNode document = openApi.assemble();
            try {
                r = new Rendered(YAML.writeValueAsBytes(document), Json.mapper().writeValueAsBytes(document));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot render the OpenAPI document", e);
            }
            rendered = r;
        }
        return r;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/.well-known/health", this::health)
                .get("/openapi", this::openapi)
                .get("/swagger.json", this::swagger)
                .get("/metrics", this::metrics);
    }

    private void health(ServerRequest req, ServerResponse res) {
        boolean ok = healthy.getAsBoolean();
        res.status(ok ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        res.send(ok ? HEALTHY : UNHEALTHY);
    }

    private void openapi(ServerRequest req, ServerResponse res) {
        boolean json = Http.query(req, "format").map("json"::equals).orElse(false)
                || req.headers()
                        .first(HeaderNames.ACCEPT)
                        .map(a -> a.toLowerCase(Locale.ROOT).contains("json"))
                        .orElse(false);
        res.header(HeaderNames.CONTENT_TYPE, json ? Http.APPLICATION_JSON : "application/yaml");
        res.send(json ? rendered().json() : rendered().yaml());
    }

    private void swagger(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        res.send(rendered().json());
    }

    private void metrics(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        res.send(metrics.render().getBytes(StandardCharsets.UTF_8));
    }
}
