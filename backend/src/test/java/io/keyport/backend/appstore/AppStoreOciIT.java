package io.keyport.backend.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.appstore.service.OciCharts;
import io.keyport.backend.registry.RegistryClient;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import land.oras.Config;
import land.oras.ContainerRef;
import land.oras.Layer;
import land.oras.Manifest;
import land.oras.Registry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Helm charts pushed as OCI artifacts into Keyport's image registry join the App Store's catalogue
 * (decision 0045). The ORAS Java SDK pushes what {@code helm push} pushes: a config blob of type
 * {@value OciCharts#CONFIG} holding Chart.yaml as JSON, one layer of type
 * {@value OciCharts#CHART_LAYER} holding the chart archive, and a manifest tagged with the chart's
 * version in {@code <team>/<chart name>}. The chart then appears in {@code /packages} (repository
 * {@code oci}), in {@code /charts/index.yaml} and as a download; what cannot join leaves the push
 * successful and the catalogue unchanged.
 */
@KeyportTest
class AppStoreOciIT {

    static TestServer server;
    static ApiClient api;
    static Cast cast;
    static String host;
    static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start(TestServer s, ApiClient client, Cast c) {
        server = s;
        api = client;
        cast = c;
        host = "127.0.0.1:" + s.port();
    }

    /** Pushes {@code tgz} as Helm does: config = Chart.yaml as JSON, one chart layer, tagged {@code version}. */
    private static Manifest helmPush(String user, String repository, String version, String chartJson, byte[] tgz) {
        Registry registry =
                Registry.builder().insecure(host, user, Cast.PASSWORD).build();
        ContainerRef ref = ContainerRef.parse(host + "/" + repository + ":" + version);
        Layer config = registry.pushBlob(ref, chartJson.getBytes(StandardCharsets.UTF_8));
        Layer chart = registry.pushBlob(ref, tgz).withMediaType(OciCharts.CHART_LAYER);
        Manifest manifest = Manifest.empty()
                .withConfig(Config.fromBlob(OciCharts.CONFIG, config))
                .withLayers(List.of(chart));
        return registry.pushManifest(ref, manifest);
    }

    private static String chartJson(String name, String version) {
        return "{\"apiVersion\":\"v2\",\"name\":\"" + name + "\",\"version\":\"" + version + "\",\"appVersion\":\""
                + version + "\",\"type\":\"application\"}";
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode pkg(String name) {
        for (JsonNode p : api.get("/packages", null).json()) {
            if (p.get("id").asText().equals(name)) {
                return p;
            }
        }
        return null;
    }

    private static List<String> versions(String name) {
        List<String> found = new ArrayList<>();
        JsonNode p = pkg(name);
        if (p != null) {
            p.get("versions").forEach(v -> found.add(v.get("version").asText()));
        }
        return found;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aChartPushedLikeHelmJoinsPackagesIndexAndDownloads() throws Exception {
        byte[] tgz = TestCharts.chart("oci-web", "1.2.0");
        Manifest pushed = helmPush("alice", "team-a/oci-web", "1.2.0", chartJson("oci-web", "1.2.0"), tgz);
        RegistryClient bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        assertThat(RegistryClient.expect(bob.get("/v2/team-a/oci-web/manifests/1.2.0"), 200)
                        .json()
                        .path("config")
                        .path("mediaType")
                        .asText())
                .isEqualTo(OciCharts.CONFIG);

        JsonNode p = pkg("oci-web");
        assertThat(p).as("oci-web in /packages").isNotNull();
        assertThat(p.get("repo").asText()).isEqualTo("oci");
        assertThat(p.get("chart").get("description").asText()).isEqualTo("A chart called oci-web");
        assertThat(p.get("versions").get(0).get("digest").asText()).isEqualTo(sha256(tgz));
        assertThat(api.get("/packages?repo=oci", null).json().findValuesAsText("id"))
                .contains("oci-web")
                .doesNotContain("web");
        assertThat(api.get("/packages?repo=keyport", null).json().findValuesAsText("id"))
                .doesNotContain("oci-web");
        assertThat(api.get("/packages?query=oci-web&repo=oci", null).json().findValuesAsText("id"))
                .containsExactly("oci-web");

        HttpResponse<byte[]> index = get("/charts/index.yaml");
        Map<String, Object> parsed = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(new String(index.body(), StandardCharsets.UTF_8));
        List<Map<String, Object>> entries =
                (List<Map<String, Object>>) ((Map<String, Object>) parsed.get("entries")).get("oci-web");
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst()).containsEntry("version", "1.2.0").containsEntry("digest", sha256(tgz));
        assertThat((List<String>) entries.getFirst().get("urls")).containsExactly("oci-web-1.2.0.tgz");
        HttpResponse<byte[]> download = get("/charts/oci-web-1.2.0.tgz");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(tgz);

        JsonNode audit = api.get(
                        "/api/audit?action=chart.oci-push&target=chart:oci-web/version:1.2.0", cast.token("admin"))
                .json();
        assertThat(audit.toString())
                .contains("alice")
                .contains(sha256(tgz))
                .contains("team-a/oci-web@" + pushed.getDescriptor().getDigest());
    }

    @Test
    void laterVersionsJoinTheChartOfTheSameTeamWhicheverWayTheyCame() throws Exception {
        assertThat(AppStoreTables.upload(
                                server.baseUrl(), cast.token("alice"), TestCharts.chart("mixed", "1.0.0"), null)
                        .statusCode())
                .isEqualTo(201);
        helmPush("carol", "team-a/mixed", "1.1.0", chartJson("mixed", "1.1.0"), TestCharts.chart("mixed", "1.1.0"));
        // the same version again from the registry: the uploaded one stays
        helmPush(
                "alice",
                "team-a/mixed",
                "1.0.0",
                chartJson("mixed", "1.0.0"),
                TestCharts.chart("mixed", "1.0.0", "pushed later", List.of()));
        assertThat(versions("mixed")).containsExactly("1.1.0", "1.0.0");
        assertThat(pkg("mixed").get("repo").asText()).isEqualTo("keyport");
        assertThat(pkg("mixed").get("versions").get(1).get("digest").asText())
                .isEqualTo(sha256(TestCharts.chart("mixed", "1.0.0")));

        // an uploaded version after a pushed one: the chart's team decides, as for uploads
        helmPush(
                "alice",
                "team-a/oci-first",
                "0.1.0",
                chartJson("oci-first", "0.1.0"),
                TestCharts.chart("oci-first", "0.1.0"));
        assertThat(AppStoreTables.upload(
                                server.baseUrl(), cast.token("bob"), TestCharts.chart("oci-first", "0.2.0"), null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(AppStoreTables.upload(
                                server.baseUrl(), cast.token("carol"), TestCharts.chart("oci-first", "0.2.0"), null)
                        .statusCode())
                .isEqualTo(201);
        assertThat(versions("oci-first")).containsExactly("0.2.0", "0.1.0");
        assertThat(pkg("oci-first").get("repo").asText()).isEqualTo("oci");
    }

    @Test
    void whatCannotJoinLeavesThePushSuccessfulAndTheCatalogueUnchanged() throws Exception {
        RegistryClient admin = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);

        // another team's chart name
        assertThat(AppStoreTables.upload(
                                server.baseUrl(), cast.token("alice"), TestCharts.chart("owned", "1.0.0"), null)
                        .statusCode())
                .isEqualTo(201);
        helmPush("bob", "team-b/owned", "2.0.0", chartJson("owned", "2.0.0"), TestCharts.chart("owned", "2.0.0"));
        RegistryClient.expect(admin.get("/v2/team-b/owned/manifests/2.0.0"), 200);
        assertThat(versions("owned")).containsExactly("1.0.0");

        // a chart whose name is not the repository's last component
        helmPush(
                "bob",
                "team-b/renamed",
                "1.0.0",
                chartJson("other-name", "1.0.0"),
                TestCharts.chart("other-name", "1.0.0"));
        RegistryClient.expect(admin.get("/v2/team-b/renamed/manifests/1.0.0"), 200);
        assertThat(pkg("other-name")).isNull();
        assertThat(pkg("renamed")).isNull();

        // a chart layer with path traversal inside, and one that is not gzip at all
        byte[] traversal = TestCharts.standard("sneaky", "1.0.0", "x", List.of())
                .file("sneaky/../../etc/passwd", "root:x:0:0")
                .gzip();
        helmPush("bob", "team-b/sneaky", "1.0.0", chartJson("sneaky", "1.0.0"), traversal);
        RegistryClient.expect(admin.get("/v2/team-b/sneaky/manifests/1.0.0"), 200);
        helmPush(
                "bob",
                "team-b/garbage",
                "1.0.0",
                chartJson("garbage", "1.0.0"),
                "not a tarball".getBytes(StandardCharsets.UTF_8));
        RegistryClient.expect(admin.get("/v2/team-b/garbage/manifests/1.0.0"), 200);
        assertThat(pkg("sneaky")).isNull();
        assertThat(pkg("garbage")).isNull();
        assertThat(get("/charts/sneaky-1.0.0.tgz").statusCode()).isEqualTo(404);

        assertThat(api.get("/api/audit?action=chart.oci-push&target=chart:sneaky/version:1.0.0", cast.token("admin"))
                        .json()
                        .toString())
                .doesNotContain("sneaky");
    }
}
