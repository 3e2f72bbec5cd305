package io.keyport.backend.appstore.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.keyport.model.appstore.ReleaseResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The cluster side of a deployment target: its kubeconfig reference resolved to content for Helm,
 * and the readiness of a release's resources read from the API server. Only {@code file:}
 * references exist; bearer tokens and a cluster CA are supported for readiness (client certificates
 * are left to Helm: their resources show {@code ready: null}).
 */
public final class ClusterAccess {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final long MAX_KUBECONFIG = 1 << 20;

    /** The kubeconfig a target's reference names, or empty when there is none to be read. */
    public Optional<String> kubeconfig(String reference) {
        if (reference == null || !reference.startsWith("file:")) {
            return Optional.empty();
        }
        try {
            Path file = Path.of(reference.substring("file:".length()));
            if (!file.isAbsolute() || !Files.isRegularFile(file) || Files.size(file) > MAX_KUBECONFIG) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The resources of a rendered manifest (documents without a kind are skipped). */
    public static List<ReleaseResource> resources(String manifest, String namespace) {
        List<ReleaseResource> out = new ArrayList<>();
        if (manifest == null || manifest.isBlank()) {
            return out;
        }
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class)
                .readValues(new ByteArrayInputStream(manifest.getBytes(java.nio.charset.StandardCharsets.UTF_8)))) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc == null || !doc.hasNonNull("kind")) {
                    continue;
                }
                JsonNode meta = doc.path("metadata");
                out.add(new ReleaseResource(
                        doc.path("apiVersion").asText(""),
                        doc.path("kind").asText(),
                        meta.path("name").asText(""),
                        meta.hasNonNull("namespace") ? meta.get("namespace").asText() : namespace,
                        null,
                        null));
            }
        } catch (IOException | RuntimeException e) {
            // a manifest Helm rendered and applied parses; if not, the status lists what was read
        }
        return out;
    }

    /** {@code resources} with their readiness as the cluster of {@code kubeconfig} reports it. */
    public List<ReleaseResource> readiness(String kubeconfig, List<ReleaseResource> resources) {
        Optional<Api> api = Api.of(kubeconfig);
        if (api.isEmpty()) {
            return resources;
        }
        List<ReleaseResource> out = new ArrayList<>(resources.size());
        for (ReleaseResource r : resources) {
            out.add(api.get().ready(r));
        }
        return out;
    }

    /** A reader of one API server, from the current context of a kubeconfig. */
    private record Api(HttpClient http, String server, String token) {

        static Optional<Api> of(String kubeconfig) {
            try {
                JsonNode config = YAML.readTree(kubeconfig);
                String current = config.path("current-context").asText("");
                JsonNode context = named(config.path("contexts"), current).path("context");
                JsonNode cluster = named(
                                config.path("clusters"), context.path("cluster").asText(""))
                        .path("cluster");
                JsonNode user = named(config.path("users"), context.path("user").asText(""))
                        .path("user");
                String server = cluster.path("server").asText("");
                if (server.isEmpty() || user.has("client-certificate-data") || user.has("client-certificate")) {
                    return Optional.empty();
                }
                HttpClient.Builder b = HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5));
                if (cluster.hasNonNull("certificate-authority-data")) {
                    b.sslContext(trusting(Base64.getDecoder()
                            .decode(cluster.get("certificate-authority-data").asText())));
                }
                String token = user.hasNonNull("token") ? user.get("token").asText() : null;
                return Optional.of(new Api(b.build(), server.replaceAll("/+$", ""), token));
            } catch (Exception e) {
                return Optional.empty();
            }
        }

        ReleaseResource ready(ReleaseResource r) {
            String path = path(r);
            try {
                HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server + path))
                        .timeout(Duration.ofSeconds(5))
                        .header("Accept", "application/json");
                if (token != null) {
                    req.header("Authorization", "Bearer " + token);
                }
                HttpResponse<byte[]> res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
                if (res.statusCode() == 404) {
                    return with(r, false, "not found in the cluster");
                }
                if (res.statusCode() != 200) {
                    return with(r, null, "the cluster answered " + res.statusCode());
                }
                return readiness(r, io.keyport.model.common.Json.mapper().readTree(res.body()));
            } catch (IOException e) {
                return with(r, null, "the cluster could not be reached");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return with(r, null, "interrupted");
            }
        }

        private static ReleaseResource readiness(ReleaseResource r, JsonNode object) {
            JsonNode spec = object.path("spec");
            JsonNode status = object.path("status");
            switch (r.kind()) {
                case "Deployment", "StatefulSet", "ReplicaSet" -> {
                    int want = spec.path("replicas").asInt(1);
                    int ready = status.path("readyReplicas").asInt(0);
                    return with(r, ready >= want, ready + "/" + want + " replicas ready");
                }
                case "DaemonSet" -> {
                    int want = status.path("desiredNumberScheduled").asInt(0);
                    int ready = status.path("numberReady").asInt(0);
                    return with(r, ready >= want, ready + "/" + want + " pods ready");
                }
                case "Pod" -> {
                    for (JsonNode condition : status.path("conditions")) {
                        if ("Ready".equals(condition.path("type").asText())) {
                            boolean ok = "True".equals(condition.path("status").asText());
                            return with(r, ok, ok ? null : "pod not ready");
                        }
                    }
                    return with(r, false, "pod not ready");
                }
                case "Job" -> {
                    boolean done = status.path("succeeded").asInt(0) > 0;
                    return with(r, done, done ? null : "job not complete");
                }
                default -> {
                    return with(r, true, null);
                }
            }
        }

        private static String path(ReleaseResource r) {
            String apiVersion = r.apiVersion();
            String base = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
            String plural = plural(r.kind());
            boolean clusterScoped = r.kind().equals("Namespace")
                    || r.kind().startsWith("Cluster")
                    || r.kind().equals("CustomResourceDefinition")
                    || r.kind().equals("PersistentVolume")
                    || r.kind().equals("StorageClass");
            return base + (clusterScoped ? "" : "/namespaces/" + enc(r.namespace())) + "/" + plural + "/"
                    + enc(r.name());
        }

        private static String plural(String kind) {
            String k = kind.toLowerCase(Locale.ROOT);
            if (k.endsWith("s") || k.endsWith("x") || k.endsWith("ch")) {
                return k + "es";
            }
            if (k.endsWith("y") && !k.endsWith("ay") && !k.endsWith("ey")) {
                return k.substring(0, k.length() - 1) + "ies";
            }
            return k + "s";
        }

        private static String enc(String s) {
            return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
        }

        private static ReleaseResource with(ReleaseResource r, Boolean ready, String detail) {
            return new ReleaseResource(r.apiVersion(), r.kind(), r.name(), r.namespace(), ready, detail);
        }

        private static JsonNode named(JsonNode list, String name) {
            for (JsonNode item : list) {
                if (name.equals(item.path("name").asText())) {
                    return item;
                }
            }
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }

        private static SSLContext trusting(byte[] pem) throws Exception {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var cert :
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        }
    }
}
