package io.keyport.backend.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A registry client's command line (skopeo, buildah, podman: the Debian packages {@code .ci/run}
 * installs) run by the interop tests with a deadline, its output kept for the assertion message. A
 * missing binary fails the test with the package to install, never skips it.
 */
record ClientTool(String binary, String debianPackage, List<String> prefix, Path directory, Map<String, String> env) {

    /**
     * buildah or podman on vfs storage of their own under {@code dir}, with their own
     * containers.conf, registries.conf and auth file: no daemon, nothing shared with the host
     * (the signature policy is the package's {@code /etc/containers/policy.json}).
     */
    static ClientTool containers(String binary, Path dir) {
        try {
            Files.createDirectories(dir.resolve("runtime"));
            Path conf = Files.writeString(
                    dir.resolve("containers.conf"),
                    "[engine]\nevents_logger = \"file\"\ncgroup_manager = \"cgroupfs\"\n");
            Path registries = Files.writeString(dir.resolve("registries.conf"), "unqualified-search-registries = []\n");
            Path auth = Files.writeString(dir.resolve("auth.json"), "{\"auths\":{}}");
            return new ClientTool(
                    binary,
                    binary,
                    List.of(
                            "--root",
                            dir.resolve("root").toString(),
                            "--runroot",
                            dir.resolve("run").toString(),
                            "--storage-driver",
                            "vfs"),
                    dir,
                    Map.of(
                            "CONTAINERS_CONF", conf.toString(),
                            "CONTAINERS_REGISTRIES_CONF", registries.toString(),
                            "XDG_RUNTIME_DIR", dir.resolve("runtime").toString(),
                            "REGISTRY_AUTH_FILE", auth.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The exit code and the merged output of one run. */
    record Result(List<String> command, int exit, String output) {
        Result ok() {
            assertThat(exit).as("%s%n%s", String.join(" ", command), output).isZero();
            return this;
        }

        Result failed() {
            assertThat(exit)
                    .as("%s should fail%n%s", String.join(" ", command), output)
                    .isNotZero();
            return this;
        }

        /** The last line of the output (what {@code -q} commands print: an id or a digest). */
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.isEmpty() ? "" : lines.getLast().strip();
        }
    }

    Result run(String... args) {
        return run(Duration.ofSeconds(90), args);
    }

    Result run(Duration deadline, String... args) {
        requireInstalled();
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(prefix);
        command.addAll(List.of(args));
        try {
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).directory(directory.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    p.getInputStream().transferTo(out);
                } catch (IOException e) {
                    // the process ended; what was read is kept
                }
            });
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError(binary + " did not finish in " + deadline + ": " + command + "\n" + out);
            }
            reader.join(10_000);
            return new Result(command, p.exitValue(), out.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void requireInstalled() {
        boolean found = Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, binary)));
        if (!found) {
            throw new AssertionError(binary + " is not installed: this test runs the real client; install the Debian"
                    + " package '" + debianPackage + "' (.ci/run installs it)");
        }
    }
}
