package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static io.keyport.backend.tuf.TufTesting.artifact;
import static io.keyport.backend.tuf.TufTesting.awaitTask;
import static io.keyport.backend.tuf.TufTesting.find;
import static io.keyport.backend.tuf.TufTesting.refresh;
import static io.keyport.backend.tuf.TufTesting.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Timestamp;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Root rotation and signing events over HTTP (RSTUF's {@code /api/v1/metadata}, {@code /metadata/sign},
 * {@code /metadata/sign/delete}, {@code /metadata/online}), on one bootstrapped server whose clock the
 * test moves: a new root waits for signatures until it reaches the thresholds of the trusted and the
 * new root, each signature is checked when it arrives, refusals leave the published repository as it
 * was, the online key rotates through a root update (every online role re-signed with the new key
 * before the root is published), and superseded versions of online roles are pruned after the
 * retention while every root stays. Every state is checked by refreshing with the model's verifier.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufRotationIT {

    static SettableClock clock;
    static TestServer server;
    static ApiClient api;
    static String admin;
    /** Root keys: A and B sign version 1 (threshold 2); C joins in version 2. */
    static List<Signer> keys;

    static Key online;

    @BeforeAll
    static void start() throws Exception {
        clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        server =
                TestServer.start(Map.of("KEYPORT_TUF_RENEW_INTERVAL", "PT0.1S", "KEYPORT_TUF_RETENTION", "P2D"), clock);
        api = server.client();
        admin = api.adminToken();
        keys = new ArrayList<>(TufTesting.offlineKeys());
        keys.add(TufTesting.offlineKeys().get(0));
        online = TufTesting.onlineKey(api, admin);
        Metadata<Root> root =
                TufTesting.signed(TufTesting.root(keys.subList(0, 2), 2, online, clock.instant()), keys.subList(0, 2));
        succeeded("/api/v1/bootstrap", TufTesting.payload(root, 4));
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("apps/a/1.0/a.bin", bytes("a")));
        succeeded("/api/v1/artifacts", body);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static TrustedMetadataSet client() {
        return refresh(api, clock.instant());
    }

    static Metadata<Root> trustedRoot() {
        TrustedMetadataSet trusted = client();
        return trusted.root();
    }

    static ObjectNode rootUpdate(Metadata<Root> root) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("metadata").set("root", Json.mapper().valueToTree(root.toJson()));
        return body;
    }

    static ObjectNode signature(String role, Signature s) {
        ObjectNode body = Json.mapper().createObjectNode().put("role", role);
        body.set("signature", Json.mapper().valueToTree(s.toJson()));
        return body;
    }

    /** Posts a change and waits until its task succeeded; returns the task's {@code data}. */
    static JsonNode succeeded(String path, Object body) throws Exception {
        return awaitTask(api, admin, accepted(api.postJson(path, admin, body.toString())), "SUCCESS");
    }

    static JsonNode pending() {
        return ApiClient.expect(api.get("/api/v1/metadata/sign", admin), 200).json();
    }

    static byte[] timestamp() {
        return TufTesting.file(api, "timestamp.json").orElseThrow();
    }

    @Test
    @Order(1)
    void nothingIsPendingAfterTheBootstrap() {
        JsonNode answer = pending();
        assertThat(answer.get("data").get("metadata").isEmpty())
                .as(answer.toString())
                .isTrue();
    }

    @Test
    @Order(2)
    void aNewRootSignedByOneKeyWaitsForSignaturesAndShowsWhoStillHasToSign() throws Exception {
        Root next = trustedRoot()
                .signed()
                .withVersion(2)
                .withKey(Root.TYPE, keys.get(2).publicKey())
                .withThreshold(Root.TYPE, 2);
        Metadata<Root> signedByA = TufTesting.signed(next, List.of(keys.get(0)));
        JsonNode done = succeeded("/api/v1/metadata", rootUpdate(signedByA));
        assertThat(done.get("result").get("task").asText()).isEqualTo("metadata_update");
        assertThat(done.get("result").get("details").get("pending_signatures").asBoolean())
                .isTrue();
        assertThat(TufTesting.file(api, "2.root.json")).isEmpty();

        JsonNode data = pending().get("data");
        Metadata<Root> parked =
                Metadata.fromJson(data.get("metadata").get("root")).as(Root.class);
        assertThat(parked.signedBytes()).isEqualTo(next.canonicalBytes());
        assertThat(data.get("metadata")
                        .get("trusted_root")
                        .get("signed")
                        .get("version")
                        .asInt())
                .isEqualTo(1);
        JsonNode root = data.get("signing").get("root");
        assertThat(root.get("version").asInt()).isEqualTo(2);
        assertThat(root.get("trusted").get("missing").asInt()).isEqualTo(1);
        assertThat(root.get("trusted").get("unsigned").toString())
                .contains(keys.get(1).keyId());
        assertThat(root.get("new").get("missing").asInt()).isEqualTo(1);
        assertThat(root.get("new").get("signed").toString())
                .contains(keys.get(0).keyId());
    }

    @Test
    @Order(3)
    void wrongSignaturesAreRefusedAtOnceAndChangeNothing() {
        byte[] before = timestamp();
        JsonNode pendingBefore = pending();
        Metadata<Root> parked = Metadata.fromJson(
                        pendingBefore.get("data").get("metadata").get("root"))
                .as(Root.class);
        Signer stranger = TufTesting.offlineKeys().get(0);
        Map<String, ObjectNode> bad = new java.util.LinkedHashMap<>();
        bad.put("a key in neither root", signature("root", parked.signatureBy(stranger)));
        Signature overOther = Metadata.of(parked.signed().withVersion(3)).signatureBy(keys.get(1));
        bad.put("a signature over other bytes", signature("root", overOther));
        bad.put("not hex", signature("root", new Signature(keys.get(1).keyId(), "zz", Map.of())));
        bad.put("an unknown role", signature("nope", parked.signatureBy(keys.get(1))));
        bad.put("no signature", Json.mapper().createObjectNode().put("role", "root"));
        for (Map.Entry<String, ObjectNode> e : bad.entrySet()) {
            ApiClient.Response r =
                    api.postJson("/api/v1/metadata/sign", admin, e.getValue().toString());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isIn(404, 422);
            ErrorBodies.RSTUF.check(r);
        }
        assertThat(timestamp()).isEqualTo(before);
        assertThat(pending()).isEqualTo(pendingBefore);
    }

    @Test
    @Order(4)
    void theMissingSignatureCompletesTheRotationAndClientsFollowIt() throws Exception {
        Metadata<Root> parked = Metadata.fromJson(
                        pending().get("data").get("metadata").get("root"))
                .as(Root.class);
        // C is only in the new root: it counts for the new threshold, not for the trusted one
        JsonNode byC = succeeded("/api/v1/metadata/sign", signature("root", parked.signatureBy(keys.get(2))));
        assertThat(byC.get("result").get("task").asText()).isEqualTo("sign_metadata");
        assertThat(TufTesting.file(api, "2.root.json")).isEmpty();
        assertThat(pending()
                        .get("data")
                        .get("signing")
                        .get("root")
                        .get("new")
                        .get("missing")
                        .asInt())
                .isZero();
        succeeded("/api/v1/metadata/sign", signature("root", parked.signatureBy(keys.get(1))));
        assertThat(TufTesting.file(api, "2.root.json")).isPresent();
        assertThat(pending().get("data").get("metadata").isEmpty()).isTrue();
        TrustedMetadataSet trusted = client();
        assertThat(trusted.root().signed().version()).isEqualTo(2);
        assertThat(trusted.root().signed().role(Root.TYPE).keyIds())
                .contains(keys.get(2).keyId());
        find(api, trusted, "apps/a/1.0/a.bin").orElseThrow().target().verifyLengthAndHashes(bytes("a"));
    }

    @Test
    @Order(5)
    void rootUpdatesOfTheWrongVersionOrBadlySignedAreRefused() {
        byte[] before = timestamp();
        Root current = trustedRoot().signed();
        Map<String, Metadata<Root>> bad = new java.util.LinkedHashMap<>();
        bad.put("the same version", TufTesting.signed(current, keys));
        bad.put("a version skipped", TufTesting.signed(current.withVersion(4), keys));
        bad.put(
                "expired",
                TufTesting.signed(
                        current.withVersion(3).withExpires(clock.instant().minusSeconds(1)), keys));
        bad.put("no signature", TufTesting.signed(current.withVersion(3), List.of()));
        bad.put(
                "a signature by a stranger",
                TufTesting.signed(
                        current.withVersion(3),
                        List.of(keys.get(0), TufTesting.offlineKeys().get(1))));
        Root strangeOnline = current.withVersion(3)
                .withoutKey(Timestamp.TYPE, online.keyId())
                .withKey(Timestamp.TYPE, TufTesting.offlineKeys().get(0).publicKey());
        bad.put("an online key the server does not hold", TufTesting.signed(strangeOnline, keys));
        for (Map.Entry<String, Metadata<Root>> e : bad.entrySet()) {
            ApiClient.Response r = api.postJson(
                    "/api/v1/metadata", admin, rootUpdate(e.getValue()).toString());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(422);
            ErrorBodies.RSTUF.check(r);
        }
        for (String body : List.of("{}", "{\"metadata\":{}}", "{\"metadata\":{\"root\":1}}", "[]")) {
            ApiClient.Response r = api.postJson("/api/v1/metadata", admin, body);
            assertThat(r.status()).as(body).isEqualTo(422);
        }
        assertThat(timestamp()).isEqualTo(before);
        assertThat(TufTesting.file(api, "3.root.json")).isEmpty();
        assertThat(pending().get("data").get("metadata").isEmpty()).isTrue();
    }

    @Test
    @Order(6)
    void aSigningEventCanBeAborted() throws Exception {
        Root next = trustedRoot().signed().withVersion(3);
        succeeded("/api/v1/metadata", rootUpdate(TufTesting.signed(next, List.of(keys.get(0)))));
        assertThat(pending().get("data").get("metadata").has("root")).isTrue();
        JsonNode done = succeeded("/api/v1/metadata/sign/delete", "{\"role\":\"root\"}");
        assertThat(done.get("result").get("task").asText()).isEqualTo("delete_sign_metadata");
        assertThat(pending().get("data").get("metadata").isEmpty()).isTrue();
        ApiClient.Response again = api.postJson("/api/v1/metadata/sign/delete", admin, "{\"role\":\"root\"}");
        assertThat(again.status()).isEqualTo(404);
        ErrorBodies.RSTUF.check(again);
        ApiClient.Response sign = api.postJson(
                "/api/v1/metadata/sign",
                admin,
                signature("root", Metadata.of(next).signatureBy(keys.get(1))).toString());
        assertThat(sign.status()).isEqualTo(404);
        assertThat(TufTesting.file(api, "3.root.json")).isEmpty();
    }

    @Test
    @Order(7)
    void forcingOnlineRolesGivesEachANewVersion() throws Exception {
        TrustedMetadataSet before = client();
        JsonNode done = succeeded("/api/v1/metadata/online", "{\"roles\":[]}");
        assertThat(done.get("result").get("task").asText()).isEqualTo("force_online_metadata_update");
        TrustedMetadataSet after = client();
        for (String role : List.of("targets", "bins-0", "bins-3", "snapshot", "timestamp")) {
            assertThat(version(after, role)).as(role).isGreaterThan(version(before, role));
        }
        succeeded("/api/v1/metadata/online", "{\"roles\":[\"timestamp\"]}");
        TrustedMetadataSet onlyTimestamp = client();
        assertThat(version(onlyTimestamp, "timestamp")).isEqualTo(version(after, "timestamp") + 1);
        assertThat(version(onlyTimestamp, "snapshot")).isEqualTo(version(after, "snapshot"));
        ApiClient.Response bad = api.postJson("/api/v1/metadata/online", admin, "{\"roles\":[\"root\"]}");
        assertThat(bad.status()).isEqualTo(422);
        ErrorBodies.RSTUF.check(bad);
    }

    @Test
    @Order(8)
    void theOnlineKeyRotatesThroughARootUpdate() throws Exception {
        JsonNode generated = ApiClient.expect(api.postJson("/api/v1/keys/online", admin, null), 201)
                .json()
                .get("data");
        JsonNode k = generated.get("key");
        Key next = Key.of(
                k.get("keytype").asText(),
                k.get("scheme").asText(),
                k.get("keyval").get("public").asText());
        assertThat(next.keyId()).isEqualTo(generated.get("keyid").asText()).isNotEqualTo(online.keyId());
        Root root = trustedRoot().signed().withVersion(3);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            root = root.withoutKey(role, online.keyId()).withKey(role, next);
        }
        Metadata<Root> signed = TufTesting.signed(root, keys);
        JsonNode done = succeeded("/api/v1/metadata", rootUpdate(signed));
        assertThat(done.get("result").get("details").get("online_key_rotated").asBoolean())
                .isTrue();
        TrustedMetadataSet trusted = client(); // verifies timestamp, snapshot, targets and bins against root 3
        assertThat(trusted.root().signed().version()).isEqualTo(3);
        var found = find(api, trusted, "apps/a/1.0/a.bin").orElseThrow();
        found.target().verifyLengthAndHashes(bytes("a"));
        assertThat(ApiClient.expect(api.get("/api/v1/keys/online", admin), 200)
                        .json()
                        .get("data")
                        .get("keyid")
                        .asText())
                .isEqualTo(next.keyId());
        // new artifacts are signed with the new key too
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("apps/b/1.0/b.bin", bytes("b")));
        succeeded("/api/v1/artifacts", body);
        find(api, client(), "apps/b/1.0/b.bin").orElseThrow();
    }

    @Test
    @Order(9)
    void supersededVersionsArePrunedAfterTheRetentionButEveryRootStays() throws Exception {
        long snapshot = version(client(), "snapshot");
        assertThat(TufTesting.file(api, "1.snapshot.json")).isPresent();
        clock.advance(Duration.ofDays(2).plusHours(1));
        io.keyport.backend.testing.Eventually.until(
                Duration.ofSeconds(30),
                "1.snapshot.json pruned",
                () -> TufTesting.file(api, "1.snapshot.json").isEmpty());
        for (int v = 1; v <= 3; v++) {
            assertThat(TufTesting.file(api, v + ".root.json")).as("root " + v).isPresent();
        }
        TrustedMetadataSet trusted = client(); // the current versions are all there
        assertThat(version(trusted, "snapshot")).isGreaterThanOrEqualTo(snapshot);
        find(api, trusted, "apps/b/1.0/b.bin").orElseThrow();
    }
}
