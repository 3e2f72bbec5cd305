package io.keyport.backend.appstore.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.appstore.service.AppStoreError;
import io.keyport.backend.appstore.service.Catalogue;
import io.keyport.backend.appstore.service.ChartService;
import io.keyport.backend.appstore.service.PackageService;
import io.keyport.backend.http.ConnectionGuard;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Principal;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keyport's Helm chart repository: the index and archives that {@code helm repo add} and
 * {@code helm install} read (public, as the App Store's catalogue is), and ChartMuseum's upload API.
 *
 * <pre>
 * POST   /api/charts                      curl -H "Authorization: Bearer $T" --data-binary @mychart-0.1.0.tgz .../api/charts
 *                                         curl -H "Authorization: Bearer $T" -F chart=@mychart-0.1.0.tgz .../api/charts
 *                                         (?team= names the owning team of a new chart) 201 {"saved":true,...}; 409 if it exists
 * DELETE /api/charts/{name}/{version}     (admin) 200 {"deleted":true}
 * GET    /charts/index.yaml               Helm repository index; ETag, 304 on If-None-Match
 * GET    /charts/{file}                   the archive {name}-{version}.tgz
 * </pre>
 */
public final class ChartRepositoryHttpService implements HttpService {

    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,240}\\.tgz");

    private final ChartService charts;
    private final PackageService packages;
    private final Authenticator authenticator;
    private final RouteRegistry registry;

    public ChartRepositoryHttpService(
            ChartService charts, PackageService packages, Authenticator authenticator, RouteRegistry registry) {
        this.charts = charts;
        this.packages = packages;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .post("/api/charts", this::upload)
                .delete("/api/charts/{name}/{version}", this::delete)
                .get("/charts/index.yaml", this::index)
                .get("/charts/{file}", this::download);
    }

    private void upload(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        charts.authorizeUpload(caller);
        Optional<String> team = Http.query(req, "team");
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (ct.startsWith("application/json") || ct.startsWith("text/")) {
            throw AppStoreError.UNSUPPORTED_MEDIA_TYPE.with(
                    "send the chart archive as the body (application/gzip) or as the form field 'chart'");
        }
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > charts.maxChartSize() + 64 * 1024) {
            throw AppStoreError.PAYLOAD_TOO_LARGE.with(
                    "a chart archive may have at most " + charts.maxChartSize() + " bytes");
        }
        if (!req.content().hasEntity()) {
            throw AppStoreError.BAD_REQUEST.with("no chart in the request body");
        }
        InputStream body = new Progress(Http.body(req), req);
        try {
            String boundary = Multipart.boundary(contentType);
            InputStream chart = boundary == null ? body : Multipart.field(body, boundary, "chart");
            var saved = charts.upload(caller, chart, team);
            drain(body);
            Http.json(res, Status.CREATED_201, saved);
        } catch (IOException e) {
            throw AppStoreError.BAD_REQUEST.with("The request body could not be read");
        }
    }

    /** Reads what a client sent after the chart (a form's closing boundary), so the connection stays usable. */
    private static void drain(InputStream body) throws IOException {
        byte[] buf = new byte[8192];
        long left = 1 << 20;
        int n;
        while (left > 0 && (n = body.read(buf)) >= 0) {
            left -= n;
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        Principal caller = authenticator.require(req);
        charts.delete(caller, Http.param(req, "name"), Http.param(req, "version"));
        Http.ok(res, Map.of("deleted", true));
    }

    /**
     * The index as built, or gzip-compressed (built once per catalogue) when the client accepts gzip;
     * each representation has its own ETag, and {@code Vary} says the choice depends on the request.
     */
    private void index(ServerRequest req, ServerResponse res) {
        Catalogue catalogue = packages.catalogue();
        boolean gzip = acceptsGzip(req);
        String etag = gzip ? catalogue.etagGzip() : catalogue.etag();
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.VARY, "Accept-Encoding");
        if (notModified(req, etag)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/x-yaml");
        if (gzip) {
            res.header(HeaderNames.CONTENT_ENCODING, "gzip");
            Http.send(res, catalogue.indexGzip());
        } else {
            Http.send(res, catalogue.indexYaml());
        }
    }

    /** Whether {@code Accept-Encoding} lists {@code gzip} (or {@code *}) without {@code q=0}. */
    static boolean acceptsGzip(ServerRequest req) {
        for (String value : req.headers().all(HeaderNames.ACCEPT_ENCODING, java.util.List::of)) {
            for (String coding : value.split(",")) {
                String[] parts = coding.trim().split(";");
                String name = parts[0].trim().toLowerCase(Locale.ROOT);
                if (!name.equals("gzip") && !name.equals("x-gzip") && !name.equals("*")) {
                    continue;
                }
                boolean refused = false;
                for (int i = 1; i < parts.length; i++) {
                    String param = parts[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                    if (param.startsWith("q=") && param.substring(2).matches("0(\\.0{0,3})?")) {
                        refused = true;
                    }
                }
                if (!refused) {
                    return true;
                }
            }
        }
        return false;
    }

    private void download(ServerRequest req, ServerResponse res) {
        String file = Http.param(req, "file");
        if (!FILE.matcher(file).matches()) {
            throw AppStoreError.NOT_FOUND.with("chart archive " + file + " not found");
        }
        Catalogue.ChartFile chart = packages.catalogue()
                .file(file)
                .orElseThrow(() -> AppStoreError.NOT_FOUND.with("chart archive " + file + " not found"));
        String etag = "\"" + chart.digest() + "\"";
        res.header(HeaderNames.ETAG, etag);
        if (notModified(req, etag)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/gzip");
        res.headers().contentLength(chart.size());
        try (InputStream in = charts.open(chart.digest());
                OutputStream out = res.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code If-None-Match} lists {@code etag} (weak comparison, as RFC 9110 13.1.2 asks) or is {@code *}. */
    static boolean notModified(ServerRequest req, String etag) {
        Optional<String> header = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (header.isEmpty()) {
            return false;
        }
        for (String tag : header.get().split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** Tells the connection guard that a slow upload is still moving, as {@link Http#readBody} does. */
    private static final class Progress extends FilterInputStream {
        private final ServerRequest req;

        Progress(InputStream in, ServerRequest req) {
            super(in);
            this.req = req;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ConnectionGuard.progress(req);
            return n;
        }
    }
}
