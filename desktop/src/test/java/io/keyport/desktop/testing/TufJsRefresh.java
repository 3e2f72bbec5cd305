package io.keyport.desktop.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tuf-js, the independent TUF client, for console tests: installed with {@code npm ci} into
 * {@code target/tufjs} from the backend's committed {@code package.json} and lock file (the same
 * tuf-js the backend's {@code TufJsClientIT} drives), with the desktop's own driver {@code refresh.mjs},
 * which refreshes from a trusted root and reports the root version it trusts afterwards.
 */
public final class TufJsRefresh {

    static final Path LOCK = Path.of("..", "backend", "src", "test", "tufjs");
    static final Path SCRIPT = Path.of("src", "test", "tufjs", "refresh.mjs");
    static final Path HOME = Path.of("target", "tufjs");

    /** What one run did: exit status and output. */
    public record Run(int exit, String stdout, String stderr) {}

    private TufJsRefresh() {}

    /** Installs tuf-js unless this build already did; fails if node or npm cannot. */
    public static synchronized void install() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        Files.copy(LOCK.resolve("package.json"), HOME.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(
                LOCK.resolve("package-lock.json"),
                HOME.resolve("package-lock.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(SCRIPT, HOME.resolve("refresh.mjs"), StandardCopyOption.REPLACE_EXISTING);
        if (Files.exists(HOME.resolve("node_modules/tuf-js/package.json"))) {
            return;
        }
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        if (npm.exit() != 0) {
            throw new IllegalStateException("npm ci of tuf-js failed (" + npm.exit() + "): " + npm.stderr());
        }
    }

    /** Refreshes from {@code metadataDir/root.json} against {@code metadataUrl}. */
    public static Run refresh(String metadataUrl, Path metadataDir, Path targetDir)
            throws IOException, InterruptedException {
        return run(
                List.of(
                        "node",
                        "refresh.mjs",
                        metadataUrl,
                        metadataDir.toAbsolutePath().toString(),
                        targetDir.toAbsolutePath().toString()),
                60);
    }

    private static Run run(List<String> command, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tufjs", ".out");
        Path err = Files.createTempFile("tufjs", ".err");
        try {
            Process p = new ProcessBuilder(command)
                    .directory(HOME.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + seconds + " s");
            }
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
