package io.keyport.desktop.tuf;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.keyport.desktop.service.Transport;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A TUF repository bootstrapped on a test server as a rehearsal ceremony makes one: two root key
 * holders with encrypted key files (Ed25519 for alice, ECDSA P-256 for bob; their names published as
 * {@code x-rstuf-key-name}), root v1 at threshold 2 naming the server's online key, hash bins; then
 * artifacts added through the RSTUF API, each task awaited.
 */
final class RehearsalRepository {

    static final char[] PASSWORD = "rehearsal only".toCharArray();
    private static final TypeReference<JsonNode> JSON = new TypeReference<>() {};

    /** A root key holder: the name root lists and the signer read back from the key file. */
    record Holder(String name, Signer signer) {}

    private RehearsalRepository() {}

    /** Writes an encrypted key file per holder into {@code folder} and reads each back as a signer. */
    static List<Holder> keyFiles(Path folder) {
        List<Holder> holders = new ArrayList<>();
        Map<String, SignatureScheme> schemes =
                Map.of("alice", SignatureScheme.ED25519, "bob", SignatureScheme.ECDSA_SHA2_NISTP256);
        for (String name : List.of("alice", "bob")) {
            KeyPair pair = KeyFiles.generate(schemes.get(name));
            Path file = folder.resolve(name + ".pem");
            try {
                // few PBKDF2 iterations: a rehearsal key for a test, not a real one
                Files.writeString(file, KeyFiles.writeEncryptedPkcs8(pair.getPrivate(), PASSWORD, 1000));
                Signer signer = KeyFiles.signer(Files.readString(file, StandardCharsets.US_ASCII), PASSWORD);
                Key named = named(signer.publicKey(), name);
                holders.add(new Holder(name, signer.asPublished(named.keyId(), named)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return holders;
    }

    /** A key as the ceremony lists it, with the holder's name. */
    static Key named(Key key, String name) {
        return new Key(key.keyType(), key.scheme(), key.keyVal(), Map.of("x-rstuf-key-name", TextNode.valueOf(name)));
    }

    /** Root v1: the holders' keys at {@code threshold}, the online key for the online roles, valid a year. */
    static Root root(List<Holder> holders, int threshold, Key online, Instant now) {
        Root root = Root.initial(now.plus(Duration.ofDays(365)));
        for (Holder h : holders) {
            root = root.withKey(Root.TYPE, h.signer().publicKey());
        }
        root = root.withThreshold(Root.TYPE, threshold);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            root = root.withKey(role, online);
        }
        return root;
    }

    /**
     * Bootstraps the server's repository with {@code bins} hash bins (timestamp valid a day, snapshot
     * 3 days, bins a week, targets and root a year) and waits until it is published.
     */
    static void bootstrap(Transport transport, List<Holder> holders, int bins) throws TimeoutException {
        Key online = new TufClient(transport).onlineKey().key();
        Metadata<Root> root = Metadata.of(root(holders, 2, online, Instant.now()));
        for (Holder h : holders) {
            root = root.sign(h.signer());
        }
        ObjectNode payload = Json.mapper().createObjectNode();
        ObjectNode roles = payload.putObject("settings").putObject("roles");
        roles.putObject("root").put("expiration", 365);
        roles.putObject("targets").put("expiration", 365);
        roles.putObject("snapshot").put("expiration", 3);
        roles.putObject("timestamp").put("expiration", 1);
        roles.putObject("bins").put("expiration", 7).put("number_of_delegated_bins", bins);
        payload.putObject("metadata").set("root", root.toJson());
        payload.put("timeout", 300);
        await(transport, accepted(transport.post("/api/v1/bootstrap", payload, JSON)));
    }

    /**
     * Starts a root rotation that also rotates the online key: the server generates a new online key
     * ({@code POST /api/v1/keys/online}), root v2 adds carol (a third holder, threshold still 2) and
     * names the new key for the online roles, signed by alice alone and sent with
     * {@code POST /api/v1/metadata}. It then waits for bob (trusted root) and bob or carol (new root).
     * Returns once the server lists it as pending.
     */
    static void startRotation(Transport transport, List<Holder> holders) throws TimeoutException {
        TufClient client = new TufClient(transport);
        JsonNode generated =
                transport.post("/api/v1/keys/online", Map.of(), JSON).path("data");
        JsonNode key = generated.path("key");
        Key online = Key.of(
                key.path("keytype").asText(),
                key.path("scheme").asText(),
                key.path("keyval").path("public").asText());
        Metadata<Root> trusted =
                Metadata.fromBytes(client.metadata("1.root.json").orElseThrow(), Root.class);
        KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
        Signer carol = PrivateKeySigner.of(pair.getPrivate(), pair.getPublic());
        Key carolKey = named(carol.publicKey(), "carol");
        Root next = trusted.signed().withVersion(2).withKey(Root.TYPE, carolKey);
        for (String role : List.of("targets", "snapshot", "timestamp")) {
            String old = next.role(role).keyIds().getFirst();
            next = next.withoutKey(role, old).withKey(role, online);
        }
        Holder alice = holders.stream()
                .filter(h -> h.name().equals("alice"))
                .findFirst()
                .orElseThrow();
        ObjectNode body = Json.mapper().createObjectNode();
        body.putObject("metadata")
                .set("root", Metadata.of(next).sign(alice.signer()).toJson());
        accepted(transport.post("/api/v1/metadata", body, JSON));
        WaitForAsyncUtils.waitFor(
                30, TimeUnit.SECONDS, () -> client.pending().metadata().containsKey("root"));
    }

    /** Adds targets with these paths (content: the path's bytes; custom fields naming the app), published. */
    static String addArtifacts(Transport transport, List<String> paths) throws TimeoutException {
        ObjectNode body = Json.mapper().createObjectNode();
        ArrayNode artifacts = body.putArray("artifacts");
        for (String path : paths) {
            byte[] content = path.getBytes(StandardCharsets.UTF_8);
            ObjectNode a = artifacts.addObject();
            a.put("path", path);
            ObjectNode info = a.putObject("info");
            info.put("length", content.length);
            info.putObject("hashes").put("sha256", TufJson.sha256Hex(content));
            info.putObject("custom").put("app", path.split("/")[1]);
        }
        String task = accepted(transport.post("/api/v1/artifacts", body, JSON));
        await(transport, task);
        return task;
    }

    /** Waits (30 s at most) until the task succeeded; fails fast when it ends otherwise. */
    static void await(Transport transport, String taskId) throws TimeoutException {
        TufClient client = new TufClient(transport);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> {
            String state = client.task(taskId).state();
            if (List.of("ERRORED", "FAILURE").contains(state)) {
                throw new AssertionError("task " + taskId + " ended " + state);
            }
            return "SUCCESS".equals(state);
        });
    }

    private static String accepted(JsonNode answer) {
        return answer.path("data").path("task_id").asText();
    }
}
