package io.keyport.backend.archives.api;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.archives.service.ArchiveService;
import io.keyport.backend.archives.service.ArchivesError;
import io.keyport.backend.archives.service.UploadInterrupted;
import io.keyport.backend.archives.service.Workspace;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RequestInfo;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Principal;
import io.keyport.model.archives.ArchiveEntry;
import io.keyport.model.archives.ArchiveUploaded;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * kploy's application registry API (decision 0028). Reads need no credentials, as with kploy;
 * writes need a token or Basic credentials. Errors are {@code {"error": ...}} ({@link ArchivesError}).
 *
 * <pre>
 * GET    /api/v1                        registry status
 *        curl http://localhost:8080/api/v1
 * POST   /api/v1/app[?workspace=URL]    upload the raw body as an archive; 200 {"app_archive_id", "selfLink"}
 *        curl -H "Authorization: Bearer $TOKEN" --data-binary @app.kploy http://localhost:8080/api/v1/app
 * GET    /api/v1/app[?workspace=URL]    the workspace's archives, [] when none
 *        curl http://localhost:8080/api/v1/app?workspace=http://github.com/kubernauts/kploy.net
 * GET    /api/v1/app/{id}[?workspace=]  the archive's bytes (ETag, Content-Length, Range; HEAD too)
 *        curl -o app.kploy http://localhost:8080/api/v1/app/$ID
 * GET    /api/v1/app/{id}/meta          its listing entry with the Kployfile metadata
 * DELETE /api/v1/app/{id}[?workspace=]  204; the uploader's team or an admin
 *        curl -X DELETE -H "Authorization: Bearer $TOKEN" http://localhost:8080/api/v1/app/$ID
 * </pre>
 */
public final class ArchivesHttpService implements HttpService {

    private static final String OCTET_STREAM = "application/octet-stream";

    private final ArchiveService archives;
    private final Authenticator authenticator;
    private final RouteRegistry registry;

    public ArchivesHttpService(ArchiveService archives, Authenticator authenticator, RouteRegistry registry) {
        this.archives = archives;
        this.authenticator = authenticator;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .get("/api/v1", this::status)
                .post("/api/v1/app", this::upload)
                .get("/api/v1/app", this::list)
                .get("/api/v1/app/{id}", this::download)
                .delete("/api/v1/app/{id}", this::delete)
                .get("/api/v1/app/{id}/meta", this::meta);
    }

    private void status(ServerRequest req, ServerResponse res) {
        Http.ok(res, archives.status());
    }

    private void upload(ServerRequest req, ServerResponse res) {
        Principal caller = caller(req);
        Workspace workspace = workspace(req);
        OptionalLong length = req.headers().contentLength();
        ArchiveService.Uploaded uploaded;
        try {
            // the body is opened only once the upload may go ahead, and never closed here: a refused
            // body is left unread, so that the answer says Connection: close and the transport
            // filter drains it before closing (closing it unread would end the connection silently)
            uploaded = archives.upload(caller, workspace, Http.query(req, "team"), length, () -> Http.body(req));
        } catch (CloseConnectionException | DataReader.InsufficientDataAvailableException | UploadInterrupted e) {
            throw new ServerConnectionException("Connection ended inside an archive upload", e);
        }
        String selfLink = base(req) + "/api/v1/app/" + uploaded.id() + workspace.query();
        send(res, Status.OK_200, KployJson.bytes(new ArchiveUploaded(uploaded.id(), selfLink)));
    }

    private void list(ServerRequest req, ServerResponse res) {
        byte[] body = KployJson.bytes(archives.list(workspace(req)));
        // as kploy's Tornado did: the ETag of a listing is the SHA-1 of its bytes
        String etag = "\"" + sha1(body) + "\"";
        res.header(HeaderNames.ETAG, etag);
        if (notModified(req, etag)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        send(res, Status.OK_200, body);
    }

    private void meta(ServerRequest req, ServerResponse res) {
        ArchiveEntry entry = archives.find(workspace(req), Http.param(req, "id"));
        send(res, Status.OK_200, KployJson.bytes(entry));
    }

    private void download(ServerRequest req, ServerResponse res) {
        Workspace workspace = workspace(req);
        String id = Http.param(req, "id");
        ArchiveService.Located archive = archives.locate(workspace, id);
        long size = archive.size();
        String etag = "\"" + id + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        if (notModified(req, etag)) {
            res.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        Optional<ByteRange> range = ByteRange.parse(req.headers().first(HeaderNames.RANGE), size);
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(size);
        boolean head = req.prologue().method().equals(Method.HEAD);
        // opened before any header of the answer is set: a failure here answers a plain 404
        InputStream content = head ? null : archives.open(archive, first);
        res.header(HeaderNames.CONTENT_TYPE, OCTET_STREAM);
        range.ifPresent(r -> {
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, r.contentRange(size));
        });
        res.headers().contentLength(length);
        if (head) {
            res.send();
            return;
        }
        try (InputStream in = content;
                OutputStream out = res.outputStream()) {
            byte[] buffer = new byte[1 << 20]; // fewer, larger writes: 1 MiB per read and socket write
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("the archive ended " + left + " bytes early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete(ServerRequest req, ServerResponse res) {
        archives.delete(caller(req), workspace(req), Http.param(req, "id"));
        Http.empty(res, Status.NO_CONTENT_204);
    }

    /**
     * The caller of a write, or 401; identity's refusals reach the client in this API's family
     * through the error mapper, as every platform refusal on a route group with a family of its own.
     */
    private Principal caller(ServerRequest req) {
        Principal caller = authenticator
                .optional(req)
                .orElseThrow(() -> ArchivesError.UNAUTHORIZED.with("Writing app archives needs a token"));
        RequestInfo.of(req).actor(caller.uid());
        return caller;
    }

    private static Workspace workspace(ServerRequest req) {
        return Workspace.of(req.query().first("workspace").asOptional());
    }

    private static String base(ServerRequest req) {
        var uri = req.requestedUri();
        boolean defaultPort = uri.port() == (uri.scheme().equals("https") ? 443 : 80);
        return uri.scheme() + "://" + uri.host() + (defaultPort ? "" : ":" + uri.port());
    }

    private static boolean notModified(ServerRequest req, String etag) {
        return req.headers()
                .first(HeaderNames.IF_NONE_MATCH)
                .map(v -> v.trim().equals("*")
                        || java.util.Arrays.stream(v.split(","))
                                .map(String::trim)
                                .map(t -> t.startsWith("W/") ? t.substring(2) : t)
                                .anyMatch(etag::equals))
                .orElse(false);
    }

    private static void send(ServerResponse res, Status status, byte[] body) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, Http.APPLICATION_JSON);
        res.send(body);
    }

    private static String sha1(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
