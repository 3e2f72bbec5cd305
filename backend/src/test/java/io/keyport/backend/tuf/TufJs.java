package io.keyport.backend.tuf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * tuf-js 5.0.1 (npm, Node 20.17+), the independent TUF client, installed into the test-owned folder
 * {@code target/tufjs} from the committed {@code src/test/tufjs/package.json} and lock file
 * ({@code npm ci}; {@code .ci/run} installs it the same way before the build), and its driver script
 * {@code client.mjs}.
 */
final class TufJs {

    static final Path SOURCE = Path.of("src", "test", "tufjs");
    static final Path HOME = Path.of("target", "tufjs");

    /** What one run of the client did: its exit status and output. */
    record Run(int exit, String stdout, String stderr) {}

    private TufJs() {}

    /** Installs tuf-js unless this build already did; fails the test if node or npm cannot. */
    static synchronized void install() throws IOException, InterruptedException {
        Files.createDirectories(HOME);
        for (String file : List.of("package.json", "package-lock.json", "client.mjs")) {
            Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (Files.exists(HOME.resolve("node_modules/tuf-js/package.json"))) {
            return;
        }
        Run npm = run(List.of("npm", "ci", "--no-audit", "--no-fund"), 300);
        if (npm.exit() != 0) {
            throw new IllegalStateException("npm ci of tuf-js failed (" + npm.exit() + "): " + npm.stderr());
        }
    }

    /** Refreshes from {@code metadataDir/root.json} and downloads {@code targetPath}. */
    static Run download(String metadataUrl, String targetUrl, Path metadataDir, Path targetDir, String targetPath)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", "client.mjs"));
        command.addAll(List.of(
                metadataUrl,
                targetUrl,
                metadataDir.toAbsolutePath().toString(),
                targetDir.toAbsolutePath().toString(),
                targetPath));
        return run(command, 60);
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
