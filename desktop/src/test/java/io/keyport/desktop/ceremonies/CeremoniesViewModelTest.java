package io.keyport.desktop.ceremonies;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.signer.Signer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wizard's view model without the FX thread, on rehearsal key files: a whole bootstrap (plan,
 * two holders, each signs, bundle), the refusals shown with their next step, and a signing event
 * whose changes and missing keys are listed for the old and the new root.
 */
class CeremoniesViewModelTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
    private static final PinSource PASSWORD = (token, tries) -> "rehearsal-password".toCharArray();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private CeremoniesViewModel wizard(PinSource pins) {
        return new CeremoniesViewModel(
                new DirectTaskExecutor(), clock, KeySourceFactories.standard(), Optional.empty(), "operator", pins);
    }

    /** A wizard with a bootstrap plan filled in: the ceremony file, the online key, threshold 2. */
    private CeremoniesViewModel bootstrapPlan(Path dir) throws Exception {
        CeremoniesViewModel vm = wizard(PASSWORD);
        vm.ceremonyFile().set(dir.resolve("bootstrap.json").toString());
        vm.inputFile().set(PendingRoots.onlineKey(dir).toString());
        vm.threshold().set(2);
        return vm;
    }

    private static void holder(CeremoniesViewModel vm, String name, Path keyFile, boolean generate) {
        vm.holder().set(name);
        vm.source().set(KeySourceFactories.standard().get(1));
        vm.location().set(keyFile.toString());
        vm.generate().set(generate);
    }

    @Test
    void aBootstrapRunsFromThePlanToTheBundleAndWarnsThatKeyFilesAreRehearsalsOnly(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = bootstrapPlan(dir);
        vm.rootDays().set(180);
        vm.bins().set(16);
        vm.startBootstrap();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.summary()).anyMatch(l -> l.startsWith("root version 1, expires 2027-05-28"));
        assertThat(vm.rehearsal().get()).isFalse(); // PKCS#11 is chosen, no key file yet

        holder(vm, "alice", dir.resolve("alice.pem"), true);
        assertThat(vm.rehearsal().get()).isTrue(); // a key file is chosen
        vm.addHolder();
        holder(vm, "bob", dir.resolve("bob.pem"), true);
        vm.addHolder();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.attestation().get()).startsWith("bob: No attestation: KEY_FILE");
        assertThat(vm.summary()).anyMatch(l -> l.contains("alice on KEY_FILE") && l.contains("[REHEARSAL ONLY]"));
        assertThat(vm.summary()).anyMatch(l -> l.startsWith("WARNING: bob's key is a key file"));
        assertThat(vm.missing())
                .singleElement()
                .asString()
                .contains("0 of 2")
                .contains("alice")
                .contains("bob");

        vm.writeBundle(dir.resolve("early.json"));
        assertThat(vm.error().get()).contains("Could not write the bundle").contains("still to sign");
        assertThat(dir.resolve("early.json")).doesNotExist();

        holder(vm, "alice", dir.resolve("alice.pem"), false);
        vm.sign();
        assertThat(vm.message().get()).isEqualTo("alice signed; the signature verified");
        assertThat(vm.missing())
                .singleElement()
                .asString()
                .contains("1 of 2")
                .contains("bob")
                .doesNotContain("alice");
        holder(vm, "bob", dir.resolve("bob.pem"), false);
        vm.sign();
        assertThat(vm.missing()).singleElement().asString().contains("2 of 2 reached");

        Path bundle = dir.resolve("bootstrap-bundle.json");
        vm.writeBundle(bundle);
        assertThat(vm.error().get()).isEmpty();
        JsonNode payload = TufJson.parse(Files.readAllBytes(bundle));
        assertThat(payload.path("settings")
                        .path("roles")
                        .path("root")
                        .path("expiration")
                        .asInt())
                .isEqualTo(180);
        assertThat(payload.path("settings")
                        .path("roles")
                        .path("bins")
                        .path("number_of_delegated_bins")
                        .asInt())
                .isEqualTo(16);
        assertThat(payload.path("metadata").path("root").path("signatures")).hasSize(2);

        vm.verifyTranscript(dir.resolve("bootstrap.transcript.json"), Optional.empty());
        assertThat(vm.message().get()).isEqualTo("Transcript verified: sealed by 2 key(s)");
        assertThat(vm.error().get()).isEmpty();
    }

    private static final String DELEGATIONS = """
            {"roles": [
              {"name": "releases", "terminating": true, "paths": ["releases/*"],
               "keyids": [], "threshold": 1, "x-rstuf-expire-policy": 30},
              {"name": "nightly", "terminating": false, "paths": ["nightly/*"],
               "keyids": [], "threshold": 1, "x-rstuf-expire-policy": 2}
            ]}""";

    @Test
    void aBootstrapWithCustomDelegationsShowsTheRolesAndBundlesThemWithoutBins(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = bootstrapPlan(dir);
        vm.bins().set(16); // ignored: custom delegations are chosen
        vm.customDelegations().set(true);
        vm.delegationsFile()
                .set(Files.writeString(dir.resolve("delegations.json"), DELEGATIONS)
                        .toString());
        vm.startBootstrap();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.summary())
                .contains("delegations: custom, 2 role(s)")
                .contains("  delegated role releases: paths [releases/*], threshold 1, terminating,"
                        + " expires after 30 day(s)")
                .contains("  delegated role nightly: paths [nightly/*], threshold 1, expires after 2 day(s)")
                .noneMatch(l -> l.contains("hash bins"));

        for (String name : java.util.List.of("alice", "bob")) {
            holder(vm, name, dir.resolve(name + ".pem"), true);
            vm.addHolder();
        }
        for (String name : java.util.List.of("alice", "bob")) {
            holder(vm, name, dir.resolve(name + ".pem"), false);
            vm.sign();
        }
        Path bundle = dir.resolve("bootstrap-bundle.json");
        vm.writeBundle(bundle);
        assertThat(vm.error().get()).isEmpty();

        JsonNode roles =
                TufJson.parse(Files.readAllBytes(bundle)).path("settings").path("roles");
        assertThat(roles.path("delegations"))
                .isEqualTo(TufJson.parse(DELEGATIONS.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(roles.has("bins")).isFalse();
    }

    @Test
    void aBadDelegationsFileIsRefusedWithItsReasonBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = bootstrapPlan(dir);
        vm.customDelegations().set(true);
        vm.startBootstrap();
        assertThat(vm.error().get())
                .isEqualTo("Could not start the bootstrap: give the delegations file ({\"roles\": [...]})");

        vm.delegationsFile().set(dir.resolve("absent.json").toString());
        vm.startBootstrap();
        assertThat(vm.error().get()).startsWith("Could not start the bootstrap: cannot read the delegations file");

        Path file = dir.resolve("delegations.json");
        vm.delegationsFile().set(file.toString());
        Files.writeString(file, "{\"roles\": [");
        vm.startBootstrap();
        assertThat(vm.error().get())
                .startsWith(
                        "Could not start the bootstrap: delegations.json is not a delegations file: not valid JSON");

        Files.writeString(file, "{\"releases\": \"releases/*\"}");
        vm.startBootstrap();
        assertThat(vm.error().get())
                .isEqualTo("Could not start the bootstrap: delegations.json: custom delegations must be"
                        + " {\"roles\": [...]} as RSTUF takes them");

        Files.writeString(file, "{\"roles\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}");
        vm.startBootstrap();
        assertThat(vm.error().get())
                .isEqualTo("Could not start the bootstrap: delegations.json: the delegated role a is named twice");

        Files.writeString(file, "{\"roles\": [{\"name\": \"targets\"}]}");
        vm.startBootstrap();
        assertThat(vm.error().get()).endsWith("a delegated role cannot be called targets");
        assertThat(dir.resolve("bootstrap.json")).doesNotExist();
        assertThat(vm.summary()).isEmpty();
    }

    @Test
    void refusalsNameTheNextStepAndChangeNothing(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = wizard(PASSWORD);
        holder(vm, "alice", dir.resolve("alice.pem"), true);
        vm.addHolder();
        assertThat(vm.error().get()).isEqualTo("Could not add the key holder: start or open a ceremony first");

        vm.ceremonyFile().set(dir.resolve("c.json").toString());
        vm.inputFile().set(PendingRoots.onlineKey(dir).toString());
        vm.threshold().set(1);
        vm.startBootstrap();
        assertThat(vm.error().get()).contains("the root threshold must be at least 2");
        assertThat(dir.resolve("c.json")).doesNotExist();

        vm.threshold().set(2);
        vm.startBootstrap();
        holder(vm, "alice", dir.resolve("alice.pem"), true);
        vm.addHolder();
        String before = Files.readString(dir.resolve("c.json"));

        CeremoniesViewModel wrong = wizard((token, tries) -> "not-the-password".toCharArray());
        wrong.ceremonyFile().set(dir.resolve("c.json").toString());
        wrong.open();
        holder(wrong, "alice", dir.resolve("alice.pem"), false);
        wrong.sign();
        assertThat(wrong.error().get())
                .startsWith("Could not sign: Wrong PIN. Next: enter the PIN again")
                .contains("cannot decrypt alice.pem");
        assertThat(Files.readString(dir.resolve("c.json"))).isEqualTo(before);

        vm.holder().set("carol");
        vm.source().set(KeySourceFactories.standard().getFirst());
        vm.location().set(dir.resolve("no-such-module.so").toString());
        vm.addHolder();
        assertThat(vm.error().get()).startsWith("Could not add the key holder: No token found. Next: insert the token");
        assertThat(Files.readString(dir.resolve("c.json"))).isEqualTo(before);
    }

    @Test
    void choosingP384ForARootKeyShowsTheTufJsWarningBeforeAnyoneSigns(@TempDir Path dir) throws Exception {
        CeremoniesViewModel vm = bootstrapPlan(dir);
        vm.startBootstrap();
        holder(vm, "alice", dir.resolve("alice.pem"), true);
        vm.algorithm().set(KeyAlgorithm.ECDSA_P256);
        vm.addHolder();
        assertThat(vm.summary()).noneMatch(l -> l.contains("P-384"));

        holder(vm, "bob", dir.resolve("bob.pem"), true);
        vm.algorithm().set(KeyAlgorithm.ECDSA_P384);
        vm.addHolder();

        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.summary())
                .filteredOn(l -> l.contains("P-384"))
                .singleElement()
                .asString()
                .startsWith("WARNING: bob's root key ")
                .contains("tuf-js refuses P-384 signatures")
                .contains("choose P-256");
    }

    @Test
    void tokenErrorsAreExplainedWithTriesLeftAndTheNextStep() {
        assertThat(CeremoniesViewModel.explain(
                        new TokenException(TokenException.Reason.WRONG_PIN, "wrong PIN", 2, null)))
                .startsWith("Wrong PIN (2 tries left). Next:");
        assertThat(CeremoniesViewModel.explain(new TokenException(TokenException.Reason.PIN_BLOCKED, "blocked")))
                .contains("unblock it with the PUK");
        assertThat(CeremoniesViewModel.explain(new TokenException(TokenException.Reason.TOKEN_REMOVED, "gone")))
                .contains("nothing was recorded");
        assertThat(CeremoniesViewModel.explain(new TokenException(TokenException.Reason.TOUCH_TIMEOUT, "late")))
                .contains("touch it when it blinks");
    }

    @Test
    void aSigningEventShowsTheChangesAndWhichKeysAreMissingForTheOldAndTheNewRoot(@TempDir Path dir) throws Exception {
        Signer a = PendingRoots.keyFile(dir, "a.pem");
        Signer c = PendingRoots.keyFile(dir, "c.pem");
        Path pending = PendingRoots.rotation(dir, a, PendingRoots.keyFile(dir, "b.pem"), c, NOW);

        CeremoniesViewModel vm = wizard(PASSWORD);
        vm.ceremonyFile().set(dir.resolve("signing.json").toString());
        vm.inputFile().set(pending.toString());
        vm.importPending();
        assertThat(vm.error().get()).isEmpty();
        assertThat(String.join("\n", vm.changes()))
                .contains(c.publicKey().keyId())
                .contains("root threshold 2 -> 3");
        assertThat(vm.missing()).hasSize(2);
        assertThat(vm.missing().get(0)).startsWith("Old root (version 1): 0 of 2, missing keys");
        assertThat(vm.missing().get(1)).startsWith("New root (version 2): 0 of 3, missing keys");

        holder(vm, "anna", dir.resolve("a.pem"), false);
        vm.sign();
        assertThat(vm.error().get()).isEmpty();
        assertThat(vm.missing().get(0)).contains("1 of 2");
        assertThat(vm.missing().get(1)).contains("1 of 3");
        Path signatures = dir.resolve("signatures.json");
        vm.exportSignatures(signatures);
        assertThat(TufJson.parse(Files.readAllBytes(signatures)).path("signatures"))
                .hasSize(1);

        vm.send(signatures);
        assertThat(vm.error().get()).contains("offline mode sends nothing");
    }
}
