package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.testing.NetworkGuard;
import io.keyport.desktop.tokens.piv.PivSimulator;
import io.keyport.desktop.tokens.piv.SimulatedPivCard;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YubiKeys as key sources of the command line, on simulated cards found through simulated PC/SC
 * readers: what the ceremony file records, a key whose attestation does not verify, a YubiKey pulled
 * out while it signs, and a PIN entered wrong until it blocks.
 */
class CeremonyYubiKeyTest {

    private static final String ALICE_READER = "Yubico YubiKey OTP+FIDO+CCID 00 00";
    private static final String BOB_READER = "Yubico YubiKey OTP+FIDO+CCID 01 00";

    private final PivSimulator simulator = new PivSimulator();
    private final SimulatedPivCard alice = simulator.card(PivSimulator.nextSerial());
    private final SimulatedPivCard bob = simulator.card(PivSimulator.nextSerial(), 5, 4, 3);
    private final Map<String, SimulatedPivCard> readers = new LinkedHashMap<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CeremonyYubiKeyTest() {
        readers.put(ALICE_READER, alice);
        readers.put(BOB_READER, bob);
    }

    @Test
    void aYubiKeyKeyIsRecordedWithSerialFirmwareAndItsAttestationChain(@TempDir Path dir) throws Exception {
        Path file = bootstrap(dir);
        assertThat(run(addKey(file, "alice", ALICE_READER, "--pin-policy", "once", "--touch-policy", "never")))
                .as(printed())
                .isZero();
        assertThat(printed()).contains("firmware 5.7.1").contains("attestation verified");

        JsonNode holder =
                TufJson.parse(Files.readAllBytes(file)).path("holders").get(0);
        assertThat(holder.path("token").path("kind").asText()).isEqualTo("yubikey_piv");
        assertThat(holder.path("token").path("serial").asText()).isEqualTo(Long.toString(alice.serial()));
        assertThat(holder.path("token").path("firmware").asText()).isEqualTo("5.7.1");
        assertThat(holder.path("attestation").asText()).startsWith("verified");
        assertThat(holder.path("attestation_chain")).hasSize(3); // slot key, the card's f9 certificate, the root
        JsonNode transcript = TufJson.parse(Files.readAllBytes(dir.resolve("bootstrap.transcript.json")));
        assertThat(transcript.path("holders").get(0).path("attestation_chain"))
                .isEqualTo(holder.path("attestation_chain"));
        // the chain's hash is in the add-key step, which the seals cover
        assertThat(transcript.path("steps").toString()).contains("chain of 3 certificates SHA-256");

        // --slot picks the key on a later sitting; the generic "choose" refuses an empty slot
        assertThat(run("add-key", "--file", file.toString(), "--holder", "bob", "--yubikey", BOB_READER))
                .isEqualTo(1);
        assertThat(printed()).contains("refused: choose the key with --slot; keys on the token: []");
    }

    @Test
    void aKeyWhoseAttestationDoesNotVerifyIsRefusedUnlessARehearsalSaysSo(@TempDir Path dir) throws Exception {
        Path file = bootstrap(dir);
        // a YubiKey from a vendor the console does not trust: its attestation chains to another root
        readers.put(ALICE_READER, new PivSimulator("Not Yubico").card(PivSimulator.nextSerial()));
        byte[] before = Files.readAllBytes(file);
        assertThat(run(addKey(file, "alice", ALICE_READER))).isEqualTo(1);
        assertThat(printed()).contains("refused: the attestation of alice's key does not verify");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        assertThat(run(addKey(file, "alice", ALICE_READER, "--slot", "9a", "--rehearsal", "unverified-attestation")))
                .as(printed())
                .isZero();
        assertThat(printed())
                .contains("WARNING: --rehearsal unverified-attestation")
                .contains("attestation NOT VERIFIED (accepted for a rehearsal)")
                .contains("WARNING: alice's key has an attestation that did not verify: rehearsals only");
        JsonNode token =
                TufJson.parse(Files.readAllBytes(file)).path("holders").get(0).path("token");
        assertThat(token.path("rehearsal_only").asBoolean()).isTrue();
        assertThat(run("add-key", "--file", file.toString(), "--holder", "x", "--yubikey", "any", "--rehearsal", "yes"))
                .isEqualTo(2);
        assertThat(printed()).contains("--rehearsal unverified-attestation, not yes");
    }

    @Test
    void aYubiKeyPulledOutWhileSigningIsRefusedAndTheFileIsUnchanged(@TempDir Path dir) throws Exception {
        Path file = bootstrapWithAliceAndBob(dir);
        byte[] before = Files.readAllBytes(file);

        alice.pullOutDuringNextSignature();
        assertThat(run(sign(file, "alice", ALICE_READER, "YK_PIN"))).isEqualTo(1);
        assertThat(printed())
                .contains("refused: The YubiKey was removed before it finished signing; nothing was signed.")
                .contains("Insert it again and sign again.");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(alice.signatures()).isZero();

        // reinserted, the same command signs
        alice.insert();
        assertThat(run(sign(file, "alice", ALICE_READER, "YK_PIN")))
                .as(printed())
                .isZero();
        assertThat(printed()).contains("alice signed with key").contains("new root: 1 of 2, 1 missing");
    }

