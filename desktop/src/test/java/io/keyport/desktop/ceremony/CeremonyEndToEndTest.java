package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.testing.LiveServer;
import io.keyport.desktop.testing.NetworkGuard;
import io.keyport.desktop.testing.SoftHsm;
import io.keyport.desktop.testing.TufJsRefresh;
import io.keyport.desktop.tokens.piv.PivSimulator;
import io.keyport.desktop.tokens.piv.SimulatedPivCard;
import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import io.keyport.model.common.Json;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole ceremony life, from the command line, against a real server and the independent TUF client:
 * an offline bootstrap with two SoftHSM2 tokens and a key file (root threshold 2), signed in two
 * sittings on two "machines" (folders) while a network guard proves no connection is attempted; the
 * bundle (first a tampered copy, refused) sent to the server; tuf-js accepting the repository; then a
 * root rotation from 2-of-3 to 3-of-5 keys whose signatures come from two offline sittings (a rotation
 * ceremony, then a signing event imported from the server's pending metadata), and tuf-js following it.
 *
 * <p>Root keys here are P-256 and Ed25519: tuf-js 5.0.1 verifies every ECDSA signature with SHA-256
 * ({@code crypto.verify(undefined, ...)}), so it rejects {@code ecdsa-sha2-nistp384} signatures
 * (docs/ceremonies.md says so).
 */
class CeremonyEndToEndTest {

    private static final String PIN = SoftHsm.PIN;
    private static final Map<String, String> ENV = Map.of(
            "TOKEN_PIN",
            PIN,
            "BOB_PASSWORD",
            "bob-rehearsal-pw",
            "ERIN_PASSWORD",
            "erin-rehearsal-pw",
            "ADMIN_PASSWORD",
            LiveServer.ADMIN_PASSWORD,
            "YK_PIN",
            PivSimulator.DEFAULT_PIN);

    private final OkHttpClient http = new OkHttpClient();
    private final List<String> printed = new ArrayList<>();
    private KeySources sources; // null: the platform's readers

    /**
     * The offline bootstrap of issue 11 with YubiKeys: two simulated YubiKeys (found through PC/SC
     * readers, keys generated on the cards and attested) and one SoftHSM2 key, threshold 2; the bundle
     * goes to a real server and tuf-js trusts the root.
     */
    @Test
    void bootstrapWithTwoYubiKeysAndASoftHsmKeyAndTufJsTrustsIt(@TempDir Path dir) throws Exception {
        TufJsRefresh.install();
        PivSimulator simulator = new PivSimulator();
        SimulatedPivCard aliceCard = simulator.card(PivSimulator.nextSerial());
        SimulatedPivCard bobCard = simulator.card(PivSimulator.nextSerial(), 5, 4, 3);
        String aliceReader = "Yubico YubiKey OTP+FIDO+CCID 00 00";
        String bobReader = "Yubico YubiKey OTP+FIDO+CCID 01 00";
        sources = new KeySources(
                PivSimulator.readers(Map.of(aliceReader, aliceCard, bobReader, bobCard)), simulator.trustAnchors());
        Pkcs11Source.Location carolToken = SoftHsm.newToken();
        Path usb = Files.createDirectories(dir.resolve("usb"));
        Path ceremony = Files.createDirectories(dir.resolve("offline")).resolve("bootstrap.json");

        try (LiveServer server = LiveServer.start()) {
            Files.writeString(
                    usb.resolve("online-key.json"),
                    get(server, "/api/v1/keys/online", server.token("admin", LiveServer.ADMIN_PASSWORD)));
            try (NetworkGuard guard = NetworkGuard.install()) {
                initBootstrap(ceremony, usb.resolve("online-key.json"));
                ok(onYubiKey(
                        "add-key", ceremony, "alice", aliceReader, "--generate", "p256", "--touch-policy", "never"));
                assertThat(output()).contains("firmware 5.7.1").contains("attestation verified");
                ok(onYubiKey("add-key", ceremony, "bob", bobReader, "--generate", "p256", "--pin-policy", "once"));
                ok(onToken("add-key", ceremony, "carol", carolToken, "--generate", "p256"));
                ok(onYubiKey("sign", ceremony, "alice", aliceReader));
                ok(onToken("sign", ceremony, "carol", carolToken));
                assertThat(output()).contains("new root: 2 of 2 (reached)").doesNotContain("WARNING");
                bundleAndVerify(ceremony, usb);
                assertThat(guard.attempts()).as("offline steps connect nowhere").isEmpty();
            }
            JsonNode holders = TufJson.parse(Files.readAllBytes(ceremony.resolveSibling("bootstrap.transcript.json")))
                    .path("holders");
            assertThat(holders.get(1).path("token").path("serial").asText()).isEqualTo(Long.toString(bobCard.serial()));
            assertThat(holders.get(1).path("token").path("firmware").asText()).isEqualTo("5.4.3");
            assertThat(holders.get(1).path("attestation_chain")).isNotEmpty();
            assertThat(holders.get(2).path("attestation_chain").isMissingNode()).isTrue(); // SoftHSM2 does not attest
            assertThat(aliceCard.signatures()).isGreaterThanOrEqualTo(1);

            ok(send(ceremony, usb.resolve("bundle.json"), server));
            byte[] root1 = getBytes(server, "/tuf/metadata/1.root.json");
            assertThat(tufJsTrusts(server, dir.resolve("client"), root1)).isEqualTo(1);
        }
    }

    @Test
    void bootstrapThenRotationThroughOfflineSittingsAndTufJsFollows(@TempDir Path dir) throws Exception {
        TufJsRefresh.install();
        Pkcs11Source.Location aliceToken = SoftHsm.newToken();
        Pkcs11Source.Location carolToken = SoftHsm.newToken();
        Pkcs11Source.Location daveToken = SoftHsm.newToken();
        Path usb = Files.createDirectories(dir.resolve("usb"));
        Path machineA = Files.createDirectories(dir.resolve("machine-a"));
        Path machineB = Files.createDirectories(dir.resolve("machine-b"));

        try (LiveServer server = LiveServer.start()) {
            String admin = server.token("admin", LiveServer.ADMIN_PASSWORD);
            // online: the operator exports the online public key to the USB stick
            Files.writeString(usb.resolve("online-key.json"), get(server, "/api/v1/keys/online", admin));

            Path ceremonyA = machineA.resolve("bootstrap.json");
            try (NetworkGuard guard = NetworkGuard.install()) {
                initBootstrap(ceremonyA, usb.resolve("online-key.json"));
                ok(onToken("add-key", ceremonyA, "alice", aliceToken, "--generate", "p256"));
                ok(
                        "add-key",
                        "--file",
                        ceremonyA.toString(),
                        "--holder",
                        "bob",
                        "--key-file",
                        machineA.resolve("bob.pem").toString(),
                        "--generate",
                        "p256",
                        "--password-env",
                        "BOB_PASSWORD");
                ok(onToken("add-key", ceremonyA, "carol", carolToken, "--generate", "p256"));
                // sitting 1 on machine A: alice signs, then the file travels to machine B
                ok(onToken("sign", ceremonyA, "alice", aliceToken));
                assertThat(output()).contains("new root: 1 of 2, 1 missing");
                Path ceremonyB = machineB.resolve("bootstrap.json");
                Files.copy(ceremonyA, ceremonyB);
                Files.move(machineA.resolve("bob.pem"), machineB.resolve("bob.pem"));
                // sitting 2 on machine B, another engine: bob signs, the bundle goes to the stick
                ok(
                        "sign",
                        "--file",
                        ceremonyB.toString(),
                        "--holder",
                        "bob",
                        "--key-file",
                        machineB.resolve("bob.pem").toString(),
                        "--password-env",
                        "BOB_PASSWORD");
                assertThat(output())
                        .contains("new root: 2 of 2 (reached)")
                        .contains("WARNING: bob's key is a key file");
                bundleAndVerify(ceremonyB, usb);
                assertThat(guard.attempts()).as("offline steps connect nowhere").isEmpty();
            }
            String html = Files.readString(machineB.resolve("bootstrap.transcript.html"));
            assertThat(html).contains("alice").contains("REHEARSAL ONLY").contains("sealed steps");

            // a tampered bundle is refused by the server, which stays available for bootstrap
            ObjectNode tampered = (ObjectNode) TufJson.parse(Files.readAllBytes(usb.resolve("bundle.json")));
            ((ObjectNode) tampered.path("metadata").path("root").path("signed")).put("expires", "2099-01-01T00:00:00Z");
            Files.write(usb.resolve("tampered.json"), TufJson.writePretty(tampered));
            assertThat(run(send(machineB.resolve("bootstrap.json"), usb.resolve("tampered.json"), server)))
                    .isEqualTo(1);
            assertThat(output()).contains("refused: the server refused /api/v1/bootstrap (422)");
            assertThat(Json.mapper()
                            .readTree(get(server, "/api/v1/bootstrap", admin))
                            .path("data")
                            .path("state")
                            .isNull())
                    .isTrue();

            ok(send(machineB.resolve("bootstrap.json"), usb.resolve("bundle.json"), server));
            byte[] root1 = getBytes(server, "/tuf/metadata/1.root.json");
            assertThat(tufJsTrusts(server, dir.resolve("client-1"), root1)).isEqualTo(1);

            // rotation, sitting 1 on machine A: from root 1 (2-of-3) to root 2 (3-of-5)
            Files.write(usb.resolve("1.root.json"), root1);
            Path rotation = machineA.resolve("rotation.json");
            try (NetworkGuard guard = NetworkGuard.install()) {
                ok(
                        "init",
                        "--file",
                        rotation.toString(),
                        "rotation",
                        "--trusted-root",
                        usb.resolve("1.root.json").toString(),
                        "--threshold",
                        "3");
                ok(onToken("add-key", rotation, "dave", daveToken, "--generate", "p256"));
                ok(
                        "add-key",
                        "--file",
                        rotation.toString(),
                        "--holder",
                        "erin",
                        "--key-file",
                        machineB.resolve("erin.pem").toString(),
                        "--generate",
                        "ed25519",
                        "--password-env",
                        "ERIN_PASSWORD");
                ok("diff", "--file", rotation.toString());
                assertThat(output())
                        .contains("root threshold 2 -> 3 (of 5 keys)")
                        .contains("online key unchanged");
                ok(onToken("sign", rotation, "alice", aliceToken));
                ok(onToken("sign", rotation, "dave", daveToken));
                assertThat(output()).contains("trusted root: 1 of 2, 1 missing; new root: 2 of 3, 1 missing");
                ok(
                        "bundle",
                        "--file",
                        rotation.toString(),
                        "--out",
                        usb.resolve("update.json").toString());
                assertThat(guard.attempts()).isEmpty();
            }
            ok(send(rotation, usb.resolve("update.json"), server));
            assertThat(server(server, "/tuf/metadata/2.root.json")).isEqualTo(404); // waits for signatures
            Files.writeString(usb.resolve("pending.json"), get(server, "/api/v1/metadata/sign", admin));

            // sitting 2 on machine B: a signing event from what the server holds pending
            Path signing = machineB.resolve("signing.json");
            try (NetworkGuard guard = NetworkGuard.install()) {
                ok(
                        "import",
                        "--file",
                        signing.toString(),
                        "--pending",
                        usb.resolve("pending.json").toString());
                assertThat(output()).contains("root key added").contains("root threshold 2 -> 3");
                ok(onToken("sign", signing, "carol", carolToken));
                ok(
                        "sign",
                        "--file",
                        signing.toString(),
                        "--holder",
                        "erin",
                        "--key-file",
                        machineB.resolve("erin.pem").toString(),
                        "--password-env",
                        "ERIN_PASSWORD");
                assertThat(output()).contains("trusted root: 2 of 2 (reached); new root: 4 of 3 (reached)");
                ok(
                        "export-signatures",
                        "--file",
                        signing.toString(),
                        "--out",
                        usb.resolve("signatures.json").toString());
                ok(
                        "verify",
                        "--transcript",
                        machineB.resolve("signing.transcript.json").toString());
                assertThat(guard.attempts()).isEmpty();
            }
            ok(send(signing, usb.resolve("signatures.json"), server));
            assertThat(output()).contains("not needed: the root was published"); // carol's signature completed it
            Metadata<Root> root2 = Metadata.fromBytes(getBytes(server, "/tuf/metadata/2.root.json"), Root.class);
            assertThat(root2.signed().role("root").threshold()).isEqualTo(3);
            assertThat(root2.signed().role("root").keyIds()).hasSize(5);
            // later, anyone checks the transcript against the published root: its keys sealed it
            Files.write(usb.resolve("2.root.json"), root2.toBytes());
            ok(
                    "verify",
                    "--transcript",
                    machineB.resolve("signing.transcript.json").toString(),
                    "--root",
                    usb.resolve("2.root.json").toString());
            assertThat(output()).contains("transcript verified");
            assertThat(tufJsTrusts(server, dir.resolve("client-2"), root1)).isEqualTo(2);
        }
    }

    /** A step by {@code holder} with their SoftHSM2 token (its key is named after them), then {@code more}. */
    private static String[] onToken(
            String command, Path ceremony, String holder, Pkcs11Source.Location token, String... more) {
        return step(
                command,
                ceremony,
                holder,
                List.of(
                        "--pkcs11",
                        token.module().toString(),
                        "--slot",
                        Long.toString(token.slot()),
                        "--key",
                        holder,
                        "--pin-env",
                        "TOKEN_PIN"),
                more);
    }

    private static String[] step(String command, Path ceremony, String holder, List<String> token, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--file", ceremony.toString(), "--holder", holder));
        args.addAll(token);
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Writes the bootstrap bundle to the stick and checks it and the online key against the transcript. */
    private void bundleAndVerify(Path ceremony, Path usb) {
        ok(
                "bundle",
                "--file",
                ceremony.toString(),
                "--out",
                usb.resolve("bundle.json").toString());
        ok(
                "verify",
                "--transcript",
                ceremony.resolveSibling("bootstrap.transcript.json").toString(),
                "--check",
                usb.resolve("bundle.json").toString(),
                "--check",
                usb.resolve("online-key.json").toString());
    }

    /** Starts a bootstrap ceremony of threshold 2 with 4 bins. */
    private void initBootstrap(Path ceremony, Path onlineKey) {
        ok(
                "init",
                "--file",
                ceremony.toString(),
                "bootstrap",
                "--online-key",
                onlineKey.toString(),
                "--threshold",
                "2",
                "--bins",
                "4");
    }

    /** A step by {@code holder} with the YubiKey in {@code reader}, slot 9c, PIN from YK_PIN, then {@code more}. */
    static String[] onYubiKey(String command, Path ceremony, String holder, String reader, String... more) {
        return step(
                command, ceremony, holder, List.of("--yubikey", reader, "--slot", "9c", "--pin-env", "YK_PIN"), more);
    }

    private String[] send(Path ceremony, Path payload, LiveServer server) {
        return new String[] {
            "send",
            "--file",
            ceremony.toString(),
            "--payload",
            payload.toString(),
            "--server",
            server.baseUrl(),
            "--user",
            "admin",
            "--password-env",
            "ADMIN_PASSWORD"
        };
    }

    private long tufJsTrusts(LiveServer server, Path client, byte[] root1) throws Exception {
        Path metadata = Files.createDirectories(client.resolve("metadata"));
        Path targets = Files.createDirectories(client.resolve("targets"));
        Files.write(metadata.resolve("root.json"), root1);
        TufJsRefresh.Run run = TufJsRefresh.refresh(server.baseUrl() + "/tuf/metadata", metadata, targets);
        assertThat(run.exit()).as(run.stderr()).isZero();
        return Json.mapper().readTree(run.stdout()).get("root").asLong();
    }

    private void ok(String... args) {
        int status = run(args);
        assertThat(status).as(String.join(" ", args) + "\n" + output()).isZero();
    }

    private int run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = (sources == null
                        ? new CeremonyCommand(ENV, stream, stream, Clock.systemUTC())
                        : new CeremonyCommand(ENV, stream, stream, Clock.systemUTC(), sources))
                .run(args);
        printed.add(bytes.toString(StandardCharsets.UTF_8));
        return status;
    }

    private String output() {
        return printed.get(printed.size() - 1);
    }

    private String get(LiveServer server, String path, String token) throws Exception {
        try (Response r = http.newCall(new Request.Builder()
                        .url(server.baseUrl() + path)
                        .header("Authorization", "Bearer " + token)
                        .build())
                .execute()) {
            assertThat(r.code()).as(path).isEqualTo(200);
            return r.body().string();
        }
    }

    private byte[] getBytes(LiveServer server, String path) throws Exception {
        try (Response r = http.newCall(
                        new Request.Builder().url(server.baseUrl() + path).build())
                .execute()) {
            assertThat(r.code()).as(path).isEqualTo(200);
            return r.body().bytes();
        }
    }

    private int server(LiveServer server, String path) throws Exception {
        try (Response r = http.newCall(
                        new Request.Builder().url(server.baseUrl() + path).build())
                .execute()) {
            return r.code();
        }
    }
}
