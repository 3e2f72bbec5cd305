package io.keyport.backend.appstore;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A Kubernetes API server for the release tests: fabric8's mock server in CRUD mode (objects are
 * stored, listed by label, patched and deleted), plus the discovery documents Helm's client asks for
 * first, which the mock does not answer in the form client-go reads (fabric8 issue 6062), and
 * Helm's release Secrets, which client-go writes as protobuf, turned into JSON. Only
 * the resource kinds the test charts use are announced. {@link #kubeconfig} writes a kubeconfig
 * that points at it, for a deployment target's {@code file:} reference.
 */
public final class MockCluster implements AutoCloseable {

    private static final String VERSION =
            "{\"major\":\"1\",\"minor\":\"33\",\"gitVersion\":\"v1.33.0\"," + "\"platform\":\"linux/amd64\"}";
    private static final String CORE_VERSIONS =
            "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[]}";
    private static final String GROUPS = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
            + "{\"name\":\"apps\",\"versions\":[{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}],"
            + "\"preferredVersion\":{\"groupVersion\":\"apps/v1\",\"version\":\"v1\"}}]}";
    private static final String CORE_RESOURCES = resources(
            "v1",
            resource("configmaps", "ConfigMap", true),
            resource("secrets", "Secret", true),
            resource("services", "Service", true),
            resource("serviceaccounts", "ServiceAccount", true),
            resource("pods", "Pod", true),
            resource("namespaces", "Namespace", false));
    private static final String APPS_RESOURCES = resources(
            "apps/v1", resource("deployments", "Deployment", true), resource("statefulsets", "StatefulSet", true));

    /** {@code -Dkeyport.mockcluster.trace=true} prints every request and answer of the mock. */
    private static final boolean TRACE = Boolean.getBoolean("keyport.mockcluster.trace");

    private final KubernetesMockServer server;
    private volatile java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(0);

    public MockCluster() {
        Map<io.fabric8.mockwebserver.ServerRequest, java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
                responses = new HashMap<>();
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        Dispatcher dispatcher = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                try {
                    held.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                String path = request.getPath();
                if (TRACE) {
                    System.err.println("MOCK " + request.getMethod() + " " + path + " " + request.getHeader("Accept"));
                }
                int q = path.indexOf('?');
                String bare = q < 0 ? path : path.substring(0, q);
                String body = switch (bare) {
                    case "/version" -> VERSION;
                    case "/api" -> CORE_VERSIONS;
                    case "/apis" -> GROUPS;
                    case "/api/v1" -> CORE_RESOURCES;
                    case "/apis/apps/v1" -> APPS_RESOURCES;
                    default -> null;
                };
                if (body != null && "GET".equals(request.getMethod())) {
                    return new MockResponse()
                            .setResponseCode(200)
                            .setHeader("Content-Type", "application/json")
                            .setBody(body);
                }
                byte[] bytes = request.getBody() == null
                        ? new byte[0]
                        : java.util.Arrays.copyOf(request.getBody().getBytes(), (int)
                                request.getBody().size());
                String contentType = request.getHeader("Content-Type");
                if ("PATCH".equals(request.getMethod())
                        && contentType != null
                        && contentType.startsWith("application/strategic-merge-patch+json")) {
                    // the mock knows JSON and merge patches only; Helm's three-way patches of built-in
                    // kinds are strategic: as a merge patch without their "$" directives they do the same
                    // for the test charts (no keyed lists are merged)
                    Headers headers = request.getHeaders()
                            .newBuilder()
                            .set("Content-Type", "application/merge-patch+json")
                            .build();
                    request = new RecordedRequest(
                            request.getHttpVersion(),
                            request.method(),
                            request.getPath(),
                            headers,
                            new Buffer(withoutDirectives(bytes)));
                }
                if (ProtobufSecrets.isProtobuf(bytes)) {
                    String json;
                    try {
                        json = ProtobufSecrets.toJson(bytes);
                    } catch (RuntimeException e) {
                        if (TRACE) {
                            e.printStackTrace();
                        }
                        return new MockResponse().setResponseCode(400).setBody(String.valueOf(e));
                    }
                    if (TRACE) {
                        System.err.println("JSON " + json.substring(0, Math.min(400, json.length())));
                    }
                    Headers headers = request.getHeaders()
                            .newBuilder()
                            .set("Content-Type", "application/json")
                            .build();
                    request = new RecordedRequest(
                            request.getHttpVersion(),
                            request.method(),
                            request.getPath(),
                            headers,
                            new Buffer(json.getBytes(StandardCharsets.UTF_8)));
                }
                try {
                    MockResponse response = crud.dispatch(request);
                    listKind(bare, response);
                    if (response.header("Content-Type") == null) {
                        // without it client-go assumes the protobuf it asked for first
                        response.setHeader("Content-Type", "application/json");
                    }
                    if (TRACE) {
                        System.err.println("-> " + response.code() + " "
                                + (response.getBody() == null
                                        ? 0
                                        : response.getBody().size()));
                    }
                    return response;
                } catch (RuntimeException e) {
                    return new MockResponse().setResponseCode(500).setBody(String.valueOf(e));
                }
            }
        };
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
        server.init();
    }

    /** The API server's URL, e.g. {@code http://localhost:34567}. */
    public String url() {
        return server.url("/").replaceAll("/$", "");
    }

    /**
     * Makes the API server hold every request until the returned handle is closed (at most a minute),
     * so that an operation stays pending for as long as a test needs.
     */
    public AutoCloseable hold() {
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        held = latch;
        return latch::countDown;
    }

    /** A client of the mock, to look at and change what the releases created. */
    public NamespacedKubernetesClient client() {
        return server.createClient();
    }

    /** Writes a kubeconfig for this cluster into {@code dir}; returns its path. */
    public Path kubeconfig(Path dir) {
        String yaml = "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n    server: " + url()
                + "\ncontexts:\n- name: mock\n  context:\n    cluster: mock\n    user: tester\n"
                + "current-context: mock\nusers:\n- name: tester\n  user:\n    token: test-token\n";
        try {
            Path file = dir.resolve("kubeconfig-" + server.getPort() + ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.destroy();
    }

    private static byte[] withoutDirectives(byte[] patch) {
        try {
            com.fasterxml.jackson.databind.JsonNode node =
                    io.keyport.model.common.Json.mapper().readTree(patch);
            strip(node);
            return node.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return patch;
        }
    }

    private static void strip(com.fasterxml.jackson.databind.JsonNode node) {
        if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
            java.util.List<String> directives = new java.util.ArrayList<>();
            object.fieldNames().forEachRemaining(name -> {
                if (name.startsWith("$")) {
                    directives.add(name);
                }
            });
            object.remove(directives);
            object.forEach(MockCluster::strip);
        } else if (node != null && node.isArray()) {
            node.forEach(MockCluster::strip);
        }
    }

    /** The kinds of the collections Helm lists, by their path's last segment. */
    private static final Map<String, String> LIST_KINDS =
            Map.of("secrets", "SecretList", "configmaps", "ConfigMapList", "deployments", "DeploymentList");

    /**
     * The mock answers a list as {@code "kind":"List"}; client-go then decodes it into another type
     * than the typed list it asked for and sees no items at all. Names the list's real kind.
     */
    private static void listKind(String path, MockResponse response) {
        String kind = LIST_KINDS.get(path.substring(path.lastIndexOf('/') + 1));
        if (kind == null || response.getBody() == null || response.code() != 200) {
            return;
        }
        byte[] body = java.util.Arrays.copyOf(
                response.getBody().getBytes(), (int) response.getBody().size());
        try {
            com.fasterxml.jackson.databind.node.ObjectNode list = (com.fasterxml.jackson.databind.node.ObjectNode)
                    io.keyport.model.common.Json.mapper().readTree(body);
            if ("List".equals(list.path("kind").asText())) {
                list.put("kind", kind);
                response.setBody(list.toString());
            }
        } catch (IOException | ClassCastException e) {
            // not a JSON object: leave it
        }
    }

    private static String resource(String plural, String kind, boolean namespaced) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"\",\"namespaced\":" + namespaced + ",\"kind\":\"" + kind
                + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]}";
    }

    private static String resources(String groupVersion, String... resources) {
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + groupVersion
                + "\",\"resources\":[" + String.join(",", resources) + "]}";
    }
}
