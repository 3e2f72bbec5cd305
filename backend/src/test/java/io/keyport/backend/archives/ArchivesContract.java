package io.keyport.backend.archives;

import static io.keyport.backend.archives.KployArchives.SAMPLE_ID;
import static io.keyport.backend.archives.KployArchives.SAMPLE_SIZE;
import static io.keyport.backend.testing.ApiClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.archives.store.ArchiveLayout;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The archive API against a real server, on the storage a subclass names: kploy's wire contract
 * byte for byte with the registry's own sample (whose id is the SHA-256 of its bytes), then each
 * of Keyport's additions. Every test works in a workspace of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ArchivesContract {

    static final long MAX_SIZE = 1 << 20;

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    TestServer server;
    ApiClient api;
    Cast cast;

    /** The storage settings of the server ({@code KEYPORT_STORAGE...}). */
    abstract Map<String, String> storageSettings();

    /** {@code filesystem} or {@code s3}. */
    abstract String storageKind();

    @BeforeAll
    void start() {
        Map<String, String> settings = new HashMap<>(storageSettings());
        settings.put("KEYPORT_ARCHIVES_MAX_SIZE", Long.toString(MAX_SIZE));
        server = TestServer.start(settings);
        api = server.client();
        cast = Cast.create(api);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---- kploy's contract

    @Test
    void theSampleUploadAnswersAsTheReadmeByteForByte() {
        Raw r = raw(
                "POST /api/v1/app HTTP/1.1\r\nHost: registry.kploy.net\r\nAuthorization: Bearer " + cast.token("alice")
                        + "\r\nContent-Length: " + SAMPLE_SIZE + "\r\nConnection: close\r\n\r\n",
                KployArchives.sample());
        assertThat(KployArchives.sha256(KployArchives.sample())).isEqualTo(SAMPLE_ID);
        assertThat(r.status).as(r.toString()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.text())
                .isEqualTo("{\"app_archive_id\": \"" + SAMPLE_ID
                        + "\", \"selfLink\": \"http://registry.kploy.net/api/v1/app/" + SAMPLE_ID + "\"}");
        assertThat(r.header("Content-Length")).isEqualTo("203");
    }

    @Test
    void theSampleListsDownloadsAndDeletesAsKployDid() throws IOException {
        String ws = "http://github.com/kubernauts/kploy.net-" + storageKind();
        String q = "?workspace=" + enc(ws);
        JsonNode up = upload("alice", KployArchives.sample(), q).json();
        assertThat(up.get("app_archive_id").asText()).isEqualTo(SAMPLE_ID);
        assertThat(up.get("selfLink").asText()).isEqualTo(server.baseUrl() + "/api/v1/app/" + SAMPLE_ID + q);

        ApiClient.Response list = expect(api.get("/api/v1/app" + q, null), 200);
        String name = "github.com/kubernauts/kploy.net-" + storageKind() + "/" + SAMPLE_ID + ".zip";
        assertThat(list.body())
                .matches(
                        "\\[\\{\"generation\": \"\\d{16}\", \"name\": \"" + name.replace(".", "\\.")
                                + "\", \"size\": \"4952\", \"timeCreated\": \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\", .*\\}]");
        assertThat(list.header("ETag")).hasValueSatisfying(e -> assertThat(e).matches("\"[0-9a-f]{40}\""));

        HttpResponse<byte[]> download = get("/api/v1/app/" + SAMPLE_ID + q, Map.of());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(KployArchives.sample());
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Length")).hasValue("4952");
        assertThat(download.headers().firstValue("ETag")).hasValue("\"" + SAMPLE_ID + "\"");

        HttpResponse<String> deleted = send("DELETE", "/api/v1/app/" + SAMPLE_ID + q, "alice", null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(expect(api.get("/api/v1/app" + q, null), 200).body()).isEqualTo("[]");
        HttpResponse<String> gone = send("GET", "/api/v1/app/" + SAMPLE_ID + q, null, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        ErrorBodies.APPSTORE.check(
                404, gone.headers().firstValue("Content-Type").orElse(null), gone.body());
    }

    @Test
    void theWorkspaceRuleOfTheSeed() {
        byte[] archive = KployArchives.app("rule");
        String id = KployArchives.sha256(archive);
        upload("alice", archive, "?workspace=" + enc("http://Example.ORG//rule/./path/"));
        assertThat(names("?workspace=" + enc("https://example.org/rule/path")))
                .containsExactly("example.org/rule/path/" + id + ".zip");
        // no host, or no path: the global workspace, kploy's default
        upload("alice", archive, "?workspace=" + enc("http://github.com"));
        for (String global : List.of("foo", "http://github.com", "", "/just/a/path", "http://")) {
            assertThat(names("?workspace=" + enc(global)))
                    .as(global)
                    .contains("global/" + id + ".zip")
                    .isEqualTo(names(""));
        }
        // only the exact workspace, not those below it (kploy listed every object under the prefix)
        assertThat(names("?workspace=" + enc("http://example.org/rule"))).isEmpty();
    }

    @Test
    void reUploadingTheSameArchiveIsIdempotent() {
        byte[] archive = KployArchives.app("again");
        String id = KployArchives.sha256(archive);
        String q = "?workspace=" + enc("http://example.org/again");
        assertThat(upload("alice", archive, q).json().get("app_archive_id").asText())
                .isEqualTo(id);
        JsonNode first = expect(api.get("/api/v1/app" + q, null), 200).json();
        assertThat(upload("carol", archive, q).json().get("app_archive_id").asText())
                .isEqualTo(id);
        JsonNode second = expect(api.get("/api/v1/app" + q, null), 200).json();
        assertThat(second).isEqualTo(first);
        assertThat(second.get(0).get("uploadedBy").asText()).isEqualTo("alice");
        JsonNode audit = expect(
                        api.get(
                                "/api/audit?action=archive.upload&target="
                                        + enc("archive:example.org/again/" + id + ".zip"),
                                cast.token("admin")),
                        200)
                .json()
                .get("entries");
        assertThat(audit).hasSize(2);
    }

    @Test
    void downloadsAnswerHeadRangesAndConditionalRequests() {
        byte[] archive = KployArchives.app("ranges");
        String id = KployArchives.sha256(archive);
        String q = "?workspace=" + enc("http://example.org/ranges");
        upload("alice", archive, q);
        String path = "/api/v1/app/" + id + q;

        HttpResponse<byte[]> head = send("HEAD", path, Map.of());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(archive.length));
        assertThat(head.headers().firstValue("ETag")).hasValue("\"" + id + "\"");
        assertThat(head.body()).isEmpty();

        HttpResponse<byte[]> part = get(path, Map.of("Range", "bytes=10-109"));
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 10-109/" + archive.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(archive, 10, 110));

        HttpResponse<byte[]> tail = get(path, Map.of("Range", "bytes=-22"));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(archive, archive.length - 22, archive.length));

        HttpResponse<byte[]> beyond = get(path, Map.of("Range", "bytes=" + archive.length + "-"));
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + archive.length);

        HttpResponse<byte[]> unchanged = get(path, Map.of("If-None-Match", "\"" + id + "\""));
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
    }

    @Test
    void metadataOfTheKployfileIsInTheListingAndAtMeta() {
        String q = "?workspace=" + enc("http://example.org/meta");
        upload("alice", KployArchives.sample(), q);
        JsonNode meta = expect(api.get("/api/v1/app/" + SAMPLE_ID + "/meta" + q, null), 200)
                .json();
        JsonNode m = meta.get("metadata");
        assertThat(m.get("name").asText()).isEqualTo("test");
        assertThat(m.get("author").asText()).isEqualTo("Michael Hausenblas");
        assertThat(m.get("namespace").asText()).isEqualTo("test");
        assertThat(m.get("source").asText()).isEqualTo("https://github.com/kubernauts/kploy");
        assertThat(m.get("files")).hasSize(17);
        assertThat(m.get("files").toString())
                .contains("\"Kployfile\"", "\"rcs/nginx-webserver-rc.yaml\"", "\"services/webserver-svc.yaml\"");
        assertThat(meta.get("team").asText()).isEqualTo("team-a");
        assertThat(meta.get("uploadedBy").asText()).isEqualTo("alice");
        JsonNode listed = expect(api.get("/api/v1/app" + q, null), 200).json().get(0);
        assertThat(listed).isEqualTo(meta);
    }

    @Test
    void anEmptyWorkspaceListsAnEmptyArray() {
        ApiClient.Response r =
                expect(api.get("/api/v1/app?workspace=" + enc("http://example.org/nothing/here"), null), 200);
        assertThat(r.body()).isEqualTo("[]");
    }

    @Test
    void statusNamesTheStorageAndNoSecret() {
        ApiClient.Response r = expect(api.get("/api/v1", null), 200);
        JsonNode status = r.json();
        assertThat(status.get("storage").asText()).isEqualTo(storageKind());
        assertThat(status.get("maxArchiveSize").asLong()).isEqualTo(MAX_SIZE);
        assertThat(r.body().toLowerCase())
                .doesNotContain(
                        "secret",
                        "access",
                        "bucket",
                        "password",
                        "127.0.0.1",
                        server.dataDir().toString());
    }

    // ---- Keyport's additions

    @Test
    void idsAreValidated() {
        for (String id : List.of("nope", SAMPLE_ID.toUpperCase(), SAMPLE_ID + "0", SAMPLE_ID.substring(1) + "g")) {
            HttpResponse<String> r = send("GET", "/api/v1/app/" + id, null, null);
            assertThat(r.statusCode()).as(id).isEqualTo(404);
            ErrorBodies.APPSTORE.check(
                    404, r.headers().firstValue("Content-Type").orElse(null), r.body());
            assertThat(send("DELETE", "/api/v1/app/" + id, "admin", null).statusCode())
                    .as(id)
                    .isEqualTo(404);
        }
    }

    @Test
    void aWorkspaceWithDotDotIsRefused() {
        HttpResponse<String> r =
                upload("alice", KployArchives.app("dots"), "?workspace=" + enc("http://example.org/a/../b"), 400);
        ErrorBodies.APPSTORE.check(400, r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    @Test
    void writesNeedAToken() {
        HttpResponse<String> r = send("POST", "/api/v1/app", null, KployArchives.app("anon"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
        ErrorBodies.APPSTORE.check(401, r.headers().firstValue("Content-Type").orElse(null), r.body());
        HttpResponse<String> bad = sendAuth("POST", "/api/v1/app", "Bearer not-a-token", KployArchives.app("anon"));
        assertThat(bad.statusCode()).isEqualTo(401);
        ErrorBodies.APPSTORE.check(401, bad.headers().firstValue("Content-Type").orElse(null), bad.body());
        assertThat(send("DELETE", "/api/v1/app/" + SAMPLE_ID, null, null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void deletesNeedTheUploadersTeamOrAnAdmin() {
        byte[] archive = KployArchives.app("owned");
        String id = KployArchives.sha256(archive);
        String q = "?workspace=" + enc("http://example.org/owned");
        upload("alice", archive, q);
        assertThat(send("DELETE", "/api/v1/app/" + id + q, "bob", null).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/app/" + id + q, "svc-w", null).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/app/" + id + q, "carol", null).statusCode())
                .isEqualTo(204);
        upload("bob", archive, q);
        assertThat(send("DELETE", "/api/v1/app/" + id + q, "alice", null).statusCode())
                .isEqualTo(403);
        assertThat(send("DELETE", "/api/v1/app/" + id + q, "admin", null).statusCode())
                .isEqualTo(204);
        assertThat(send("DELETE", "/api/v1/app/" + id + q, "admin", null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void uploadsAreForATeam() {
        String q = "?workspace=" + enc("http://example.org/teams");
        assertThat(upload("nadia", KployArchives.app("nadia"), q, 403).statusCode())
                .isEqualTo(403);
        assertThat(upload("alice", KployArchives.app("other-team"), q + "&team=team-b", 403)
                        .statusCode())
                .isEqualTo(403);
        upload("admin", KployArchives.app("no-team"), q);
        upload("admin", KployArchives.app("team-b"), q + "&team=team-b");
        JsonNode list = expect(api.get("/api/v1/app" + q, null), 200).json();
        Map<String, String> teamByName = new LinkedHashMap<>();
        list.forEach(e -> teamByName.put(
                e.get("metadata").get("name").asText(), e.get("team").asText(null)));
        assertThat(teamByName).containsEntry("no-team", null).containsEntry("team-b", "team-b");
        assertThat(upload("admin", KployArchives.app("x"), q + "&team=no-such-team", 400)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void servicesNeedTheArchivesWriteScope() {
        String admin = cast.token("admin");
        api.app(admin, "svc-archives", "team-a");
        expect(api.putJson("/apps/svc-archives/scopes", admin, "{\"scopes\":[\"archives.write\"]}"), 200);
        JsonNode credential = expect(api.postJson("/apps/svc-archives/credentials", admin, null), 201)
                .json();
        String token = api.form(
                        "/oauth2/token",
                        Map.of("grant_type", "client_credentials"),
                        credential.get("client_id").asText(),
                        credential.get("client_secret").asText())
                .json()
                .get("access_token")
                .asText();
        String q = "?workspace=" + enc("http://example.org/services");
        assertThat(upload("svc-w", KployArchives.app("svc"), q, 403).statusCode())
                .isEqualTo(403);
        HttpResponse<String> ok = sendAuth("POST", "/api/v1/app" + q, "Bearer " + token, KployArchives.app("svc"));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void contentInTwoWorkspacesIsStoredOnceAndGoesWithTheLast() {
        byte[] archive = KployArchives.app("shared");
        String id = KployArchives.sha256(archive);
        String q1 = "?workspace=" + enc("http://example.org/one");
        String q2 = "?workspace=" + enc("http://example.org/two");
        upload("alice", archive, q1);
        upload("alice", archive, q2);
        BlobStorage storage = server.server().storage();
        assertThat(storage.stat(ArchiveLayout.content(id))).isPresent();
        assertThat(send("DELETE", "/api/v1/app/" + id + q1, "alice", null).statusCode())
                .isEqualTo(204);
        assertThat(get("/api/v1/app/" + id + q2, Map.of()).body()).isEqualTo(archive);
        assertThat(send("DELETE", "/api/v1/app/" + id + q2, "alice", null).statusCode())
                .isEqualTo(204);
        assertThat(storage.stat(ArchiveLayout.content(id))).isEmpty();
    }

    @Test
    void refusedUploadsStoreNothing() throws IOException {
        Map<String, byte[]> noKployfile = new LinkedHashMap<>();
        noKployfile.put("rcs/web.yaml", "kind: ReplicationController\n".getBytes());
        Map<String, byte[]> listKployfile = new LinkedHashMap<>();
        listKployfile.put("Kployfile", "- not\n- a mapping\n".getBytes());
        Map<String, byte[]> traversal = new LinkedHashMap<>();
        traversal.put("Kployfile", KployArchives.kployfile("evil").getBytes());
        traversal.put("../../etc/cron.d/evil", "* * * * * root sh\n".getBytes());
        byte[] truncated = Arrays.copyOf(KployArchives.sample(), 3000);
        Map<String, Integer> cases = new LinkedHashMap<>();
        String q = "?workspace=" + enc("http://example.org/refused");
        List<Object[]> rows = List.of(
                new Object[] {"not a zip", "just text, not an archive".getBytes(), 400},
                new Object[] {"empty body", new byte[0], 400},
                new Object[] {"truncated zip", truncated, 400},
                new Object[] {"no Kployfile", KployArchives.zip(noKployfile, ZipEntry.DEFLATED), 422},
                new Object[] {"Kployfile not a mapping", KployArchives.zip(listKployfile, ZipEntry.DEFLATED), 422},
                new Object[] {"entry leaving the folder", KployArchives.zip(traversal, ZipEntry.DEFLATED), 400},
                new Object[] {"zip bomb", KployArchives.bomb(256L << 20), 400},
                new Object[] {"over the size limit", new byte[(int) MAX_SIZE + 1], 413});
        long keysBefore = archiveKeys();
        for (Object[] row : rows) {
            HttpResponse<String> r = upload("alice", (byte[]) row[1], q, (Integer) row[2]);
            ErrorBodies.APPSTORE.check(
                    r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
            cases.put((String) row[0], r.statusCode());
        }
        assertThat(cases.values()).hasSize(rows.size());
        assertThat(expect(api.get("/api/v1/app" + q, null), 200).body()).isEqualTo("[]");
        assertThat(archiveKeys()).isEqualTo(keysBefore);
        assertThat(server.server().storage().purgeStaging(Duration.ZERO))
                .as("no staged write left behind")
                .isZero();
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWhileItStreams() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Kployfile", KployArchives.kployfile("big").getBytes(StandardCharsets.UTF_8));
        entries.put("rcs/big.yaml", new byte[(int) MAX_SIZE * 3]);
        byte[] big = KployArchives.zip(entries, ZipEntry.STORED);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/app"))
                .header("Authorization", "Bearer " + cast.token("alice"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
                .build();
        HttpResponse<String> r = exchange(request);
        assertThat(r.statusCode()).isEqualTo(413);
        ErrorBodies.APPSTORE.check(413, r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    /**
     * A client that writes its whole chunked body before it reads (as curl does) gets the 413: the
     * part after the limit is read and dropped before the connection closes, so the close is no
     * reset that destroys the answer.
     */
    @Test
    void aClientStillSendingPastTheLimitReadsThe413() {
        long keysBefore = archiveKeys();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Kployfile", KployArchives.kployfile("big").getBytes(StandardCharsets.UTF_8));
        entries.put("rcs/big.yaml", new byte[(int) MAX_SIZE * 3]);
        byte[] big = KployArchives.zip(entries, ZipEntry.STORED);
        java.io.ByteArrayOutputStream chunked = new java.io.ByteArrayOutputStream();
        int chunk = 64 * 1024;
        for (int at = 0; at < big.length; at += chunk) {
            int n = Math.min(chunk, big.length - at);
            chunked.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(big, at, n);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Raw r = raw(
                "POST /api/v1/app HTTP/1.1\r\nHost: keyport\r\nAuthorization: Bearer " + cast.token("alice")
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n",
                chunked.toByteArray());
        assertThat(r.status()).as("%s", r).isEqualTo(413);
        assertThat(r.header("connection")).isEqualToIgnoringCase("close");
        ErrorBodies.APPSTORE.check(413, r.header("content-type"), r.text());
        assertThat(archiveKeys()).isEqualTo(keysBefore);
    }

    @Test
    void otherMethodsAnswerInTheArchiveFamily() {
        HttpResponse<String> r = send("PUT", "/api/v1/app", "alice", "x".getBytes());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow"))
                .hasValueSatisfying(a -> assertThat(a).contains("GET", "POST"));
        ErrorBodies.APPSTORE.check(405, r.headers().firstValue("Content-Type").orElse(null), r.body());
    }

    // ---- helpers

    private long archiveKeys() {
        try (Stream<String> keys = server.server().storage().list("archives")) {
            return keys.count();
        }
    }

    private List<String> names(String query) {
        JsonNode list = expect(api.get("/api/v1/app" + query, null), 200).json();
        return java.util.stream.StreamSupport.stream(list.spliterator(), false)
                .map(e -> e.get("name").asText())
                .toList();
    }

    /** Uploads as {@code who}; fails unless 200. */
    ApiClient.Response upload(String who, byte[] archive, String query) {
        HttpResponse<String> r = upload(who, archive, query, 200);
        return new ApiClient.Response(r.statusCode(), r.headers().map(), r.body());
    }

    HttpResponse<String> upload(String who, byte[] archive, String query, int expected) {
        HttpResponse<String> r = send("POST", "/api/v1/app" + query, who, archive);
        assertThat(r.statusCode()).as("upload as %s: %s", who, r.body()).isEqualTo(expected);
        return r;
    }

    HttpResponse<String> send(String method, String path, String who, byte[] body) {
        return sendAuth(method, path, who == null ? null : "Bearer " + cast.token(who), body);
    }

    HttpResponse<String> sendAuth(String method, String path, String authorization, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return exchange(b.build());
    }

    HttpResponse<byte[]> get(String path, Map<String, String> headers) {
        return send("GET", path, headers);
    }

    private HttpResponse<byte[]> send(String method, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A response read off a raw socket (for a request with a Host header no client lets us set). */
    record Raw(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + text();
        }
    }

    private Raw raw(String head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(),
                        lines[i].substring(colon + 1).trim());
            }
            return new Raw(
                    Integer.parseInt(lines[0].split(" ")[1]), headers, Arrays.copyOfRange(all, end + 4, all.length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
