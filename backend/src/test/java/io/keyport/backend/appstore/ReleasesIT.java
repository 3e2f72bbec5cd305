package io.keyport.backend.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Releases end to end with real Helm (helm-java) against fabric8's Kubernetes mock server in CRUD
 * mode: install, status with resources and readiness, upgrade with the dry run first, history,
 * rollback, uninstall; owners, adminGroups, other teams and admins; schema errors; the approval gate;
 * a target without a cluster. What Helm created is checked in the mock cluster itself.
 */
@KeyportTest
class ReleasesIT {

    static final String NS = "apps";
    static TestServer server;
    static ApiClient api;
    static Cast cast;
    static MockCluster cluster;
    static NamespacedKubernetesClient kube;
    static Path dir;

    @BeforeAll
    static void start(TestServer s, ApiClient client, Cast c) throws Exception {
        server = s;
        api = client;
        cast = c;
        cluster = new MockCluster();
        kube = cluster.client();
        dir = Files.createTempDirectory("keyport-releases-it");
        String admin = cast.token("admin");
        Path kubeconfig = cluster.kubeconfig(dir);
        target(admin, "team-a-dev", "file:" + kubeconfig, "team-a");
        target(admin, "team-b-dev", "file:" + kubeconfig, "team-b");
        target(admin, "nowhere", "file:" + dir.resolve("missing.yaml"), "team-a");
        for (String version : List.of("1.0.0", "1.1.0", "2.0.0-rc.1")) {
            upload("web", version);
        }
        upload("gated", "1.0.0");
        upload("gated", "2.0.0");
    }

