package io.keyport.backend.registry.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.registry.service.BlobService;
import io.keyport.backend.registry.service.OciError;
import io.keyport.backend.registry.service.RegistryCaller;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blobs and upload sessions (OCI Distribution 1.1.1 end-2, end-4a/b, end-5, end-6, end-10, end-11,
 * end-13, end-14). {@code <name>} may have several components ({@code team/group/app}).
 *
 * <pre>
 * GET|HEAD /v2/{name}/blobs/{digest}            Range: bytes=0-99 gives 206
 * (DELETE of a blob has no route: 405 UNSUPPORTED with Allow; blobs are kept)
 * POST     /v2/{name}/blobs/uploads/            202 + Location; ?digest= with the body: 201;
 *                                               ?mount=&amp;from=: 201 or the 202 fallback
 *   curl -u alice:pw -X POST http://localhost:8080/v2/team-a/app/blobs/uploads/
 * GET      /v2/{name}/blobs/uploads/{session}   204 + Range: 0-&lt;last byte&gt;
 * PATCH    /v2/{name}/blobs/uploads/{session}   a chunk (Content-Range: 0-1023) or a stream; 202 + Range
 *   curl -u alice:pw -X PATCH --data-binary @part -H 'Content-Range: 0-1023' http://.../uploads/$ID
 * PUT      /v2/{name}/blobs/uploads/{session}?digest=sha256:...   201 + Location
 * DELETE   /v2/{name}/blobs/uploads/{session}   204, the session's bytes are gone
 * </pre>
 */
public final class BlobsHttpService implements HttpService {

    private static final Pattern RANGE = Pattern.compile("^bytes=(\\d{0,18})-(\\d{0,18})$");

    private final BlobService blobs;
    private final RegistryRequests requests;
    private final RouteRegistry registry;

    BlobsHttpService(BlobService blobs, RegistryRequests requests, RouteRegistry registry) {
        this.blobs = blobs;
        this.requests = requests;
        this.registry = registry;
    }