    @Test
    void aWrongPinThreeTimesBlocksThePinAndSaysWhatToDoNext(@TempDir Path dir) throws Exception {
        Path file = bootstrapWithAliceAndBob(dir);
        byte[] before = Files.readAllBytes(file);

        assertThat(run(sign(file, "bob", BOB_READER, "WRONG_PIN"))).isEqualTo(1);
        assertThat(printed()).contains("refused: Wrong PIN: 2 tries left before the PIN blocks.");
        assertThat(run(sign(file, "bob", BOB_READER, "WRONG_PIN"))).isEqualTo(1);
        assertThat(printed()).contains("refused: Wrong PIN: 1 try left before the PIN blocks.");
        assertThat(run(sign(file, "bob", BOB_READER, "WRONG_PIN"))).isEqualTo(1);
        assertThat(printed())
                .contains("refused: The PIN is blocked. Unblock it with the PUK and choose a new PIN")
                .contains("next: keyport-console ceremony unblock-pin --yubikey '" + BOB_READER + "'")
                .contains("or ykman --reader '" + BOB_READER + "' piv access unblock-pin");
        // the right PIN no longer helps, and nothing was recorded
        assertThat(run(sign(file, "bob", BOB_READER, "YK_PIN"))).isEqualTo(1);
        assertThat(printed()).contains("refused: The PIN is blocked.");
        assertThat(bob.pinTriesLeft()).isZero();
        assertThat(Files.readAllBytes(file)).isEqualTo(before);

        // the console unblocks it with the PUK (no ykman on the ceremony machine needed), then bob signs
        assertThat(run(pinCommand("unblock-pin", BOB_READER, "--puk-env", "WRONG_PUK", "--new-pin-env", "NEW_PIN")))
                .isEqualTo(1);
        assertThat(printed()).contains("refused: Wrong PUK: 2 tries left before the PUK blocks too.");
        assertThat(run(pinCommand("unblock-pin", BOB_READER, "--puk-env", "YK_PUK", "--new-pin-env", "NEW_PIN")))
                .as(printed())
                .isZero();
        assertThat(printed()).contains("the PIN of YubiKey " + bob.serial() + " is unblocked and set anew (3 tries)");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(run(sign(file, "bob", BOB_READER, "NEW_PIN"))).as(printed()).isZero();
    }

    @Test
    void theConsoleChangesAYubiKeysPinAndTheOldOneNoLongerSigns(@TempDir Path dir) throws Exception {
        Path file = bootstrapWithAliceAndBob(dir);

        assertThat(run(pinCommand("change-pin", ALICE_READER, "--pin-env", "WRONG_PIN", "--new-pin-env", "NEW_PIN")))
                .isEqualTo(1);
        assertThat(printed()).contains("refused: Wrong PIN: 2 tries left");
        assertThat(run(pinCommand("change-pin", ALICE_READER, "--pin-env", "YK_PIN", "--new-pin-env", "SHORT_PIN")))
                .isEqualTo(1);
        assertThat(run(pinCommand("change-pin", ALICE_READER, "--pin-env", "YK_PIN", "--new-pin-env", "NEW_PIN")))
                .as(printed())
                .isZero();
        assertThat(printed()).contains("the PIN of YubiKey " + alice.serial() + " is changed");

        assertThat(run(sign(file, "alice", ALICE_READER, "YK_PIN"))).isEqualTo(1);
        assertThat(printed()).contains("refused: Wrong PIN");
        assertThat(run(sign(file, "alice", ALICE_READER, "NEW_PIN")))
                .as(printed())
                .isZero();
    }

    private static String[] pinCommand(String command, String reader, String... more) {
        List<String> args = new ArrayList<>(List.of(command, "--yubikey", reader));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Path bootstrapWithAliceAndBob(Path dir) throws Exception {
        Path file = bootstrap(dir);
        assertThat(run(addKey(file, "alice", ALICE_READER))).as(printed()).isZero();
        assertThat(run(addKey(file, "bob", BOB_READER))).as(printed()).isZero();
        return file;
    }

    private Path bootstrap(Path dir) throws Exception {
        Path online = dir.resolve("online-key.json");
        ObjectNode data = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        KeyPair pair = KeyFiles.generate(SignatureScheme.ED25519);
        Key key = new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), SignatureScheme.ED25519, null).publicKey();
        data.putObject("data").put("keyid", key.keyId()).set("key", key.toJson());
        Files.write(online, TufJson.writePretty(data));
        Path file = dir.resolve("bootstrap.json");
        assertThat(run(
                        "init",
                        "--file",
                        file.toString(),
                        "bootstrap",
                        "--online-key",
                        online.toString(),
                        "--threshold",
                        "2",
                        "--bins",
                        "4"))
                .as(printed())
                .isZero();
        return file;
    }

    private static String[] addKey(Path file, String holder, String reader, String... more) {
        List<String> args = new ArrayList<>(List.of("--generate", "p256"));
        args.addAll(List.of(more));
        return CeremonyEndToEndTest.onYubiKey("add-key", file, holder, reader, args.toArray(String[]::new));
    }

    private static String[] sign(Path file, String holder, String reader, String pinVariable) {
        return CeremonyEndToEndTest.onYubiKey("sign", file, holder, reader, "--pin-env", pinVariable);
    }

    private int run(String... args) {
        bytes.reset();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        KeySources sources = new KeySources(PivSimulator.readers(readers), simulator.trustAnchors());
        try (NetworkGuard guard = NetworkGuard.install()) {
            int status = new CeremonyCommand(
                            Map.of(
                                    "YK_PIN",
                                    PivSimulator.DEFAULT_PIN,
                                    "WRONG_PIN",
                                    "654321",
                                    "YK_PUK",
                                    "12345678",
                                    "WRONG_PUK",
                                    "87654321",
                                    "NEW_PIN",
                                    "24681357",
                                    "SHORT_PIN",
                                    "123"),
                            stream,
                            stream,
                            Clock.systemUTC(),
                            sources)
                    .run(args);
            assertThat(guard.attempts()).as("an offline step connects nowhere").isEmpty();
            return status;
        }
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
