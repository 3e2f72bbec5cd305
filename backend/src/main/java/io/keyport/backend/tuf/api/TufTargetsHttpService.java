package io.keyport.backend.tuf.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.tuf.service.TufService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The targets Keyport stores itself (archives, charts), for any TUF client and without credentials,
 * at TUF's consistent-snapshot names: {@code GET /tuf/targets/<dir>/<sha256>.<name>} serves the
 * content of the published target {@code <dir>/<name>} when its SHA-256 is {@code <sha256>} and the
 * content is in Keyport's blob storage (decision 0037). Content never changes under a name, so it is
 * cacheable for a year, with the SHA-256 as ETag ({@code If-None-Match} answers 304).
 *
 * <pre>
 * curl -O http://localhost:8080/tuf/targets/apps/demo/1.0/&lt;sha256&gt;.demo.kar
 * </pre>
 */
public final class TufTargetsHttpService implements HttpService {

    private final TufService tuf;
    private final RouteRegistry registry;

    public TufTargetsHttpService(TufService tuf, RouteRegistry registry) {
        this.tuf = tuf;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry).get("/tuf/targets/{+path}", this::target);
    }

    private void target(ServerRequest req, ServerResponse res) {
        String path = req.path().pathParameters().get("path");
        Optional<TufService.TargetContent> content = tuf.targetContent(path);
        if (content.isEmpty()) {
            throw ApiException.notFound("No such target: " + path);
        }
        TufService.TargetContent target = content.get();
        String etag = "\"" + target.sha256() + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, "public, max-age=31536000, immutable");
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && TufMetadataHttpService.matches(ifNoneMatch.get(), etag)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.header(HeaderNames.CONTENT_LENGTH, String.valueOf(target.length()));
        try (InputStream in = target.open().get();
                OutputStream out = res.outputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send target " + path, e);
        }
    }
}
