package io.keyport.model.tuf.signer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.SignatureScheme;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCS#11 signer against a real SoftHSM2 token. The test owns its token directory: Surefire sets
 * {@code SOFTHSM2_CONF} to a file under {@code target/} (shared-model's pom), which this test writes
 * before SoftHSM2 is first loaded. It initialises a token with {@code softhsm2-util} and creates keys
 * with certificates on it with the JDK's {@code keytool} (SunPKCS11 only lists keys with a
 * certificate, as a YubiKey PIV slot has one).
 */
class Pkcs11SignerTest {

    private static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    private static final String PIN = "123456";

    private static Pkcs11Signer.Config config;

    @BeforeAll
    static void token() throws Exception {
        assumeTrue(
                Files.exists(MODULE),
                "SoftHSM2 is not installed (" + MODULE + " is absent): apt-get install softhsm2 to run this test");
        String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(
                conf != null && !conf.isBlank(),
                "SOFTHSM2_CONF is not set: run through Maven (shared-model's Surefire sets it) so the test uses its own token directory");
        Path confFile = Path.of(conf);
        Path tokens =
                confFile.resolveSibling("tokens-" + ProcessHandle.current().pid());
        Files.createDirectories(tokens);
        Files.writeString(
                confFile,
                "directories.tokendir = " + tokens.toAbsolutePath()
                        + "\nobjectstore.backend = file\nlog.level = ERROR\n");

        String out = run(List.of(
                "softhsm2-util",
                "--init-token",
                "--free",
                "--label",
                "keyport-test",
                "--so-pin",
                "654321",
                "--pin",
                PIN));
        Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
        assertThat(slot.find()).as(out).isTrue();
        config = new Pkcs11Signer.Config(MODULE, Long.parseLong(slot.group(1)), PIN.toCharArray());

        Path providerConf =
                confFile.resolveSibling("sunpkcs11-" + ProcessHandle.current().pid() + ".cfg");
        Files.writeString(providerConf, "name = softhsm\nlibrary = " + MODULE + "\nslot = " + config.slot() + "\n");
        keytool(providerConf, "p256", "EC", "secp256r1", "SHA256withECDSA");
        keytool(providerConf, "p384", "EC", "secp384r1", "SHA384withECDSA");
        keytool(providerConf, "rsa", "RSA", null, "SHA256withRSA");
    }

    private static void keytool(Path providerConf, String alias, String algorithm, String group, String sigalg)
            throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path keytool = java.resolveSibling("keytool");
        run(List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                algorithm,
                group == null ? "-keysize" : "-groupname",
                group == null ? "2048" : group,
                "-sigalg",
                sigalg,
                "-dname",
                "CN=" + alias,
                "-validity",
                "3650",
                "-keystore",
                "NONE",
                "-storetype",
                "PKCS11",
                "-providerClass",
                "sun.security.pkcs11.SunPKCS11",
                "-providerArg",
                providerConf.toString(),
                "-storepass",
                PIN));
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + out)
                .isZero();
        return out;
    }

    @Test
    void signsRootMetadataWithKeysThatNeverLeaveTheToken() {
        assertThat(Pkcs11Signer.aliases(config)).contains("p256", "p384", "rsa");
        try (Pkcs11Signer p256 = Pkcs11Signer.open(config, "p256");
                Pkcs11Signer p384 = Pkcs11Signer.open(config, "p384")) {
            assertThat(p256.scheme()).isEqualTo(SignatureScheme.ECDSA_SHA2_NISTP256.id());
            assertThat(p384.scheme()).isEqualTo(SignatureScheme.ECDSA_SHA2_NISTP384.id());
            assertThat(p256.publicKey().keyType()).isEqualTo("ecdsa");

            Root root = Root.initial(Instant.parse("2030-01-01T00:00:00Z"))
                    .withKey(Root.TYPE, p256.publicKey())
                    .withKey(Root.TYPE, p384.publicKey())
                    .withThreshold(Root.TYPE, 2);
            Metadata<Root> signed = Metadata.of(root).sign(p256).sign(p384);
            // verified with the JDK's own providers, from the published keys only
            root.verifyDelegate(Root.TYPE, Metadata.fromBytes(signed.toBytes(), Root.class));
            byte[] der = p256.sign("x".getBytes(StandardCharsets.UTF_8));
            assertThat(der[0]).isEqualTo((byte) 0x30);
        }
    }

    @Test
    void rsaKeysSignWithPss() {
        try (Pkcs11Signer rsa = Pkcs11Signer.open(config, "rsa")) {
            assertThat(rsa.scheme()).isEqualTo(SignatureScheme.RSASSA_PSS_SHA256.id());
            byte[] payload = "rsa payload".getBytes(StandardCharsets.UTF_8);
            assertThat(rsa.publicKey().verify(payload, rsa.sign(payload))).isTrue();
        }
    }

    @Test
    void signingFromSeveralThreadsIsSerialised() throws Exception {
        try (Pkcs11Signer signer = Pkcs11Signer.open(config, "p256")) {
            List<Thread> threads = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 4; i++) {
                byte[] payload = ("payload " + i).getBytes(StandardCharsets.UTF_8);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int j = 0; j < 10; j++) {
                            assertThat(signer.publicKey().verify(payload, signer.sign(payload)))
                                    .isTrue();
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
        }
    }

    @Test
    void aWrongPinOrAMissingKeyIsASignerError() {
        var wrongPin = new Pkcs11Signer.Config(MODULE, config.slot(), "000000".toCharArray());
        assertThatThrownBy(() -> Pkcs11Signer.open(wrongPin, "p256"))
                .isInstanceOfSatisfying(
                        TufException.class, e -> assertThat(e.reason()).isEqualTo(TufException.Reason.SIGNER))
                .hasMessageContaining("PIN");
        assertThatThrownBy(() -> Pkcs11Signer.open(config, "nope"))
                .isInstanceOf(TufException.class)
                .hasMessageContaining("p256");
        assertThatThrownBy(() -> Pkcs11Signer.open(
                        new Pkcs11Signer.Config(Path.of("/nonexistent/lib.so"), 0, PIN.toCharArray()), "p256"))
                .isInstanceOf(TufException.class);
    }
}
