package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: the console started with {@code --offline-ceremony} (a process of its own, started like
 * the installed launcher, without the test JVM's guard options) opens no connection: the launcher arms
 * the network guard with every hook before anything runs, the window comes up with no attempt
 * recorded, and a socket and an {@code HttpClient} tried afterwards in that process are refused with
 * the offline message while the port they aimed at receives nothing. The same for a ceremony command.
 */
class OfflineConsoleProcessTest {

    @Test
    void theOfflineConsoleProcessAttemptsNoConnectionAndRefusesAny(@TempDir Path dir) throws Exception {
        try (ServerSocketChannel listening = listen()) {
            int port = port(listening);
            String printed = probe(dir, Integer.toString(port));
            assertThat(printed)
                    .contains("window shown")
                    .contains("hooks [PROXY_SELECTOR, SOCKETS, DATAGRAM_SOCKETS, CHANNELS, NAME_LOOKUPS]")
                    .contains("attempts-at-start []")
                    .contains("refused socket: Offline ceremony mode: this console makes no network connection;"
                            + " refused socket 127.0.0.1:" + port)
                    .contains("refused http: ")
                    .doesNotContain("CONNECTED");
            assertThat(listening.accept()).as("nothing reached the port").isNull();
        }
    }

    /** The command-line twin: every step but {@code send} runs under the same lock. */
    @Test
    void anOfflineCeremonyCommandRunsUnderTheSameLock(@TempDir Path dir) throws Exception {
        try (ServerSocketChannel listening = listen()) {
            int port = port(listening);
            String printed = probe(
                    dir,
                    Integer.toString(port),
                    "ceremony",
                    "diff",
                    "--file",
                    dir.resolve("none.json").toString());
            assertThat(printed)
                    .contains("refused: no ceremony file at")
                    .contains("hooks [PROXY_SELECTOR, SOCKETS, DATAGRAM_SOCKETS, CHANNELS, NAME_LOOKUPS]")
                    .contains("attempts-at-start []")
                    .contains("refused socket: Offline ceremony mode")
                    .doesNotContain("CONNECTED");
            assertThat(listening.accept()).as("nothing reached the port").isNull();
        }
    }

    private static ServerSocketChannel listen() throws Exception {
        ServerSocketChannel listening =
                ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listening.configureBlocking(false);
        return listening;
    }

    private static int port(ServerSocketChannel listening) throws Exception {
        return ((InetSocketAddress) listening.getLocalAddress()).getPort();
    }

    /** Runs {@link OfflineConsoleProbe} in a JVM of its own (no guard options) and answers what it printed. */
    private static String probe(Path dir, String... args) throws Exception {
        Path output = dir.resolve("probe.txt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dglass.platform=Monocle",
                "-Dmonocle.platform=Headless",
                "-Dprism.order=sw",
                "-cp",
                System.getProperty("java.class.path"),
                OfflineConsoleProbe.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment()
                .put("KEYPORT_CONSOLE_CONFIG_DIR", dir.resolve("config").toString());
        builder.environment().put("HOME", dir.toString());
        Process probe = builder.start();
        boolean ended = probe.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            probe.destroyForcibly().waitFor();
        }
        String printed = Files.readString(output);
        assertThat(ended).as(printed).isTrue();
        return printed;
    }
}
