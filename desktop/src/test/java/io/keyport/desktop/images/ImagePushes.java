package io.keyport.desktop.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import io.keyport.desktop.testing.LiveServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Images pushed to a test server the way users push them: with Jib (a small application image),
 * and with plain registry requests for what Jib does not make (a multi-platform index, a signature
 * and an SBOM referring to an image, a tag pushed with its {@code X-SCM-Source}).
 */
final class ImagePushes implements AutoCloseable {

    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String EMPTY = "application/vnd.oci.empty.v1+json";
    static final String COSIGN = "application/vnd.dev.cosign.artifact.sig.v1+json";
    static final String SPDX = "application/spdx+json";

    private final LiveServer server;
    private final Path folder;
    private final OkHttpClient http = new OkHttpClient();

    ImagePushes(LiveServer server, Path folder) {
        this.server = server;
        this.folder = folder;
    }

    /** Creates team {@code team} with member {@code uid} (password {@code uid + "-password-1"}). */
    void member(String team, String uid) {
        server.adminTransport().put("/api/teams/" + team, new io.keyport.model.identity.TeamRequest(team), null);
        server.adminTransport()
                .put(
                        "/api/users/" + uid,
                        new io.keyport.model.identity.UserRequest(uid + "-password-1", List.of(team), false),
                        null);
    }

    /**
     * Pushes {@code repository:tag} with Jib as {@code uid}: an OCI image of one layer holding a
     * small program of {@code padding} bytes, with an entrypoint and a label. Answers the digest.
     */
    String jib(String uid, String password, String repository, String tag, int padding) {
        try {
            Path app = Files.createDirectories(folder.resolve(repository.replace('/', '_') + "-" + tag));
            Path program = app.resolve("server");
            byte[] bytes = new byte[padding];
            new java.util.Random(padding).nextBytes(bytes); // incompressible, so the layer has that size
            Files.write(program, bytes);
            Files.writeString(app.resolve("VERSION"), tag + "\n");
            String host = server.baseUrl().substring("http://".length());
            // the test server speaks plain HTTP on loopback; Jib sends credentials there only when told
            System.setProperty("sendCredentialsOverHttp", "true");
            JibContainer pushed = Jib.fromScratch()
                    .addLayer(List.of(program, app.resolve("VERSION")), AbsoluteUnixPath.get("/app"))
                    .setEntrypoint("/app/server", "--port=8080")
                    .addLabel("org.opencontainers.image.source", "https://github.com/acme/" + tag)
                    .setFormat(ImageFormat.OCI)
                    .setCreationTime(Instant.parse("2026-11-20T09:30:00Z"))
                    .containerize(Containerizer.to(RegistryImage.named(host + "/" + repository + ":" + tag)
                                    .addCredential(uid, password))
                            .setAllowInsecureRegistries(true)
                            .setBaseImageLayersCache(folder.resolve("jib-base-cache"))
                            .setApplicationLayersCache(folder.resolve("jib-app-cache"))
                            .setToolName("keyport-console-test"));
            return pushed.getDigest().toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Jib could not push " + repository + ":" + tag, e);
        }
    }

