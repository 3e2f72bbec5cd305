package io.keyport.desktop.appstore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.model.appstore.DeploymentTarget;
import io.keyport.model.appstore.DeploymentTargetRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Puts charts into a live server for the console's tests: archives packed here (files of a chart
 * directory in a ustar stream, gzip) and uploaded as the admin for team {@code charts}.
 */
final class ChartUploads {

    private ChartUploads() {}

    static void team(LiveServer server) {
        new IdentityClient(server.adminTransport()).putTeam("charts", "Charts");
    }

    /** Uploads chart {@code name} at {@code version} with a README, values and a values schema. */
    static void upload(LiveServer server, String name, String version, String description, String keywords) {
        upload(
                server,
                name,
                version,
                description,
                keywords,
                "# Number of pods\nreplicaCount: 2\n# The image to run\nimage:\n  repository: registry.example.org/"
                        + name + "\n  tag: \"" + version + "\"\nservice:\n  port: 8080\n",
                "{\"type\":\"object\",\"required\":[\"replicaCount\"],"
                        + "\"properties\":{\"replicaCount\":{\"type\":\"integer\",\"minimum\":1}}}");
    }

    /**
     * Uploads {@code strict} 1.0.0 ({@link #STRICT_VALUES}, {@link #STRICT_SCHEMA}: every install
     * refused) and, unless {@code strictOnly}, {@code shop} 1.0.0 (the same without the value the
     * schema forbids: installable with its defaults).
     */
    static void uploadStrict(LiveServer server, boolean strictOnly) {
        upload(server, "strict", "1.0.0", "Refused whatever the form holds", "test", STRICT_VALUES, STRICT_SCHEMA);
        if (!strictOnly) {
            upload(
                    server,
                    "shop",
                    "1.0.0",
                    "Nested defaults",
                    "test",
                    STRICT_VALUES.replace("  legacy: true\n", ""),
                    STRICT_SCHEMA);
        }
    }

    /** Uploads chart {@code name} at {@code version} with the values.yaml and values schema given. */
    static void upload(
            LiveServer server,
            String name,
            String version,
            String description,
            String keywords,
            String valuesYaml,
            String valuesSchema) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(
                "Chart.yaml",
                "apiVersion: v2\nname: " + name + "\nversion: " + version + "\nappVersion: \"" + version
                        + "\"\ndescription: " + description + "\nkeywords: [" + keywords + "]\n");
        files.put("values.yaml", valuesYaml);
        files.put("values.schema.json", valuesSchema);
        files.put(
                "README.md",
                "# " + name + "\n\n" + description + ".\n\n## Installing\n\n    helm install my-" + name + " keyport/"
                        + name + "\n");
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/charts?team=charts"))
                .header("Authorization", "Bearer " + server.token("admin", LiveServer.ADMIN_PASSWORD))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(pack(name, files)))
                .build();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException(
                        "upload of " + name + " " + version + ": " + r.statusCode() + " " + r.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Creates deployment target {@code id} for team {@code charts} whose kubeconfig (written into
     * {@code dir}) points at a port where no cluster listens: installs are accepted and fail in Helm.
     */
    static void targetWithoutCluster(LiveServer server, Path dir, String id) {
        Path kubeconfig = dir.resolve(id + ".kubeconfig.yaml");
        try {
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters: [{name: down, cluster: {server: "https://127.0.0.1:9"}}]
                    users: [{name: u, user: {token: t}}]
                    contexts: [{name: c, context: {cluster: down, user: u, namespace: web}}]
                    current-context: c
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.adminTransport()
                .put(
                        "/namespaces/" + id,
                        new DeploymentTargetRequest(
                                "down", "file:" + kubeconfig, "web", "No cluster", List.of("charts")),
                        new TypeReference<DeploymentTarget>() {});
    }

    /**
     * values.yaml of {@link #STRICT_SCHEMA}'s charts: nested objects, a list, and a
     * {@code service.legacy} the schema does not allow, so every install of such a chart is refused
     * for {@code /service} whatever the form holds (an error of no field).
     */
    static final String STRICT_VALUES = """
            # Number of pods
            replicaCount: 2
            image:
              repository: registry.example.org/strict
              tag: "1.4.2"
            hosts:
              - shop.example.org
            service:
              port: 8080
              legacy: true
            """;

    /** A schema the form cannot check in full: a tag pattern, list items with a pattern, no extra keys. */
    static final String STRICT_SCHEMA = """
            {"type":"object","required":["replicaCount"],"properties":{
              "replicaCount":{"type":"integer","minimum":1},
              "image":{"type":"object","properties":{
                "repository":{"type":"string"},
                "tag":{"type":"string","pattern":"^[0-9]+\\\\.[0-9]+\\\\.[0-9]+$","description":"x.y.z"}}},
              "hosts":{"type":"array","items":{"type":"string","pattern":"^[a-z0-9.-]+$"}},
              "service":{"type":"object","additionalProperties":false,"properties":{"port":{"type":"integer"}}}}}
            """;

    private static byte[] pack(String dir, Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
                gz.write(header(dir + "/" + f.getKey(), data.length));
                gz.write(data);
                gz.write(new byte[(512 - data.length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A ustar header of a regular file; the checksum covers the header with its own field as spaces. */
    private static byte[] header(String path, int size) {
        String fields = String.format("%-100s%-8s%-8s%-8s%011o %011o ", path, "0000644", "0000000", "0000000", size, 0);
        byte[] h = new byte[512];
        byte[] head = fields.replace(' ', '\0').getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, h, 0, head.length);
        h[156] = '0';
        byte[] magic = "ustar\00000".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(magic, 0, h, 257, magic.length);
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        byte[] check = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(check, 0, h, 148, check.length);
        return h;
    }
}
