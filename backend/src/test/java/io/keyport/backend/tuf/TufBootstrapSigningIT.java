package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static io.keyport.backend.tuf.TufTesting.artifact;
import static io.keyport.backend.tuf.TufTesting.awaitTask;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.signer.Signer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * RSTUF's bootstrap {@code signing} state over HTTP: a ceremony payload whose root v1 carries fewer
 * signatures than its threshold is accepted and waits in {@code signing}, nothing published; the
 * missing signatures arrive one at a time through {@code POST /api/v1/metadata/sign}, each checked
 * against root v1's own keys when it arrives, and the threshold finishes the bootstrap, after which a
 * client verifies the repository. {@code POST /api/v1/metadata/sign/delete} aborts a waiting bootstrap.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufBootstrapSigningIT {

    static TestServer server;
    static ApiClient api;
    static String admin;
    static List<Signer> offline;
    static Key online;
    /** Root v1 with both offline keys as root keys, threshold 2. */
    static Root root;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("KEYPORT_TUF_RENEW_INTERVAL", "PT0.1S"));
        api = server.client();
        admin = api.adminToken();
        offline = TufTesting.offlineKeys();
        online = TufTesting.onlineKey(api, admin);
        root = TufTesting.root(offline, 2, online, Instant.now());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode bootstrapState() {
        return ApiClient.expect(api.get("/api/v1/bootstrap", admin), 200).json().get("data");
    }

    static JsonNode pending() {
        return ApiClient.expect(api.get("/api/v1/metadata/sign", admin), 200)
                .json()
                .get("data");
    }

    static ObjectNode signature(String role, Signature s) {
        ObjectNode body = Json.mapper().createObjectNode().put("role", role);
        body.set("signature", Json.mapper().valueToTree(s.toJson()));
        return body;
    }

    /** Posts a bootstrap whose root is signed by the first offline key only, and waits for its task. */
    static JsonNode bootstrapWithOneSignature() throws Exception {
        Metadata<Root> one = TufTesting.signed(root, offline.subList(0, 1));
        String task = accepted(api.postJson(
                "/api/v1/bootstrap", admin, TufTesting.payload(one, 8).toString()));
        return awaitTask(api, admin, task, "SUCCESS");
    }

    static long auditEntries(String action) {
        return ApiClient.expect(api.get("/api/audit?action=" + action, admin), 200)
                .json()
                .get("entries")
                .size();
    }

    @Test
    @Order(1)
    void aRootBelowItsThresholdWaitsInSigningAndPublishesNothing() throws Exception {
        JsonNode done = bootstrapWithOneSignature();
        JsonNode result = done.get("result");
        assertThat(result.get("task").asText()).isEqualTo("bootstrap");
        assertThat(result.get("details").get("pending_signatures").asBoolean()).isTrue();
        assertThat(result.get("details").get("bootstrap").asBoolean()).isFalse();

        JsonNode state = bootstrapState();
        assertThat(state.get("state").asText()).isEqualTo("signing");
        assertThat(state.get("bootstrap").asBoolean()).isTrue();
        TufTesting.assertNoMetadata(api);

        JsonNode waiting = pending();
        assertThat(waiting.get("metadata").has("root")).isTrue();
        assertThat(waiting.get("metadata").has("trusted_root")).isFalse();
        JsonNode progress = waiting.get("signing").get("root");
        assertThat(progress.get("version").asLong()).isEqualTo(1);
        assertThat(progress.get("trusted").isNull()).isTrue();
        assertThat(progress.get("new").get("threshold").asInt()).isEqualTo(2);
        assertThat(progress.get("new").get("missing").asInt()).isEqualTo(1);
        assertThat(progress.get("new").get("unsigned"))
                .extracting(JsonNode::asText)
                .containsExactly(offline.get(1).keyId());
        assertThat(progress.get("verified").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void whileSigningArtifactsAndASecondBootstrapAreRefused() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("a.txt", new byte[] {1}));
        ApiClient.Response add = api.postJson("/api/v1/artifacts", admin, body.toString());
        assertThat(add.status()).isEqualTo(404);
        ErrorBodies.RSTUF.check(add);

        Metadata<Root> full = TufTesting.signed(root, offline);
        ApiClient.Response second = api.postJson(
                "/api/v1/bootstrap", admin, TufTesting.payload(full, 8).toString());
        assertThat(second.status()).isEqualTo(404);
        ErrorBodies.RSTUF.check(second);
        assertThat(bootstrapState().get("state").asText()).isEqualTo("signing");
    }

    @Test
    @Order(3)
    void wrongSignaturesAreRefusedInTheRequestAndChangeNothing() {
        Signer stranger = TufTesting.offlineKeys().get(0);
        Map<String, ObjectNode> bad = new java.util.LinkedHashMap<>();
        bad.put("a key not in root", signature("root", Metadata.of(root).signatureBy(stranger)));
        bad.put(
                "over other content",
                signature(
                        "root",
                        Metadata.of(root.withExpires(root.expires().minusSeconds(60)))
                                .signatureBy(offline.get(1))));
        for (Map.Entry<String, ObjectNode> e : bad.entrySet()) {
            ApiClient.Response r =
                    api.postJson("/api/v1/metadata/sign", admin, e.getValue().toString());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(422);
            ErrorBodies.RSTUF.check(r);
        }
        ApiClient.Response otherRole = api.postJson(
                "/api/v1/metadata/sign",
                admin,
                signature("targets", Metadata.of(root).signatureBy(offline.get(1)))
                        .toString());
        assertThat(otherRole.status()).isEqualTo(404);
        assertThat(pending()
                        .get("signing")
                        .get("root")
                        .get("new")
                        .get("missing")
                        .asInt())
                .isEqualTo(1);
        TufTesting.assertNoMetadata(api);
    }

    @Test
    @Order(4)
    void deletingTheSigningEventAbortsTheBootstrap() throws Exception {
        awaitTask(
                api,
                admin,
                accepted(api.postJson("/api/v1/metadata/sign/delete", admin, "{\"role\":\"root\"}")),
                "SUCCESS");
        JsonNode state = bootstrapState();
        assertThat(state.get("state").isNull()).as(state.toString()).isTrue();
        assertThat(pending().get("metadata").isEmpty()).isTrue();
        TufTesting.assertNoMetadata(api);
        assertThat(auditEntries("tuf.metadata.sign.delete")).isEqualTo(1);
    }

    @Test
    @Order(5)
    void theMissingSignatureFinishesTheBootstrapAndAClientAcceptsTheRepository() throws Exception {
        bootstrapWithOneSignature();
        assertThat(bootstrapState().get("state").asText()).isEqualTo("signing");

        Signature second = Metadata.of(root).signatureBy(offline.get(1));
        JsonNode done = awaitTask(
                api,
                admin,
                accepted(api.postJson(
                        "/api/v1/metadata/sign",
                        admin,
                        signature("root", second).toString())),
                "SUCCESS");
        assertThat(done.get("result").get("task").asText()).isEqualTo("sign_metadata");
        assertThat(done.get("result").get("details").get("bootstrap").asBoolean())
                .isTrue();
        assertThat(bootstrapState().get("state").asText()).isEqualTo("finished");
        assertThat(pending().get("metadata").isEmpty()).isTrue();

        Metadata<Root> published =
                Metadata.fromBytes(TufTesting.file(api, "1.root.json").orElseThrow(), Root.class);
        assertThat(published.signedBytes()).isEqualTo(Metadata.of(root).signedBytes());
        assertThat(published.signatures())
                .extracting(Signature::keyId)
                .containsExactlyInAnyOrder(
                        offline.get(0).keyId(), offline.get(1).keyId());
        TrustedMetadataSet trusted = TufTesting.refresh(api, Instant.now());
        assertThat(TufTesting.version(trusted, "timestamp")).isEqualTo(1);
        assertThat(trusted.snapshot().orElseThrow().signed().meta()).hasSize(9); // targets + 8 bins

        // the repository works: an artifact is published into its bin
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("apps/a/1.0/a.bin", new byte[] {7}));
        JsonNode added =
                awaitTask(api, admin, accepted(api.postJson("/api/v1/artifacts", admin, body.toString())), "SUCCESS");
        TrustedMetadataSet after = TufTesting.refresh(api, Instant.now());
        assertThat(TufTesting.find(api, after, "apps/a/1.0/a.bin"))
                .as("task " + added + ", snapshot "
                        + after.snapshot().orElseThrow().signed().meta())
                .isPresent();
        assertThat(auditEntries("tuf.bootstrap")).isEqualTo(2);
        assertThat(auditEntries("tuf.metadata.sign")).isEqualTo(1);
    }
}