    @AfterAll
    static void stop() throws Exception {
        if (kube != null) {
            kube.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    private static void target(String admin, String id, String kubeconfig, String team) {
        ApiClient.expect(
                api.putJson(
                        "/namespaces/" + id,
                        admin,
                        "{\"cluster\":\"mock\",\"kubeconfig\":\"" + kubeconfig + "\",\"namespace\":\"" + NS
                                + "\",\"teams\":[\"" + team + "\"]}"),
                201);
    }

    private static void upload(String name, String version) {
        assertThat(AppStoreTables.upload(server.baseUrl(), cast.token("alice"), ReleaseCharts.web(name, version), null)
                        .statusCode())
                .isEqualTo(201);
    }

    private static JsonNode install(String as, String body) {
        return ApiClient.expect(api.postJson("/releases", cast.token(as), body), 201)
                .json();
    }

    /** The release once its pending operation finished. */
    private static JsonNode settled(String id) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Eventually.until(Duration.ofSeconds(60), id + " settled", () -> {
            ApiClient.Response r = api.get("/releases/" + id, cast.token("admin"));
            if (r.status() == 404) {
                last[0] = null;
                return true;
            }
            last[0] = r.json();
            return last[0].get("task").isNull();
        });
        return last[0];
    }

    private static Deployment deployment(String name) {
        return kube.apps().deployments().inNamespace(NS).withName(name).get();
    }

    @Test
    void aReleaseGoesThroughInstallStatusUpgradeHistoryRollbackAndUninstall() throws Exception {
        JsonNode created =
                install("alice", "{\"package\":\"web\",\"namespace\":\"team-a-dev\",\"values\":{\"replicaCount\":2}}");
        String id = created.get("id").asText();
        assertThat(id).matches("[a-z]+-[a-z]+-[a-z]+");
        assertThat(created.get("owner").asText()).isEqualTo("alice");
        assertThat(created.get("version").asText())
                .as("newest stable, not 2.0.0-rc.1")
                .isEqualTo("1.1.0");
        assertThat(created.get("package").asText()).isEqualTo("web");
        assertThat(created.get("repo").asText()).isEqualTo("keyport");
        assertThat(created.get("status").asText()).isEqualTo("pending-install");

        JsonNode installed = settled(id);
        assertThat(installed.get("status").asText()).as(installed.toString()).isEqualTo("deployed");
        assertThat(installed.get("revision").asInt()).isEqualTo(1);
        assertThat(deployment(id).getSpec().getReplicas()).isEqualTo(2);
        assertThat(kube.configMaps()
                        .inNamespace(NS)
                        .withName(id + "-settings")
                        .get()
                        .getData())
                .containsEntry("chart", "1.1.0");
        assertThat(kube.secrets()
                        .inNamespace(NS)
                        .withLabel("owner", "helm")
                        .withLabel("name", id)
                        .list()
                        .getItems())
                .as("Helm's own release record")
                .hasSize(1);

        JsonNode status = ApiClient.expect(api.get("/releases/" + id + "/status", cast.token("alice")), 200)
                .json();
        assertThat(status.get("status").asText()).isEqualTo("deployed");
        assertThat(status.get("namespace").asText()).isEqualTo(NS);
        assertThat(status.get("revision").asInt()).isEqualTo(1);
        assertThat(status.get("lastDeployed").asText()).isNotBlank();
        assertThat(kinds(status)).containsExactlyInAnyOrder("Deployment", "Service", "ConfigMap");
        assertThat(resource(status, "Deployment").get("ready").asBoolean()).isFalse();
        assertThat(resource(status, "Deployment").get("detail").asText()).isEqualTo("0/2 replicas ready");
        assertThat(resource(status, "Service").get("ready").asBoolean()).isTrue();

        kube.apps().deployments().inNamespace(NS).withName(id).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder()
                    .withReplicas(2)
                    .withReadyReplicas(2)
                    .build());
            return d;
        });
        status = ApiClient.expect(api.get("/releases/" + id + "/status", cast.token("alice")), 200)
                .json();
        assertThat(resource(status, "Deployment").get("ready").asBoolean()).isTrue();

        JsonNode dry = ApiClient.expect(
                        api.postJson(
                                "/releases/" + id + "/dry-run",
                                cast.token("alice"),
                                "{\"version\":\"1.0.0\",\"values\":{\"replicaCount\":3,\"image\":{\"tag\":\"1.28\"}}}"),
                        200)
                .json();
        assertThat(dry.get("version").asText()).isEqualTo("1.0.0");
        assertThat(dry.get("manifest").asText()).contains("replicas: 3").contains("nginx:1.28");
        assertThat(dry.get("changes").toString())
                .contains("{\"path\":\"/replicaCount\",\"op\":\"replace\",\"before\":2,\"after\":3}")
                .contains("{\"path\":\"/image\",\"op\":\"add\",\"before\":null,\"after\":{\"tag\":\"1.28\"}}");
        assertThat(deployment(id).getSpec().getReplicas())
                .as("a dry run changes nothing")
                .isEqualTo(2);

        JsonNode upgrading;
        try (AutoCloseable held = cluster.hold()) {
            upgrading = ApiClient.expect(
                            patch("/releases/" + id, "{\"version\":\"1.0.0\",\"values\":{\"replicaCount\":3}}"), 202)
                    .json();
            assertThat(upgrading.get("status").asText()).isEqualTo("pending-upgrade");
            ApiClient.Response second = patch("/releases/" + id, "{\"values\":{\"replicaCount\":4}}");
            assertThat(second.status()).as(second.body()).isEqualTo(409);
            assertThat(second.json().get("error").asText()).contains("pending-upgrade");
        }
        JsonNode upgraded = settled(id);
        assertThat(upgraded.get("status").asText()).as(upgraded.toString()).isEqualTo("deployed");
        assertThat(upgraded.get("revision").asInt()).isEqualTo(2);
        assertThat(upgraded.get("version").asText()).isEqualTo("1.0.0");
        assertThat(deployment(id).getSpec().getReplicas()).isEqualTo(3);
        assertThat(kube.configMaps()
                        .inNamespace(NS)
                        .withName(id + "-settings")
                        .get()
                        .getData())
                .containsEntry("chart", "1.0.0");

        JsonNode history = ApiClient.expect(api.get("/releases/" + id + "/history", cast.token("alice")), 200)
                .json();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("revision").asInt()).isEqualTo(2);
        assertThat(history.get(0).get("status").asText()).isEqualTo("deployed");
        assertThat(history.get(0).get("description").asText()).isEqualTo("Upgrade complete");
        assertThat(history.get(1).get("status").asText()).isEqualTo("superseded");
        assertThat(history.get(1).get("values").get("replicaCount").asInt()).isEqualTo(2);

        ApiClient.expect(api.postJson("/releases/" + id + "/rollback", cast.token("alice"), "{\"revision\":1}"), 202);
        JsonNode rolledBack = settled(id);
        assertThat(rolledBack.get("revision").asInt()).isEqualTo(3);
        assertThat(rolledBack.get("version").asText()).isEqualTo("1.1.0");
        assertThat(rolledBack.get("values").get("replicaCount").asInt()).isEqualTo(2);
        assertThat(deployment(id).getSpec().getReplicas()).isEqualTo(2);
        history = ApiClient.expect(api.get("/releases/" + id + "/history", cast.token("alice")), 200)
                .json();
        assertThat(history.get(0).get("description").asText()).isEqualTo("Rollback to 1");

        ApiClient.expect(api.delete("/releases/" + id, cast.token("alice")), 202);
        assertThat(settled(id)).isNull();
        ApiClient.expect(api.get("/releases/" + id, cast.token("alice")), 404);
        assertThat(deployment(id)).isNull();
        assertThat(kube.secrets().inNamespace(NS).withLabel("name", id).list().getItems())
                .isEmpty();

        String audit = ApiClient.expect(api.get("/api/audit?target=release:" + id, cast.token("admin")), 200)
                .body();
        for (String action : List.of(
                "release.install",
                "release.upgrade",
                "release.rollback",
                "release.uninstall",
                "release.deployed",
                "release.removed")) {
            assertThat(audit).contains(action);
        }
    }

    @Test
    void ownersAndAdminGroupsManageReleasesOthersGet403() throws Exception {
        String id = install(
                        "alice",
                        "{\"package\":\"web\",\"version\":\"1.0.0\",\"namespace\":\"team-a-dev\",\"adminGroups\":[\"team-a\"]}")
                .get("id")
                .asText();
        String mine = install("alice", "{\"package\":\"web\",\"version\":\"1.0.0\",\"namespace\":\"team-a-dev\"}")
                .get("id")
                .asText();
        settled(id);
        settled(mine);
        ApiClient.expect(api.get("/releases/" + id, cast.token("carol")), 200);
        ApiClient.expect(api.get("/releases/" + id + "/status", cast.token("carol")), 200);
        ApiClient.expect(api.get("/releases/" + mine, cast.token("carol")), 403);
        ApiClient.expect(api.get("/releases/" + id, cast.token("bob")), 403);
        ApiClient.expect(api.delete("/releases/" + id, cast.token("bob")), 403);
        ApiClient.expect(api.postJson("/releases/" + mine + "/rollback", cast.token("carol"), "{\"revision\":1}"), 403);
        ApiClient.expect(api.get("/releases/" + mine, cast.token("admin")), 200);
        ApiClient.expect(api.get("/releases/no-such-release", cast.token("alice")), 404);

        assertThat(ids("carol")).contains(id).doesNotContain(mine);
        assertThat(ids("alice")).contains(id, mine);
        assertThat(ids("bob")).doesNotContain(id, mine);
        assertThat(ids("admin")).contains(id, mine);

        assertThat(api.postJson("/releases", cast.token("alice"), "{\"package\":\"web\",\"namespace\":\"team-b-dev\"}")
                        .status())
                .as("a namespace of another team")
                .isEqualTo(403);
        assertThat(api.postJson(
                                "/releases",
                                cast.token("alice"),
                                "{\"package\":\"web\",\"namespace\":\"team-a-dev\",\"adminGroups\":[\"team-b\"]}")
                        .status())
                .as("adminGroups the caller is not in")
                .isEqualTo(403);
        ApiClient.expect(api.postJson("/releases", null, "{\"package\":\"web\",\"namespace\":\"team-a-dev\"}"), 401);
        ApiClient.expect(api.delete("/releases/" + id, cast.token("carol")), 202);
        ApiClient.expect(api.delete("/releases/" + mine, cast.token("admin")), 202);
        assertThat(settled(id)).isNull();
        assertThat(settled(mine)).isNull();
    }

    @Test
    void valuesAgainstTheSchemaAreRefusedWithEachErrorAndNothingIsInstalled() {
        List<String> before = ids("admin");
        ApiClient.Response r = api.postJson(
                "/releases",
                cast.token("alice"),
                "{\"package\":\"web\",\"namespace\":\"team-a-dev\",\"values\":{\"replicaCount\":0,\"image\":{\"tag\":5}}}");
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode body = r.json();
        assertThat(body.get("error").asText()).contains("values schema").contains("2 errors");
        assertThat(body.get("details").toString()).contains("replicaCount").contains("tag");
        assertThat(ids("admin")).isEqualTo(before);

        ApiClient.Response notObject = api.postJson(
                "/releases", cast.token("alice"), "{\"package\":\"web\",\"namespace\":\"team-a-dev\",\"values\":[1]}");
        assertThat(notObject.status()).isEqualTo(400);
        ApiClient.Response noCluster =
                api.postJson("/releases", cast.token("alice"), "{\"package\":\"web\",\"namespace\":\"nowhere\"}");
        assertThat(noCluster.status()).as(noCluster.body()).isEqualTo(422);
        assertThat(noCluster.json().get("error").asText()).contains("no cluster configured");
        assertThat(ids("admin")).isEqualTo(before);
    }

    @Test
    void aGatedPackageInstallsOnlyApprovedAppVersions() throws Exception {
        String admin = cast.token("admin");
        api.app(admin, "gated-app", "team-a");
        ApiClient.expect(
                api.putJson("/packages/gated/gate", cast.token("bob"), "{\"application\":\"gated-app\"}"), 403);
        ApiClient.expect(
                api.putJson("/packages/gated/gate", cast.token("alice"), "{\"application\":\"gated-app\"}"), 201);

        ApiClient.Response refused = api.postJson(
                "/releases",
                cast.token("alice"),
                "{\"package\":\"gated\",\"version\":\"1.0.0\",\"namespace\":\"team-a-dev\"}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("error").asText()).contains("not an approved version of application gated-app");

        ApiClient.expect(
                api.putJson(
                        "/apps/gated-app/versions/1.0.0",
                        cast.token("alice"),
                        "{\"artifact\":\"docker://registry.example.org/team-a/gated:1.0.0\",\"notes\":\"\"}"),
                200,
                201);
        String tina = api.user(admin, "tina", Cast.PASSWORD, "team-a");
        approve("gated-app", "1.0.0", List.of(cast.token("carol"), tina));

        String id = install("alice", "{\"package\":\"gated\",\"version\":\"1.0.0\",\"namespace\":\"team-a-dev\"}")
                .get("id")
                .asText();
        assertThat(settled(id).get("status").asText()).isEqualTo("deployed");
        ApiClient.Response upgrade = patch("/releases/" + id, "{\"version\":\"2.0.0\"}");
        assertThat(upgrade.status())
                .as("2.0.0 is not approved: " + upgrade.body())
                .isEqualTo(422);

        ApiClient.expect(api.delete("/packages/gated/gate", cast.token("alice")), 204);
        ApiClient.expect(patch("/releases/" + id, "{\"version\":\"2.0.0\"}"), 202);
        assertThat(settled(id).get("version").asText()).isEqualTo("2.0.0");
        ApiClient.expect(api.delete("/releases/" + id, cast.token("alice")), 202);
        assertThat(settled(id)).isNull();
    }

    private static ApiClient.Response patch(String path, String json) {
        return api.send(
                "PATCH",
                path,
                json,
                "Authorization",
                "Bearer " + cast.token("alice"),
                "Content-Type",
                "application/json");
    }

    private static void approve(String app, String version, List<String> tokens) {
        for (String token : tokens) {
            for (String type : List.of("SPECIFICATION", "CODE_CHANGE", "TEST", "DEPLOY")) {
                JsonNode state = ApiClient.expect(
                                api.get("/apps/" + app + "/versions/" + version, cast.token("admin")), 200)
                        .json();
                if ("approved".equals(state.get("approval_status").asText())) {
                    return;
                }
                api.postJson(
                        "/apps/" + app + "/versions/" + version + "/approvals",
                        token,
                        "{\"approval_type\":\"" + type + "\"}");
            }
        }
        JsonNode state = ApiClient.expect(api.get("/apps/" + app + "/versions/" + version, cast.token("admin")), 200)
                .json();
        assertThat(state.get("approval_status").asText()).as(state.toString()).isEqualTo("approved");
    }

    private static List<String> ids(String as) {
        List<String> out = new ArrayList<>();
        for (JsonNode r :
                ApiClient.expect(api.get("/releases", cast.token(as)), 200).json()) {
            out.add(r.get("id").asText());
        }
        return out;
    }

    private static List<String> kinds(JsonNode status) {
        List<String> out = new ArrayList<>();
        status.get("resources").forEach(r -> out.add(r.get("kind").asText()));
        return out;
    }

    private static JsonNode resource(JsonNode status, String kind) {
        for (JsonNode r : status.get("resources")) {
            if (kind.equals(r.get("kind").asText())) {
                return r;
            }
        }
        throw new AssertionError("no " + kind + " in " + status);
    }
}
