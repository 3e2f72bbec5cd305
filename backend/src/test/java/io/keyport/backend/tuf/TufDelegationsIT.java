package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static io.keyport.backend.tuf.TufTesting.artifact;
import static io.keyport.backend.tuf.TufTesting.awaitTask;
import static io.keyport.backend.tuf.TufTesting.find;
import static io.keyport.backend.tuf.TufTesting.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.signer.Signer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * RSTUF's custom delegations API ({@code POST}/{@code PUT /api/v1/delegations},
 * {@code POST /api/v1/delegations/delete}) on a repository bootstrapped with custom roles: a role
 * added later takes the artifacts its paths match, an update changes its paths, a deleted role's
 * targets disappear and its name is never used again. Every state is checked by refreshing with the
 * model's verifier.
 */
@KeyportTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufDelegationsIT {

    static ApiClient api;
    static String admin;

    @BeforeAll
    static void start(ApiClient client) throws Exception {
        api = client;
        admin = api.adminToken();
        List<Signer> offline = TufTesting.offlineKeys();
        Metadata<Root> root = TufTesting.signed(
                TufTesting.root(offline, 2, TufTesting.onlineKey(api, admin), Instant.now()), offline);
        ObjectNode payload = TufTesting.payload(root, 2);
        ObjectNode roles = (ObjectNode) payload.get("settings").get("roles");
        roles.remove("bins");
        roles.putObject("delegations")
                .set("roles", role("prod", "prod/*").get("delegations").get("roles"));
        succeeded("POST", "/api/v1/bootstrap", payload);
    }

    static ObjectNode role(String name, String... paths) {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode delegations = body.putObject("delegations");
        delegations.putObject("keys");
        ObjectNode role = delegations.putArray("roles").addObject();
        role.put("name", name).put("terminating", true).put("x-rstuf-expire-policy", 7);
        role.putArray("keyids");
        for (String p : paths) {
            role.withArray("paths").add(p);
        }
        return body;
    }

    static JsonNode succeeded(String method, String path, Object body) throws Exception {
        return awaitTask(api, admin, accepted(send(method, path, body)), "SUCCESS");
    }

    static ApiClient.Response send(String method, String path, Object body) {
        return api.send(
                method, path, body.toString(), "Content-Type", "application/json", "Authorization", "Bearer " + admin);
    }

    static JsonNode add(String path) throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact(path, path.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return succeeded("POST", "/api/v1/artifacts", body);
    }

    static TrustedMetadataSet client() {
        return refresh(api, Instant.now());
    }

    @Test
    @Order(1)
    void anAddedRoleTakesTheArtifactsItsPathsMatch() throws Exception {
        assertThat(add("dev/a.bin")
                        .get("result")
                        .get("details")
                        .get("invalid_paths")
                        .get(0)
                        .asText())
                .isEqualTo("dev/a.bin");
        JsonNode done = succeeded("POST", "/api/v1/delegations", role("dev", "dev/*"));
        assertThat(done.get("result").get("task").asText()).isEqualTo("metadata_delegation");
        assertThat(done.get("result").get("details").get("added_roles").get(0).asText())
                .isEqualTo("dev");
        JsonNode added = add("dev/a.bin");
        assertThat(added.get("result")
                        .get("details")
                        .get("artifact_roles")
                        .get(0)
                        .asText())
                .isEqualTo("dev");
        TrustedMetadataSet trusted = client();
        assertThat(find(api, trusted, "dev/a.bin").orElseThrow().role()).isEqualTo("dev");
        assertThat(ApiClient.expect(api.get("/api/v1/config", admin), 200)
                        .json()
                        .get("data")
                        .get("delegated_roles_names")
                        .toString())
                .isEqualTo("[\"prod\",\"dev\"]");
    }

    @Test
    @Order(2)
    void anUpdateChangesTheRolesPaths() throws Exception {
        succeeded("PUT", "/api/v1/delegations", role("dev", "dev/*", "test/*"));
        assertThat(add("test/b.bin")
                        .get("result")
                        .get("details")
                        .get("artifact_roles")
                        .get(0)
                        .asText())
                .isEqualTo("dev");
        find(api, client(), "test/b.bin").orElseThrow();
        JsonNode unknown =
                awaitTask(api, admin, accepted(send("PUT", "/api/v1/delegations", role("qa", "qa/*"))), "ERRORED");
        assertThat(unknown.get("result").get("error").asText()).contains("qa");
    }

    @Test
    @Order(3)
    void aDeletedRolesTargetsGoAndItsNameIsNeverUsedAgain() throws Exception {
        byte[] before = TufTesting.file(api, "timestamp.json").orElseThrow();
        succeeded(
                "POST",
                "/api/v1/delegations/delete",
                Json.mapper().readTree("{\"delegations\":{\"roles\":[{\"name\":\"dev\"}]}}"));
        assertThat(TufTesting.file(api, "timestamp.json").orElseThrow()).isNotEqualTo(before);
        TrustedMetadataSet trusted = client();
        assertThat(find(api, trusted, "dev/a.bin")).isEmpty();
        assertThat(trusted.snapshot().orElseThrow().signed().metaFor("dev")).isEmpty();
        awaitTask(api, admin, accepted(send("POST", "/api/v1/delegations", role("dev", "dev/*"))), "ERRORED");
        awaitTask(
                api,
                admin,
                accepted(send(
                        "POST",
                        "/api/v1/delegations/delete",
                        Json.mapper().readTree("{\"delegations\":{\"roles\":[{\"name\":\"prod\"}]}}"))),
                "ERRORED");
        ApiClient.Response bad = send("POST", "/api/v1/delegations", role("../x", "x/*"));
        assertThat(bad.status()).isEqualTo(422);
        ErrorBodies.RSTUF.check(bad);
    }
}
