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
import io.keyport.model.tuf.TufJson;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The published repository, for any TUF client and without credentials (consistent snapshots):
 * {@code GET /tuf/metadata/<version>.<role>.json} for every version of every role (all root versions
 * stay), and {@code GET /tuf/metadata/timestamp.json}, the current timestamp. A versioned file never
 * changes, so it is cacheable for a year; {@code timestamp.json} must be revalidated
 * ({@code no-cache}) and answers {@code If-None-Match} with 304. Every file has an ETag (its SHA-256).
 *
 * <pre>
 * curl http://localhost:8080/tuf/metadata/1.root.json
 * curl http://localhost:8080/tuf/metadata/timestamp.json
 * </pre>
 */
public final class TufMetadataHttpService implements HttpService {

    /** {@code <version>.<role>.json} with a role name as RSTUF allows them, or {@code timestamp.json}. */
    private static final Pattern FILE = Pattern.compile("(?:([1-9][0-9]{0,17})\\.)?([a-zA-Z0-9_-]{1,255})\\.json");

    private final TufService tuf;
    private final RouteRegistry registry;

    public TufMetadataHttpService(TufService tuf, RouteRegistry registry) {
        this.tuf = tuf;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry).get("/tuf/metadata/{file}", this::metadata);
    }

    private void metadata(ServerRequest req, ServerResponse res) {
        String file = req.path().pathParameters().get("file");
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw ApiException.notFound("No such metadata file: " + file);
        }
        String role = m.group(2);
        boolean versioned = m.group(1) != null;
        if (!versioned && !role.equals("timestamp")) {
            // consistent snapshots: only the timestamp is published without a version
            throw ApiException.notFound("No such metadata file: " + file);
        }
        Optional<byte[]> content = tuf.metadata(role, versioned ? Long.parseLong(m.group(1)) : 0);
        if (content.isEmpty()) {
            throw ApiException.notFound("No such metadata file: " + file);
        }
        byte[] bytes = content.get();
        String etag = "\"" + TufJson.sha256Hex(bytes) + "\"";
        res.header(HeaderNames.ETAG, etag);
        res.header(HeaderNames.CACHE_CONTROL, versioned ? "public, max-age=31536000, immutable" : "no-cache");
        Optional<String> ifNoneMatch = req.headers().first(HeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch.isPresent() && matches(ifNoneMatch.get(), etag)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }

    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