    /** The most bytes of a blob read and written at once on a pull. */
    static final int PULL_BUFFER = 512 * 1024;

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry)
                .post("/v2/{+name}/blobs/uploads/", this::start)
                .get("/v2/{+name}/blobs/uploads/{session}", this::status)
                .patch("/v2/{+name}/blobs/uploads/{session}", this::append)
                .put("/v2/{+name}/blobs/uploads/{session}", this::complete)
                .delete("/v2/{+name}/blobs/uploads/{session}", this::cancel)
                .get("/v2/{+name}/blobs/{digest}", this::get);
    }

    private void get(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Digest digest = RegistryRequests.digest(Http.param(req, "digest"));
        long size = blobs.stat(caller, name, digest);
        RegistryRequests.apiVersion(res);
        res.header("Docker-Content-Digest", digest.toString());
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.header(HeaderNames.ACCEPT_RANGES, "bytes");
        long start = 0;
        long end = size - 1;
        Optional<String> range = req.headers().first(HeaderNames.RANGE);
        if (range.isPresent() && size > 0) {
            long[] r = range(range.get(), size);
            start = r[0];
            end = r[1];
            res.status(Status.PARTIAL_CONTENT_206);
            res.header(HeaderNames.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
        } else {
            res.status(Status.OK_200);
        }
        long length = end - start + 1;
        res.header(HeaderNames.CONTENT_LENGTH, Long.toString(length));
        if (req.prologue().method().equals(Method.HEAD) || length == 0) {
            res.send();
            return;
        }
        try (InputStream in = blobs.open(digest, start);
                OutputStream out = res.outputStream()) {
            // Large writes go to the socket without Helidon's buffer: fewer, larger system calls.
            byte[] buffer = new byte[(int) Math.min(PULL_BUFFER, length)];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("blob " + digest + " ended early");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first and last byte of a single {@code Range}; 416 when it cannot be satisfied. */
    private static long[] range(String header, long size) {
        Matcher m = RANGE.matcher(header.trim());
        if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            long start;
            long end;
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                start = Math.max(0, size - suffix);
                end = size - 1;
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
            if (start <= end && start < size) {
                return new long[] {start, end};
            }
        }
        throw new ApiException(
                OciError.RANGE_INVALID,
                "the requested range cannot be satisfied",
                Map.of("size", size),
                Map.of("Content-Range", "bytes */" + size));
    }

    private void start(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.caller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Optional<String> mount = Http.query(req, "mount");
        if (mount.isPresent()) {
            Digest digest = RegistryRequests.digest(mount.get());
            Optional<RepositoryName> from =
                    Http.query(req, "from").filter(RepositoryName::isValid).map(RepositoryName::parse);
            if (blobs.mount(caller, name, digest, from).isPresent()) {
                created(res, name, digest);
                return;
            }
        }
        Optional<String> digest = Http.query(req, "digest");
        if (digest.isPresent()) {
            Digest d = RegistryRequests.digest(digest.get());
            RegistryRequests.reading(() -> blobs.upload(caller, name, d, RegistryRequests.body(req)));
            created(res, name, d);
            return;
        }
        Digest.Algorithm algorithm = Http.query(req, "digest-algorithm")
                .map(a -> {
                    try {
                        return Digest.Algorithm.of(a);
                    } catch (IllegalArgumentException e) {
                        throw OciError.DIGEST_INVALID.with(
                                e.getMessage(), Map.of("digest-algorithm", RegistryRequests.abbreviate(a)));
                    }
                })
                .orElse(Digest.Algorithm.SHA256);
        BlobService.Session session = blobs.start(caller, name, algorithm);
        accepted(res, name, session);
    }

    private void status(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.sessionCaller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        BlobService.Session session = blobs.status(caller, name, Http.param(req, "session"));
        sessionHeaders(res, name, session);
        Http.empty(res, Status.NO_CONTENT_204);
    }

    private void append(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.sessionCaller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Optional<BlobService.ChunkRange> range = RegistryRequests.contentRange(req);
        BlobService.Session session = RegistryRequests.reading(
                () -> blobs.append(caller, name, Http.param(req, "session"), range, RegistryRequests.body(req)));
        accepted(res, name, session);
    }

    private void complete(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.sessionCaller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        Digest digest = RegistryRequests.digest(Http.query(req, "digest")
                .orElseThrow(() -> OciError.DIGEST_INVALID.with("the digest query parameter is required", null)));
        Optional<BlobService.ChunkRange> range = RegistryRequests.contentRange(req);
        RegistryRequests.reading(() ->
                blobs.complete(caller, name, Http.param(req, "session"), digest, range, RegistryRequests.body(req)));
        created(res, name, digest);
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        RegistryCaller caller = requests.sessionCaller(req);
        RepositoryName name = RegistryRequests.name(req, caller);
        blobs.cancel(caller, name, Http.param(req, "session"));
        RegistryRequests.apiVersion(res);
        Http.empty(res, Status.NO_CONTENT_204);
    }

    private static void created(ServerResponse res, RepositoryName name, Digest digest) {
        RegistryRequests.apiVersion(res);
        res.header(HeaderNames.LOCATION, "/v2/" + name + "/blobs/" + digest);
        res.header("Docker-Content-Digest", digest.toString());
        Http.empty(res, Status.CREATED_201);
    }

    private static void accepted(ServerResponse res, RepositoryName name, BlobService.Session session) {
        sessionHeaders(res, name, session);
        Http.empty(res, Status.ACCEPTED_202);
    }

    private static void sessionHeaders(ServerResponse res, RepositoryName name, BlobService.Session session) {
        RegistryRequests.apiVersion(res);
        res.header(HeaderNames.LOCATION, "/v2/" + name + "/blobs/uploads/" + session.id());
        res.header("Docker-Upload-UUID", session.id());
        res.header(HeaderNames.RANGE, BlobService.rangeHeader(session.size()));
    }
}