    /** The manifest of {@code repository} at {@code reference}, byte for byte. */
    byte[] manifest(String repository, String reference) {
        Request request = admin("/v2/" + repository + "/manifests/" + reference)
                .header("Accept", OCI_MANIFEST + ", " + OCI_INDEX)
                .get()
                .build();
        try (Response response = http.newCall(request).execute()) {
            expect(response, 200);
            return response.body().bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pushes {@code manifest} as {@code repository:reference} as the admin, with extra headers. */
    String putManifest(
            String repository, String reference, byte[] manifest, String mediaType, Map<String, String> headers) {
        Request.Builder request = admin("/v2/" + repository + "/manifests/" + reference)
                .put(RequestBody.create(manifest, MediaType.get(mediaType)));
        headers.forEach(request::header);
        try (Response response = http.newCall(request.build()).execute()) {
            expect(response, 201);
            return response.header("Docker-Content-Digest");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads {@code bytes} as a blob of {@code repository} (one POST with the digest). */
    String blob(String repository, byte[] bytes) {
        String digest = ManifestDetails.sha256(bytes);
        Request request = admin("/v2/" + repository + "/blobs/uploads/?digest=" + digest)
                .post(RequestBody.create(bytes, MediaType.get("application/octet-stream")))
                .build();
        try (Response response = http.newCall(request).execute()) {
            expect(response, 201);
            return digest;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Pushes a two-platform image (linux/amd64 and linux/arm64/v8, one layer each) and its OCI index
     * as {@code repository:tag}. Answers the index's digest.
     */
    String index(String repository, String tag) {
        StringBuilder entries = new StringBuilder();
        String[][] platforms = {{"amd64", null}, {"arm64", "v8"}};
        for (String[] platform : platforms) {
            byte[] config = ("{\"architecture\":\"" + platform[0] + "\",\"os\":\"linux\""
                            + (platform[1] == null ? "" : ",\"variant\":\"" + platform[1] + "\"")
                            + ",\"config\":{\"Entrypoint\":[\"/worker\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] layer = ("layer for " + platform[0]).getBytes(StandardCharsets.UTF_8);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
                            + descriptor(
                                    "application/vnd.oci.image.config.v1+json", blob(repository, config), config.length)
                            + ",\"layers\":["
                            + descriptor(
                                    "application/vnd.oci.image.layer.v1.tar", blob(repository, layer), layer.length)
                            + "]}")
                    .getBytes(StandardCharsets.UTF_8);
            String digest = putManifest(repository, ManifestDetails.sha256(manifest), manifest, OCI_MANIFEST, Map.of());
            if (!entries.isEmpty()) {
                entries.append(',');
            }
            entries.append("{\"mediaType\":\"")
                    .append(OCI_MANIFEST)
                    .append("\",\"digest\":\"")
                    .append(digest)
                    .append("\",\"size\":")
                    .append(manifest.length)
                    .append(",\"platform\":{\"architecture\":\"")
                    .append(platform[0])
                    .append("\",\"os\":\"linux\"")
                    .append(platform[1] == null ? "" : ",\"variant\":\"" + platform[1] + "\"")
                    .append("}}");
        }
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + entries + "]}")
                .getBytes(StandardCharsets.UTF_8);
        return putManifest(repository, tag, index, OCI_INDEX, Map.of());
    }

    /**
     * Pushes an artifact of {@code artifactType} (a signature, an SBOM) whose subject is the
     * manifest {@code subject} of {@code repository}, by digest, as ORAS and cosign do.
     */
    String referrer(String repository, String subject, String artifactType, String payload) {
        byte[] subjectBytes = manifest(repository, subject);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] content = payload.getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"artifactType\":\""
                        + artifactType + "\",\"config\":" + descriptor(EMPTY, blob(repository, empty), empty.length)
                        + ",\"layers\":[" + descriptor(artifactType, blob(repository, content), content.length)
                        + "],\"subject\":" + descriptor(OCI_MANIFEST, subject, subjectBytes.length)
                        + ",\"annotations\":{\"org.opencontainers.image.created\":\"2026-11-21T10:00:00Z\"}}")
                .getBytes(StandardCharsets.UTF_8);
        return putManifest(repository, ManifestDetails.sha256(manifest), manifest, OCI_MANIFEST, Map.of());
    }

    private static String descriptor(String mediaType, String digest, long size) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
    }

    private Request.Builder admin(String path) {
        return new Request.Builder()
                .url(server.baseUrl() + path)
                .header("Authorization", Credentials.basic("admin", LiveServer.ADMIN_PASSWORD));
    }

    private static void expect(Response response, int status) throws IOException {
        if (response.code() != status) {
            throw new IllegalStateException(
                    response.request().method() + " " + response.request().url() + ": " + response.code() + " "
                            + response.body().string());
        }
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
