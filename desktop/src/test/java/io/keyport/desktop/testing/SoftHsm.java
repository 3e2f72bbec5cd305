package io.keyport.desktop.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SoftHSM2 tokens for tests: the desktop's Surefire sets {@code SOFTHSM2_CONF} to a file under
 * {@code target/}, which this class writes (one token directory per JVM), then initialises a pool of
 * {@value #POOL} tokens with {@code softhsm2-util}, all before SoftHSM2 is first loaded: a PKCS#11
 * module lists its slots once, when the JVM initialises it, so tokens made later would not be seen.
 * Each test takes fresh tokens from the pool. Skips the test only when SoftHSM2 is not installed
 * ({@code .ci/run} installs it).
 */
public final class SoftHsm {

    public static final Path MODULE = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String SO_PIN = "87654321";
    /** The user PIN of every pooled token. */
    public static final String PIN = "123456";

    static final int POOL = 12;
    private static final java.util.Deque<Pkcs11Source.Location> FREE = new java.util.ArrayDeque<>();
    private static boolean configured;

    private SoftHsm() {}

    /** A freshly initialised token, not used by any other test, with user PIN {@link #PIN}. */
    public static synchronized Pkcs11Source.Location newToken() {
        assumeTrue(
                Files.exists(MODULE),
                "SoftHSM2 is not installed (" + MODULE + " is absent): apt-get install softhsm2 to run this test");
        String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(
                conf != null && !conf.isBlank(),
                "SOFTHSM2_CONF is not set: run through Maven (the desktop's Surefire sets it)");
        try {
            if (!configured) {
                Path confFile = Path.of(conf);
                Path tokens = confFile.resolveSibling(
                        "tokens-" + ProcessHandle.current().pid());
                Files.createDirectories(tokens);
                Files.writeString(
                        confFile,
                        "directories.tokendir = " + tokens.toAbsolutePath()
                                + "\nobjectstore.backend = file\nlog.level = ERROR\n");
                for (int i = 1; i <= POOL; i++) {
                    String label = "keyport-test-" + i;
                    String out = run(List.of(
                            "softhsm2-util",
                            "--init-token",
                            "--free",
                            "--label",
                            label,
                            "--so-pin",
                            SO_PIN,
                            "--pin",
                            PIN));
                    Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
                    if (!slot.find()) {
                        throw new IllegalStateException("softhsm2-util did not name the slot: " + out);
                    }
                    FREE.add(new Pkcs11Source.Location(MODULE, Long.parseLong(slot.group(1)), label));
                }
                configured = true;
            }
            if (FREE.isEmpty()) {
                throw new IllegalStateException("all " + POOL + " SoftHSM2 tokens are taken: raise SoftHsm.POOL");
            }
            return FREE.poll();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot initialise a SoftHSM2 token", e);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
