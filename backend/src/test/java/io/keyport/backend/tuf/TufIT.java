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
import io.keyport.backend.testing.BadInputTable;
import io.keyport.backend.testing.BadInputs;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.SettableClock;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
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

/**
 * The TUF repository over HTTP, as a ceremony, a pipeline and a TUF client use it, on one server
 * whose clock the test moves: bootstrap with a root signed offline by two keys (threshold 2),
 * refusals that leave the repository unpublished, artifacts added in batches and deleted, every
 * state checked by refreshing through the published metadata with the model's verifier, and expiry
 * renewal of each role on its own clock, also by a restarted server.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TufIT {

    static SettableClock clock;
    static TestServer server;
    static ApiClient api;
    static String admin;
    static List<Signer> offline;
    static Key online;

    /** The admin's bootstrap task (the oldest of the admin's own tasks). */
    static String bootstrapTask;

    @BeforeAll
    static void start() {
        clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        server = TestServer.start(Map.of("KEYPORT_TUF_RENEW_INTERVAL", "PT0.1S"), clock);
        api = server.client();
        admin = api.adminToken();
        offline = TufTesting.offlineKeys();
        online = TufTesting.onlineKey(api, admin);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String post(String path, Object body) {
        return accepted(api.postJson(path, admin, body.toString()));
    }

    private static TrustedMetadataSet client() {
        return refresh(api, clock.instant());
    }

    @Test
    @Order(1)
    void beforeTheBootstrapNothingIsPublishedAndArtifactsAreRefused() {
        JsonNode state =
                ApiClient.expect(api.get("/api/v1/bootstrap", admin), 200).json();
        assertThat(state.get("data").get("bootstrap").asBoolean()).isFalse();
        assertThat(state.get("data").get("state").isNull()).isTrue();
        assertThat(state.get("message").asText()).isEqualTo("System available for bootstrap.");
        TufTesting.assertNoMetadata(api);

        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("a.txt", new byte[] {1}));
        ApiClient.Response r = api.postJson("/api/v1/artifacts", admin, body.toString());
        assertThat(r.status()).isEqualTo(404); // RSTUF's answer to "not bootstrapped"
        ErrorBodies.RSTUF.check(r);
    }

    @Test
    @Order(2)
    void badBootstrapsAreRefusedAndLeaveTheRepositoryUnpublished() {
        Instant now = clock.instant();
        Root root = TufTesting.root(offline, 2, online, now);
        Map<String, ObjectNode> bad = new java.util.LinkedHashMap<>();
        // a root below its threshold is not bad input: it waits in "signing" (TufBootstrapSigningIT)
        bad.put("no signature", TufTesting.payload(TufTesting.signed(root, List.of()), 16));
        List<Signer> strangers = TufTesting.offlineKeys();
        bad.put(
                "signature by a key not in root",
                TufTesting.payload(TufTesting.signed(root, List.of(offline.get(0), strangers.get(1))), 16));
        Metadata<Root> tampered = TufTesting.signed(root, offline);
        tampered = tampered.withSigned(root.withExpires(now.plus(Duration.ofDays(300))))
                .withSignature(tampered.signatures().get(0))
                .withSignature(tampered.signatures().get(1));
        bad.put("signatures over other content", TufTesting.payload(tampered, 16));
        bad.put("bins not a power of two", TufTesting.payload(TufTesting.signed(root, offline), 48));
        bad.put("one bin", TufTesting.payload(TufTesting.signed(root, offline), 1));
        Root withoutOnline = TufTesting.root(offline, 2, strangers.get(0).publicKey(), now);
        bad.put("root without the online key", TufTesting.payload(TufTesting.signed(withoutOnline, offline), 16));
        bad.put("root version 2", TufTesting.payload(TufTesting.signed(root.withVersion(2), offline), 16));
        ObjectNode both = TufTesting.payload(TufTesting.signed(root, offline), 16);
        ((ObjectNode) both.get("settings").get("roles"))
                .putObject("delegations")
                .putArray("roles");
        bad.put("bins and delegations", both);
        ObjectNode noExpiry = TufTesting.payload(TufTesting.signed(root, offline), 16);
        ((ObjectNode) noExpiry.get("settings").get("roles").get("timestamp")).remove("expiration");
        bad.put("timestamp without expiration", noExpiry);
        ObjectNode garbageRoot = TufTesting.payload(TufTesting.signed(root, offline), 16);
        ((ObjectNode) garbageRoot.get("metadata")).put("root", "not metadata");
        bad.put("root not metadata", garbageRoot);

        for (Map.Entry<String, ObjectNode> e : bad.entrySet()) {
            ApiClient.Response r =
                    api.postJson("/api/v1/bootstrap", admin, e.getValue().toString());
            assertThat(r.status()).as(e.getKey() + ": " + r.body()).isEqualTo(422);
            ErrorBodies.RSTUF.check(r);
        }
        ApiClient.Response malformed = api.postJson("/api/v1/bootstrap", admin, "{\"settings\":");
        assertThat(malformed.status()).isEqualTo(400);
        ErrorBodies.RSTUF.check(malformed);
        assertThat(api.get("/api/v1/bootstrap", admin)
                        .json()
                        .get("data")
                        .get("state")
                        .isNull())
                .isTrue();
        TufTesting.assertNoMetadata(api);
    }

    @Test
    @Order(3)
    void bootstrapWithTwoOfflineSignaturesPublishesVersionOneOfEveryRole() throws Exception {
        Metadata<Root> root = TufTesting.signed(TufTesting.root(offline, 2, online, clock.instant()), offline);
        String task = post("/api/v1/bootstrap", TufTesting.payload(root, 16));
        bootstrapTask = task;
        JsonNode done = awaitTask(api, admin, task, "SUCCESS");
        assertThat(done.get("result").get("task").asText()).isEqualTo("bootstrap");
        assertThat(done.get("result").get("status").asBoolean()).isTrue();

        JsonNode answer = api.get("/api/v1/bootstrap", admin).json();
        assertThat(answer.get("message").asText()).isEqualTo("System LOCKED for bootstrap.");
        JsonNode state = answer.get("data");
        assertThat(state.get("state").asText()).isEqualTo("finished");
        assertThat(state.get("id").asText()).isEqualTo(task);
        // the published root is the one the ceremony signed, byte for byte in its signed part
        Metadata<Root> published =
                Metadata.fromBytes(TufTesting.file(api, "1.root.json").orElseThrow(), Root.class);
        assertThat(published.signedBytes()).isEqualTo(root.signedBytes());
        assertThat(published.signatures()).isEqualTo(root.signatures());

        TrustedMetadataSet trusted = client();
        assertThat(version(trusted, "timestamp")).isEqualTo(1);
        assertThat(version(trusted, "snapshot")).isEqualTo(1);
        assertThat(trusted.snapshot().orElseThrow().signed().meta()).hasSize(17); // targets + 16 bins
        assertThat(trusted.targets("targets")
                        .orElseThrow()
                        .signed()
                        .delegations()
                        .succinctRoles()
                        .bitLength())
                .isEqualTo(4);

        JsonNode config = api.get("/api/v1/config", admin).json().get("data");
        assertThat(config.get("number_of_delegated_bins").asInt()).isEqualTo(16);
        assertThat(config.get("root_threshold").asInt()).isEqualTo(2);
        assertThat(config.get("timestamp_expiration").asInt()).isEqualTo(1);
        assertThat(config.get("online_key").asText()).isEqualTo(online.keyId());
    }

    @Test
    @Order(4)
    void aSecondBootstrapIsRefusedAndChangesNothing() {
        byte[] before = TufTesting.file(api, "timestamp.json").orElseThrow();
        Metadata<Root> root = TufTesting.signed(TufTesting.root(offline, 2, online, clock.instant()), offline);
        ApiClient.Response r = api.postJson(
                "/api/v1/bootstrap", admin, TufTesting.payload(root, 16).toString());
        assertThat(r.status()).isEqualTo(404);
        ErrorBodies.RSTUF.check(r);
        assertThat(TufTesting.file(api, "timestamp.json").orElseThrow()).isEqualTo(before);
        assertThat(TufTesting.file(api, "2.root.json")).isEmpty();
    }

    @Test
    @Order(5)
    void additionsWaitingForPublicationLandInOneSnapshotAndOnlyTheirBinsAreResigned() throws Exception {
        TrustedMetadataSet before = client();
        byte[] a = "artifact a".getBytes(StandardCharsets.UTF_8);
        byte[] b = "artifact b".getBytes(StandardCharsets.UTF_8);
        ObjectNode first = Json.mapper().createObjectNode().put("publish_artifacts", false);
        first.putArray("artifacts").add(artifact("apps/a/1.0/a.tar.gz", a));
        ObjectNode second = Json.mapper().createObjectNode().put("publish_artifacts", false);
        second.putArray("artifacts").add(artifact("apps/b/1.0/b.tar.gz", b));
        String t1 = post("/api/v1/artifacts", first);
        String t2 = post("/api/v1/artifacts", second);
        // accepted and recorded, but not published: the task waits for its publication
        JsonNode added = awaitTask(api, admin, t1, "RUNNING");
        assertThat(added.get("result")
                        .get("details")
                        .get("added_artifacts")
                        .get(0)
                        .asText())
                .isEqualTo("apps/a/1.0/a.tar.gz");
        awaitTask(api, admin, t2, "RUNNING");
        assertThat(version(client(), "snapshot")).isEqualTo(version(before, "snapshot"));

        String publish = accepted(api.postJson("/api/v1/artifacts/publish", admin, null));
        awaitTask(api, admin, publish, "SUCCESS");
        awaitTask(api, admin, t1, "SUCCESS");
        awaitTask(api, admin, t2, "SUCCESS");

        TrustedMetadataSet after = client();
        assertThat(version(after, "snapshot")).isEqualTo(version(before, "snapshot") + 1);
        assertThat(version(after, "timestamp")).isEqualTo(version(before, "timestamp") + 1);
        var foundA = find(api, after, "apps/a/1.0/a.tar.gz").orElseThrow();
        foundA.target().verifyLengthAndHashes(a);
        find(api, after, "apps/b/1.0/b.tar.gz").orElseThrow().target().verifyLengthAndHashes(b);
        // only the bins holding a or b changed version
        long changed = after.snapshot().orElseThrow().signed().meta().entrySet().stream()
                .filter(e -> e.getValue().version()
                        != before.snapshot()
                                .orElseThrow()
                                .signed()
                                .meta()
                                .get(e.getKey())
                                .version())
                .count();
        String binA = foundA.role();
        String binB = find(api, after, "apps/b/1.0/b.tar.gz").orElseThrow().role();
        assertThat(changed).isEqualTo(binA.equals(binB) ? 1 : 2);
    }

    @Test
    @Order(6)
    void anAdditionWithTheTaskIdInCustomIsPublishedAtOnce() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode().put("add_task_id_to_custom", true);
        ObjectNode c = artifact("tools/c.bin", new byte[] {3, 4});
        ((ObjectNode) c.get("info")).putObject("custom").put("team", "team-a").put("build", 42);
        body.putArray("artifacts").add(c);
        String task = post("/api/v1/artifacts", body);
        awaitTask(api, admin, task, "SUCCESS");
        JsonNode custom =
                find(api, client(), "tools/c.bin").orElseThrow().target().custom();
        assertThat(custom.get("added_by_task_id").asText()).isEqualTo(task);
        assertThat(custom.get("team").asText()).isEqualTo("team-a");
        assertThat(custom.get("build").asInt()).isEqualTo(42);
    }

    @Test
    @Order(7)
    void aDeletedArtifactIsNoLongerATarget() throws Exception {
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add("apps/b/1.0/b.tar.gz").add("never/added");
        String task = post("/api/v1/artifacts/delete", body);
        JsonNode done = awaitTask(api, admin, task, "SUCCESS");
        assertThat(done.get("result")
                        .get("details")
                        .get("deleted_artifacts")
                        .get(0)
                        .asText())
                .isEqualTo("apps/b/1.0/b.tar.gz");
        assertThat(done.get("result")
                        .get("details")
                        .get("not_found_artifacts")
                        .get(0)
                        .asText())
                .isEqualTo("never/added");
        TrustedMetadataSet trusted = client();
        assertThat(find(api, trusted, "apps/b/1.0/b.tar.gz")).isEmpty();
        assertThat(find(api, trusted, "apps/a/1.0/a.tar.gz")).isPresent();
    }

    @Test
    @Order(8)
    void badArtifactRequestsAreRefusedAndPublishNothing() {
        byte[] before = TufTesting.file(api, "timestamp.json").orElseThrow();
        for (String path : List.of("../etc/passwd", "a/../../b", "/abs", "a//b", "a/./b", "a\\b", "", "a/")) {
            ObjectNode body = Json.mapper().createObjectNode();
            body.putArray("artifacts").add(artifact(path, new byte[] {1}));
            ApiClient.Response r = api.postJson("/api/v1/artifacts", admin, body.toString());
            assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(422);
            ErrorBodies.RSTUF.check(r);
        }
        ObjectNode blake = Json.mapper().createObjectNode();
        ObjectNode art = blake.putArray("artifacts").addObject().put("path", "x");
        art.putObject("info").put("length", 1).putObject("hashes").put("blake2b-256", "00");
        assertThat(api.postJson("/api/v1/artifacts", admin, blake.toString()).status())
                .isEqualTo(422);
        assertThat(TufTesting.file(api, "timestamp.json").orElseThrow()).isEqualTo(before);
    }

    @Test
    @Order(8)
    void theBadInputTablesAreRefusedOnTheBootstrappedRepositoryAndChangeNothing() {
        Cast cast = Cast.create(api);
        Metadata<Root> root = TufTesting.signed(TufTesting.root(offline, 2, online, clock.instant()), offline);
        List<BadInputTable> tables = List.of(
                TufTables.badInput(),
                TufTables.metadataBadInput(),
                TufTables.bootstrappedBadInput(TufTesting.payload(root, 16).toString()));
        BadInputs runner = new BadInputs(server, cast, tables);
        tables.forEach(t -> t.rows().forEach(runner::assertRefused));
    }

    @Test
    @Order(8)
    void aServiceWithTufWriteAddsArtifactsButCannotBootstrapOrChangeSettings() throws Exception {
        String token = serviceToken("tuf-pipeline", "tuf.write");
        ObjectNode body = Json.mapper().createObjectNode();
        body.putArray("artifacts").add(artifact("pipeline/d.bin", new byte[] {9}));
        String task = accepted(api.postJson("/api/v1/artifacts", token, body.toString()));
        awaitTask(api, token, task, "SUCCESS");
        assertThat(find(api, client(), "pipeline/d.bin")).isPresent();
        ApiClient.Response config = api.send(
                "PUT",
                "/api/v1/config",
                "{\"settings\":{\"expiration\":{\"targets\":2}}}",
                "Content-Type",
                "application/json",
                "Authorization",
                "Bearer " + token);
        assertThat(config.status()).isEqualTo(403);
        ErrorBodies.RSTUF.check(config);
        String reader = serviceToken("tuf-reader", "tuf.read");
        assertThat(api.get("/api/v1/config", reader).status()).isEqualTo(200);
        assertThat(api.postJson("/api/v1/artifacts", reader, body.toString()).status())
                .isEqualTo(403);

        // each caller lists its own tasks, newest first: the pipeline its addition, the reader none
        JsonNode own = ApiClient.expect(api.get("/api/v1/task", token), 200)
                .json()
                .get("data")
                .get("tasks");
        assertThat(own).hasSize(1);
        assertThat(own.get(0).get("task_id").asText()).isEqualTo(task);
        assertThat(own.get(0).get("task").asText()).isEqualTo("add_artifacts");
        assertThat(own.get(0).get("state").asText()).isEqualTo("SUCCESS");
        assertThat(ApiClient.expect(api.get("/api/v1/task", reader), 200)
                        .json()
                        .get("data")
                        .get("tasks"))
                .isEmpty();
        JsonNode admins = ApiClient.expect(api.get("/api/v1/task", admin), 200)
                .json()
                .get("data")
                .get("tasks");
        assertThat(admins).isNotEmpty();
        assertThat(admins.findValuesAsText("task_id")).doesNotContain(task).contains(bootstrapTask);
        assertThat(admins.get(admins.size() - 1).get("task").asText()).isEqualTo("bootstrap"); // the oldest
    }

    /** A client-credentials token of a new service of team-tuf granted {@code scope}. */
    private static String serviceToken(String app, String scope) {
        if (api.get("/api/teams/team-tuf", admin).status() == 404) {
            api.team(admin, "team-tuf");
        }
        api.app(admin, app, "team-tuf");
        ApiClient.expect(api.putJson("/apps/" + app + "/scopes", admin, "{\"scopes\":[\"" + scope + "\"]}"), 200);
        JsonNode credential = ApiClient.expect(api.postJson("/apps/" + app + "/credentials", admin, null), 201)
                .json();
        ApiClient.Response token = api.form(
                "/oauth2/token",
                Map.of("grant_type", "client_credentials"),
                credential.get("client_id").asText(),
                credential.get("client_secret").asText());
        return ApiClient.expect(token, 200).json().get("access_token").asText();
    }

    @Test
    @Order(9)
    void settingsChangeAsATaskAndUnknownRolesAreReported() throws Exception {
        String task = accepted(api.send(
                "PUT",
                "/api/v1/config",
                "{\"settings\":{\"expiration\":{\"targets\":300,\"nope\":2}}}",
                "Content-Type",
                "application/json",
                "Authorization",
                "Bearer " + admin));
        JsonNode done = awaitTask(api, admin, task, "SUCCESS");
        assertThat(done.get("result").get("details").get("updated_roles").toString())
                .isEqualTo("[\"targets\"]");
        assertThat(done.get("result").get("details").get("invalid_roles").toString())
                .isEqualTo("[\"nope\"]");
        assertThat(api.get("/api/v1/config", admin)
                        .json()
                        .get("data")
                        .get("targets_expiration")
                        .asInt())
                .isEqualTo(300);
    }

    @Test
    @Order(10)
    void eachOnlineRoleIsRenewedOnItsOwnClockBeforeItExpires() throws Exception {
        TrustedMetadataSet start = client();
        // 23 h 30 min on: the timestamp (1 day) is within the 1 h margin; snapshot (3 days) and bins (7) are not
        clock.advance(Duration.ofHours(23).plusMinutes(30));
        awaitVersion("timestamp", version(start, "timestamp") + 1);
        TrustedMetadataSet afterDay = client(); // verifies at the moved time: nothing it needs has expired
        assertThat(version(afterDay, "snapshot")).isEqualTo(version(start, "snapshot"));
        assertThat(version(afterDay, "bins-0")).isEqualTo(version(start, "bins-0"));

        // 3 days after the snapshot was signed: snapshot (and with it the timestamp) renewed, bins not yet
        clock.advance(Duration.ofDays(2));
        awaitVersion("snapshot", version(start, "snapshot") + 1);
        TrustedMetadataSet afterThree = client();
        assertThat(version(afterThree, "bins-0")).isEqualTo(version(start, "bins-0"));
        assertThat(version(afterThree, "targets")).isEqualTo(version(start, "targets"));
    }

    @Test
    @Order(11)
    void aRestartedServerCatchesUpAtOnce() throws Exception {
        TrustedMetadataSet before = client();
        server.restart(() -> clock.advance(Duration.ofDays(7))); // down for a week: every bin expires meanwhile
        api = server.client();
        admin = api.adminToken();
        Eventually.until(Duration.ofSeconds(30), "renewed after the restart", () -> {
            try {
                TrustedMetadataSet now = client();
                return version(now, "bins-0") > version(before, "bins-0");
            } catch (io.keyport.model.tuf.TufException e) {
                return false; // still expired: not renewed yet
            }
        });
        TrustedMetadataSet after = client();
        // every bin renewed, but in one snapshot, and the targets are all still there
        assertThat(version(after, "snapshot")).isGreaterThan(version(before, "snapshot"));
        find(api, after, "apps/a/1.0/a.tar.gz").orElseThrow();
        find(api, after, "tools/c.bin").orElseThrow();
    }

    private static void awaitVersion(String role, long version) throws Exception {
        Eventually.until(Duration.ofSeconds(30), role + " version " + version, () -> {
            try {
                return version(client(), role) >= version;
            } catch (io.keyport.model.tuf.TufException e) {
                return false; // expired at the moved time: not renewed yet
            }
        });
    }
}
