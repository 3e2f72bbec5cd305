package io.keyport.backend.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.testing.BadInputs;
import io.keyport.model.common.Json;
import io.keyport.model.registry.Digest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small registry client for the black-box tests: raw requests with binary bodies and one
 * identity's credentials (Basic {@code user:password}, or a bearer token), plus the few steps
 * every test repeats (upload a blob monolithically, push a manifest).
 */
public final class RegistryClient {

    private final String baseUrl;
    private final String authorization;

    private RegistryClient(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    public static RegistryClient basic(String baseUrl, String user, String password) {
        return new RegistryClient(
                baseUrl,
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public static RegistryClient bearer(String baseUrl, String token) {
        return new RegistryClient(baseUrl, "Bearer " + token);
    }

    public static RegistryClient anonymous(String baseUrl) {
        return new RegistryClient(baseUrl, null);
    }

    /** A response with its raw body. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.mapper().readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        /** The first OCI error code of the body. */
        public String errorCode() {
            return json().path("errors").path(0).path("code").asText();
        }

        @Override
        public String toString() {
            String t = text();
            return status + " " + headers + " " + (t.length() > 400 ? t.substring(0, 400) + "..." : t);
        }
    }

    /** Sends a request; {@code headers} alternate name, value; {@code body} null is none. */
    public Reply send(String method, String path, byte[] body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null && body.length > io.keyport.backend.http.TransportFilter.DRAIN_LIMIT) {
            b.expectContinue(true); // a refusal by length comes before the body is sent (see BadInputs)
        }
        b.method(
                method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        BadInputs.Reply r = BadInputs.send(b.build());
        return new Reply(r.status(), r.headers(), r.bodyBytes());
    }

    /** Starts an upload session; returns its Location. */
    public String startUpload(String repository) {
        return expect(send("POST", "/v2/" + repository + "/blobs/uploads/", null), 202)
                .header("Location")
                .orElseThrow();
    }

    /** PATCHes a chunk with its Content-Range ({@code range} null: a stream without one). */
    public Reply patch(String location, byte[] chunk, String range) {
        return range == null
                ? send("PATCH", location, chunk, "Content-Type", "application/octet-stream")
                : send("PATCH", location, chunk, "Content-Type", "application/octet-stream", "Content-Range", range);
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    public Reply head(String path) {
        return send("HEAD", path, null);
    }

    /** Uploads a blob with POST then PUT; returns its digest. Fails unless 201. */
    public Digest pushBlob(String repository, byte[] bytes) {
        Digest digest = Digest.sha256(bytes);
        Reply start = send("POST", "/v2/" + repository + "/blobs/uploads/", null);
        expect(start, 202);
        String location = start.header("Location").orElseThrow();
        Reply put = send(
                "PUT",
                location + (location.contains("?") ? "&" : "?") + "digest=" + digest,
                bytes,
                "Content-Type",
                "application/octet-stream");
        expect(put, 201);
        return digest;
    }

    /** Pushes a manifest under {@code reference} with its media type. */
    public Reply putManifest(String repository, String reference, String mediaType, byte[] manifest) {
        return send("PUT", "/v2/" + repository + "/manifests/" + reference, manifest, "Content-Type", mediaType);
    }

    public static Reply expect(Reply r, int status) {
        if (r.status() != status) {
            throw new AssertionError("expected " + status + ", got " + r);
        }
        return r;
    }
}
