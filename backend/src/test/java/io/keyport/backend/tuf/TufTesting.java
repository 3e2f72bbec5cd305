package io.keyport.backend.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.Eventually;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TrustedMetadataSet;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the TUF tests share: offline root keys made with the model's signers, ceremony payloads
 * (root v1 naming the server's online key, signed by some of the offline keys), task polling, and a
 * client that refreshes through the published metadata with the model's verifier, as a TUF client does.
 */
final class TufTesting {

    private TufTesting() {}

    /** Two offline root keys of different schemes (so both key encodings are exercised). */
    static List<Signer> offlineKeys() {
        KeyPair ed = KeyFiles.generate(SignatureScheme.ED25519);
        KeyPair ec = KeyFiles.generate(SignatureScheme.ECDSA_SHA2_NISTP256);
        return List.of(
                PrivateKeySigner.of(ed.getPrivate(), ed.getPublic()),
                PrivateKeySigner.of(ec.getPrivate(), ec.getPublic()));
    }

    /** The server's online key, as {@code GET /api/v1/keys/online} gives it. */
    static Key onlineKey(ApiClient api, String token) {
        JsonNode key = ApiClient.expect(api.get("/api/v1/keys/online", token), 200)
                .json()
                .get("data")
                .get("key");
        return Key.of(
                key.get("keytype").asText(),
                key.get("scheme").asText(),
                key.get("keyval").get("public").asText());
    }

    /** Root v1: every offline key a root key with {@code threshold}, the online key for the online roles. */
    static Root root(List<Signer> offline, int threshold, Key online, Instant now) {
        Root root = Root.initial(now.plus(Duration.ofDays(365)));
        for (Signer s : offline) {
            root = root.withKey(Root.TYPE, s.publicKey());
        }
        root = root.withThreshold(Root.TYPE, threshold);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            root = root.withKey(role, online);
        }
        return root;
    }

    /** Root metadata signed by {@code signers}. */
    static Metadata<Root> signed(Root root, List<Signer> signers) {
        Metadata<Root> md = Metadata.of(root);
        for (Signer s : signers) {
            md = md.sign(s);
        }
        return md;
    }

    /**
     * A ceremony payload with hash bins: timestamp valid 1 day, snapshot 3, bins 7, targets and root
     * 365, so each renews on its own clock.
     */
    static ObjectNode payload(Metadata<Root> root, int bins) {
        ObjectNode payload = Json.mapper().createObjectNode();
        ObjectNode roles = payload.putObject("settings").putObject("roles");
        roles.putObject("root").put("expiration", 365);
        roles.putObject("targets").put("expiration", 365);
        roles.putObject("snapshot").put("expiration", 3);
        roles.putObject("timestamp").put("expiration", 1);
        roles.putObject("bins").put("expiration", 7).put("number_of_delegated_bins", bins);
        payload.putObject("metadata").set("root", Json.mapper().valueToTree(root.toJson()));
        payload.put("timeout", 300);
        return payload;
    }

    /** The task id of a 202 answer. */
    static String accepted(ApiClient.Response response) {
        ApiClient.expect(response, 202);
        return response.json().get("data").get("task_id").asText();
    }

    /** Waits until a task reaches {@code state}; returns its {@code data}. */
    static JsonNode awaitTask(ApiClient api, String token, String taskId, String state) throws Exception {
        JsonNode[] last = new JsonNode[1];
        Eventually.until(Duration.ofSeconds(30), "task " + taskId + " is " + state, () -> {
            last[0] = ApiClient.expect(api.get("/api/v1/task?task_id=" + taskId, token), 200)
                    .json()
                    .get("data");
            return last[0].get("state").asText().equals(state);
        });
        return last[0];
    }

    /** Sends a JSON {@code body} as {@code token}, expects 202 and waits for the task's SUCCESS; returns its {@code data}. */
    static JsonNode succeeded(ApiClient api, String token, String method, String path, Object body) throws Exception {
        ApiClient.Response r = api.send(
                method, path, body.toString(), "Content-Type", "application/json", "Authorization", "Bearer " + token);
        return awaitTask(api, token, accepted(r), "SUCCESS");
    }

    /** Bootstraps the server's repository with a fresh root (two offline keys, threshold 2) and {@code bins} hash bins; returns the offline keys. */
    static List<Signer> bootstrap(ApiClient api, String admin, int bins) throws Exception {
        List<Signer> offline = offlineKeys();
        Metadata<Root> root = signed(root(offline, 2, onlineKey(api, admin), Instant.now()), offline);
        awaitTask(
                api,
                admin,
                accepted(api.postJson(
                        "/api/v1/bootstrap", admin, payload(root, bins).toString())),
                "SUCCESS");
        return offline;
    }

    /** A published file's bytes, or empty on 404. */
    static Optional<byte[]> file(ApiClient api, String name) {
        ApiClient.Response r = api.get("/tuf/metadata/" + name, null);
        if (r.status() == 404) {
            return Optional.empty();
        }
        ApiClient.expect(r, 200);
        return Optional.of(r.body().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The client workflow from the first root: walks the root chain, then timestamp, snapshot and
     * targets, each verified by the model's trusted metadata set at {@code reference}.
     */
    static TrustedMetadataSet refresh(ApiClient api, Instant reference) {
        TrustedMetadataSet trusted =
                new TrustedMetadataSet(file(api, "1.root.json").orElseThrow(), reference);
        for (long v = 2; ; v++) {
            Optional<byte[]> next = file(api, v + ".root.json");
            if (next.isEmpty()) {
                break;
            }
            trusted.updateRoot(next.get());
        }
        trusted.updateTimestamp(file(api, "timestamp.json").orElseThrow());
        long snapshot =
                trusted.timestamp().orElseThrow().signed().snapshotMeta().version();
        trusted.updateSnapshot(file(api, snapshot + ".snapshot.json").orElseThrow());
        long targets = trusted.snapshot()
                .orElseThrow()
                .signed()
                .metaFor("targets")
                .orElseThrow()
                .version();
        trusted.updateTargets(file(api, targets + ".targets.json").orElseThrow());
        return trusted;
    }

    /** A target found through the delegations (the bins), verified, or empty. */
    static Optional<TrustedMetadataSet.TargetMatch> find(ApiClient api, TrustedMetadataSet trusted, String path) {
        return trusted.findTarget(
                path,
                (role, meta) -> file(api, meta.version() + "." + role + ".json").orElseThrow());
    }

    /** The current version of a role, as the trusted snapshot lists it (or the timestamp's and snapshot's own). */
    static long version(TrustedMetadataSet trusted, String role) {
        return switch (role) {
            case "timestamp" -> trusted.timestamp().orElseThrow().signed().version();
            case "snapshot" -> trusted.snapshot().orElseThrow().signed().version();
            default ->
                trusted.snapshot()
                        .orElseThrow()
                        .signed()
                        .metaFor(role)
                        .orElseThrow()
                        .version();
        };
    }

    /** An artifact of {@code addition} bodies: {@code {"path", "info": {"length", "hashes": {"sha256"}}}}. */
    static ObjectNode artifact(String path, byte[] content) {
        ObjectNode a = Json.mapper().createObjectNode();
        a.put("path", path);
        ObjectNode info = a.putObject("info");
        info.put("length", content.length);
        info.putObject("hashes").put("sha256", io.keyport.model.tuf.TufJson.sha256Hex(content));
        return a;
    }

    static void assertNoMetadata(ApiClient api) {
        assertThat(api.get("/tuf/metadata/timestamp.json", null).status()).isEqualTo(404);
        assertThat(api.get("/tuf/metadata/1.root.json", null).status()).isEqualTo(404);
    }
}
