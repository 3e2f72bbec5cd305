package io.keyport.backend.tuf;

import static io.keyport.backend.tuf.TufTesting.accepted;
import static io.keyport.backend.tuf.TufTesting.artifact;
import static io.keyport.backend.tuf.TufTesting.awaitTask;
import static io.keyport.backend.tuf.TufTesting.find;
import static io.keyport.backend.tuf.TufTesting.refresh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.DelegatedRole;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.Targets;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.Signer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custom delegated roles signed by offline keys (decision 0058), over HTTP with the keys in
 * encrypted key files as a ceremony holds them: a bootstrap names role {@code dev} with two offline
 * keys (threshold 2) beside the online role {@code prod}; each version of {@code dev} (its first,
 * then one per artifact change) waits in {@code GET /api/v1/metadata/sign} with who still has to sign
 * and is published by the signature that reaches the threshold; wrong signatures are refused with
 * nothing changed; a change while a version waits replaces it; forced online versions and the
 * renewal (the test moves the platform clock) leave it alone. Every published state is checked by
 * refreshing with the model's verifier, and tuf-js downloads a target of the offline role.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufOfflineDelegationsIT {

    private static final char[] PASSWORD = "ceremony-key-password".toCharArray();

    static SettableClock clock;
    static TestServer server;
    static ApiClient api;
    static String admin;
    /** The two key holders of role dev, each read back from its key file. */
    static List<Signer> dev;

    @TempDir
    static Path usb;

    @BeforeAll
    static void start() throws Exception {
        clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        server = TestServer.start(Map.of("KEYPORT_TUF_RENEW_INTERVAL", "PT0.1S"), clock);
        api = server.client();
        admin = api.adminToken();
        dev = List.of(
                keyFile("alice.pem", SignatureScheme.ED25519), keyFile("bob.pem", SignatureScheme.ECDSA_SHA2_NISTP256));
        List<Signer> rootKeys = TufTesting.offlineKeys();
        Metadata<Root> root = TufTesting.signed(
                TufTesting.root(rootKeys, 2, TufTesting.onlineKey(api, admin), clock.instant()), rootKeys);
        ObjectNode payload = TufTesting.payload(root, 2);
        ObjectNode roles = (ObjectNode) payload.get("settings").get("roles");
        roles.remove("bins");
        ObjectNode delegations = roles.putObject("delegations");
        ObjectNode keys = delegations.putObject("keys");
        for (Signer s : dev) {
            keys.set(s.keyId(), Json.mapper().valueToTree(s.publicKey().toJson()));
        }
        delegations.withArray("roles").add(role("prod", List.of(), null, "prod/*"));
        delegations.withArray("roles").add(role("dev", dev, 2, "dev/*"));
        JsonNode done = succeeded("POST", "/api/v1/bootstrap", payload);
        assertThat(done.get("result").get("details").get("bootstrap").asBoolean())
                .isTrue();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A key pair written to an encrypted key file (the USB stick), then read back as a signer. */
    static Signer keyFile(String name, SignatureScheme scheme) throws Exception {
        KeyPair pair = KeyFiles.generate(scheme);
        Path file = usb.resolve(name);
        Files.writeString(file, KeyFiles.writeEncryptedPkcs8(pair.getPrivate(), PASSWORD, 1_000));
        return KeyFiles.signer(Files.readString(file), PASSWORD);
    }

    static ObjectNode role(String name, List<Signer> keys, Integer threshold, String... paths) {
        ObjectNode role = Json.mapper().createObjectNode();
        role.put("name", name).put("terminating", true).put("x-rstuf-expire-policy", 30);
        keys.forEach(k -> role.withArray("keyids").add(k.keyId()));
        if (keys.isEmpty()) {
            role.putArray("keyids");
        }
        if (threshold != null) {
            role.put("threshold", threshold);
        }
        for (String p : paths) {
            role.withArray("paths").add(p);
        }
        return role;
    }

    static JsonNode succeeded(String method, String path, Object body) throws Exception {
        return TufTesting.succeeded(api, admin, method, path, body);
    }

    static ApiClient.Response send(String method, String path, Object body) {
        return api.send(
                method, path, body.toString(), "Content-Type", "application/json", "Authorization", "Bearer " + admin);
    }

    static JsonNode pending() {
        return ApiClient.expect(api.get("/api/v1/metadata/sign", admin), 200)
                .json()
                .get("data");
    }

    /** The waiting version of {@code role} as the ceremony reads it from {@code GET /api/v1/metadata/sign}. */
    static Metadata<Targets> waiting(String role) {
        JsonNode md = pending().get("metadata").get(role);
        assertThat(md).as(role + " waits for signatures").isNotNull();
        return Metadata.fromBytes(md.toString().getBytes(StandardCharsets.UTF_8), Targets.class);
    }

    static ObjectNode signature(String role, Signature s) {
        ObjectNode body = Json.mapper().createObjectNode().put("role", role);
        body.set("signature", Json.mapper().valueToTree(s.toJson()));
        return body;
    }

    static JsonNode sign(String role, Signer signer) throws Exception {
        return succeeded(
                "POST", "/api/v1/metadata/sign", signature(role, waiting(role).signatureBy(signer)));
    }

    static TrustedMetadataSet client() {
        return refresh(api, clock.instant());
    }

    @Test
    @Order(1)
    void anOfflineRoleWaitsForItsKeysAfterTheBootstrap() {
        TrustedMetadataSet trusted = client(); // everything published verifies
        assertThat(trusted.snapshot().orElseThrow().signed().metaFor("prod")).isPresent();
        assertThat(trusted.snapshot().orElseThrow().signed().metaFor("dev"))
                .as("not published before its keys signed it")
                .isEmpty();
        DelegatedRole delegated = trusted.targets("targets").orElseThrow().signed().delegations().roles().stream()
                .filter(r -> r.name().equals("dev"))
                .findFirst()
                .orElseThrow();
        assertThat(delegated.keyIds())
                .containsExactly(dev.get(0).keyId(), dev.get(1).keyId());
        assertThat(delegated.threshold()).isEqualTo(2);

        JsonNode data = pending();
        assertThat(data.get("metadata").get("dev").get("signatures")).isEmpty();
        assertThat(data.get("metadata").get("trusted_targets")).isNotNull();
        JsonNode progress = data.get("signing").get("dev");
        assertThat(progress.get("version").asLong()).isEqualTo(1);
        assertThat(progress.get("new").get("threshold").asInt()).isEqualTo(2);
        assertThat(progress.get("new").get("missing").asInt()).isEqualTo(2);
        assertThat(progress.get("new").get("unsigned").toString())
                .contains(dev.get(0).keyId(), dev.get(1).keyId());
        assertThat(progress.get("verified").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void wrongSignaturesAreRefusedWithNothingChanged() throws Exception {
        String before = pending().toString();
        byte[] timestamp = TufTesting.file(api, "timestamp.json").orElseThrow();
        Signer stranger = TufTesting.offlineKeys().get(0);
        Metadata<Targets> md = waiting("dev");
        List<ObjectNode> refused = List.of(
                signature("dev", md.signatureBy(stranger)),
                // a holder's signature over other bytes
                signature("dev", Metadata.of(md.signed().withVersion(7)).signatureBy(dev.get(0))),
                // the signature of dev's holder, for a role that waits for nothing
                signature("prod", md.signatureBy(dev.get(0))));
        for (ObjectNode body : refused) {
            ApiClient.Response r = send("POST", "/api/v1/metadata/sign", body);
            assertThat(r.status()).as(body.toString()).isIn(404, 422);
            ErrorBodies.RSTUF.check(r);
        }
        assertThat(pending().toString()).isEqualTo(before);
        assertThat(TufTesting.file(api, "timestamp.json").orElseThrow()).isEqualTo(timestamp);
    }

    @Test
    @Order(3)
    void theSignatureThatReachesTheThresholdPublishesTheRole() throws Exception {
        JsonNode first = sign("dev", dev.get(0));
        assertThat(first.get("result").get("details").get("pending_signatures").asBoolean())
                .isTrue();
        assertThat(pending().get("signing").get("dev").get("new").get("missing").asInt())
                .isEqualTo(1);
        assertThat(client().snapshot().orElseThrow().signed().metaFor("dev")).isEmpty();

        JsonNode second = sign("dev", dev.get(1));
        assertThat(second.get("result").get("details").get("pending_signatures").asBoolean())
                .isFalse();
        assertThat(pending().get("metadata").has("dev")).isFalse();
        TrustedMetadataSet trusted = client();
        assertThat(trusted.snapshot()
                        .orElseThrow()
                        .signed()
                        .metaFor("dev")
                        .orElseThrow()
                        .version())
                .isEqualTo(1);
        assertThat(find(api, trusted, "dev/none.bin")).isEmpty(); // dev v1 loads and verifies: empty
    }

    @Test
    @Order(4)
    void anArtifactAddedToTheRoleIsPublishedOnceItsKeysSignedTheNewVersion() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        byte[] content = "dev build".getBytes(StandardCharsets.UTF_8);
        body.putArray("artifacts").add(artifact("dev/a.bin", content));
        JsonNode added = succeeded("POST", "/api/v1/artifacts", body);
        assertThat(added.get("result").get("details").get("artifact_roles").toString())
                .isEqualTo("[\"dev\"]");
        assertThat(find(api, client(), "dev/a.bin"))
                .as("not before its keys signed")
                .isEmpty();

        Metadata<Targets> waiting = waiting("dev");
        assertThat(waiting.signed().version()).isEqualTo(2);
        assertThat(waiting.signed().targets()).containsOnlyKeys("dev/a.bin");
        sign("dev", dev.get(1));

        // a change while version 2 waits replaces it: same version, both targets, no signatures left
        ObjectNode more = Json.mapper().createObjectNode();
        more.putArray("artifacts").add(artifact("dev/b.bin", "b".getBytes(StandardCharsets.UTF_8)));
        succeeded("POST", "/api/v1/artifacts", more);
        waiting = waiting("dev");
        assertThat(waiting.signed().version()).isEqualTo(2);
        assertThat(waiting.signed().targets()).containsOnlyKeys("dev/a.bin", "dev/b.bin");
        assertThat(waiting.signatures()).isEmpty();
        assertThat(pending().get("signing").get("dev").get("new").get("missing").asInt())
                .isEqualTo(2);

        sign("dev", dev.get(1));
        sign("dev", dev.get(0));
        TrustedMetadataSet trusted = client();
        TrustedMetadataSet.TargetMatch match = find(api, trusted, "dev/a.bin").orElseThrow();
        assertThat(match.role()).isEqualTo("dev");
        assertThat(match.target().length()).isEqualTo(content.length);
    }

    @Test
    @Order(5)
    void tufJsDownloadsATargetOfTheOfflineRole(@TempDir Path dir) throws Exception {
        TufJs.install();
        byte[] content = "dev build".getBytes(StandardCharsets.UTF_8);
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        files.createContext("/dev/" + TufJson.sha256Hex(content) + ".a.bin", exchange -> {
            exchange.sendResponseHeaders(200, content.length);
            exchange.getResponseBody().write(content);
            exchange.close();
        });
        files.start();
        try {
            Path metadata = Files.createDirectories(dir.resolve("metadata"));
            Files.write(
                    metadata.resolve("root.json"),
                    TufTesting.file(api, "1.root.json").orElseThrow());
            TufJs.Run run = TufJs.download(
                    server.baseUrl() + "/tuf/metadata",
                    "http://127.0.0.1:" + files.getAddress().getPort(),
                    metadata,
                    Files.createDirectories(dir.resolve("targets")),
                    "dev/a.bin");
            assertThat(run.exit()).as(run.stderr()).isZero();
            String file = Json.mapper().readTree(run.stdout()).get("file").asText();
            assertThat(Files.readAllBytes(Path.of(file))).isEqualTo(content);
        } finally {
            files.stop(0);
        }
    }

    @Test
    @Order(6)
    void forcedOnlineVersionsLeaveTheOfflineRoleAlone() throws Exception {
        long before = TufTesting.version(client(), "dev");
        JsonNode done =
                succeeded("POST", "/api/v1/metadata/online", Json.mapper().readTree("{\"roles\":[]}"));
        assertThat(done.get("result").get("details").get("updated_roles").toString())
                .doesNotContain("dev");
        TrustedMetadataSet trusted = client();
        assertThat(TufTesting.version(trusted, "dev")).isEqualTo(before);
        find(api, trusted, "dev/a.bin").orElseThrow();
        awaitTask(
                api,
                admin,
                accepted(send("POST", "/api/v1/metadata/online", Json.mapper().readTree("{\"roles\":[\"dev\"]}"))),
                "ERRORED");
    }

    @Test
    @Order(7)
    void anOfflineRoleAddedLaterWaitsForItsKeysToo() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        ObjectNode delegations = body.putObject("delegations");
        delegations
                .putObject("keys")
                .set(
                        dev.get(0).keyId(),
                        Json.mapper().valueToTree(dev.get(0).publicKey().toJson()));
        delegations.withArray("roles").add(role("qa", List.of(dev.get(0)), 1, "qa/*"));
        succeeded("POST", "/api/v1/delegations", body);
        assertThat(client().snapshot().orElseThrow().signed().metaFor("qa")).isEmpty();
        assertThat(pending()
                        .get("signing")
                        .get("qa")
                        .get("new")
                        .get("threshold")
                        .asInt())
                .isEqualTo(1);
        sign("qa", dev.get(0));
        assertThat(TufTesting.version(client(), "qa")).isEqualTo(1);
    }

    @Test
    @Order(9)
    void renewalReSignsTheOnlineRolesButNeverTheOfflineOnes() throws Exception {
        TrustedMetadataSet start = client();
        long devVersion = TufTesting.version(start, "dev");
        long qa = TufTesting.version(start, "qa");
        long prod = TufTesting.version(start, "prod");
        // 30 minutes before the custom roles (30 days) expire: within the one-hour margin
        clock.advance(Duration.ofDays(30).minusMinutes(30));
        Eventually.until(Duration.ofSeconds(30), "prod renewed", () -> {
            try {
                return TufTesting.version(client(), "prod") > prod;
            } catch (io.keyport.model.tuf.TufException e) {
                return false; // the timestamp expired at the moved time: not renewed yet
            }
        });
        TrustedMetadataSet renewed = client();
        assertThat(TufTesting.version(renewed, "dev")).isEqualTo(devVersion);
        assertThat(TufTesting.version(renewed, "qa")).isEqualTo(qa);
        Metadata<Targets> published = Metadata.fromBytes(
                TufTesting.file(api, devVersion + ".dev.json").orElseThrow(), Targets.class);
        assertThat(published.signatures())
                .extracting(Signature::keyId)
                .containsExactlyInAnyOrder(dev.get(0).keyId(), dev.get(1).keyId());
        find(api, renewed, "dev/a.bin").orElseThrow(); // still valid for the last half hour
    }

    @Test
    @Order(8)
    void badOfflineKeysAreRefused() {
        String key = dev.get(0).keyId();
        JsonNode keyObject = Json.mapper().valueToTree(dev.get(0).publicKey().toJson());
        List<String> bad = List.of(
                // keyids names a key that keys does not hold
                "{\"delegations\":{\"keys\":{},\"roles\":[" + role("x1", List.of(dev.get(0)), 1, "x1/*") + "]}}",
                // a threshold above the number of keys
                "{\"delegations\":{\"keys\":{\"" + key + "\":" + keyObject + "},\"roles\":["
                        + role("x2", List.of(dev.get(0)), 2, "x2/*") + "]}}",
                // no threshold
                "{\"delegations\":{\"keys\":{\"" + key + "\":" + keyObject + "},\"roles\":["
                        + role("x3", List.of(dev.get(0)), null, "x3/*") + "]}}",
                // a key under another key's keyid
                "{\"delegations\":{\"keys\":{\"" + dev.get(1).keyId() + "\":" + keyObject + "},\"roles\":["
                        + role("x4", List.of(dev.get(1)), 1, "x4/*") + "]}}",
                // a key the platform cannot read
                "{\"delegations\":{\"keys\":{\"" + key
                        + "\":{\"keytype\":\"ed25519\",\"scheme\":\"ed25519\",\"keyval\":{\"public\":\"zz\"}}},"
                        + "\"roles\":[" + role("x5", List.of(dev.get(0)), 1, "x5/*") + "]}}",
                // the online key as an offline key
                "{\"delegations\":{\"keys\":{\""
                        + TufTesting.onlineKey(api, admin).keyId() + "\":"
                        + TufTesting.onlineKey(api, admin).toJson() + "},\"roles\":[]}}");
        for (String body : bad) {
            ApiClient.Response r = api.send(
                    "POST",
                    "/api/v1/delegations",
                    body,
                    "Content-Type",
                    "application/json",
                    "Authorization",
                    "Bearer " + admin);
            assertThat(r.status()).as(body).isEqualTo(422);
            ErrorBodies.RSTUF.check(r);
        }
    }
}
