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
 * the offline message while the port they aimed at receives nothing.
 */
class OfflineConsoleProcessTest {

    @Test
    void theOfflineConsoleProcessAttemptsNoConnectionAndRefusesAny(@TempDir Path dir) throws Exception {
        try (ServerSocketChannel listening =
                ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            listening.configureBlocking(false);
            int port = ((InetSocketAddress) listening.getLocalAddress()).getPort();
            Path output = dir.resolve("probe.txt");
            ProcessBuilder builder = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "--enable-native-access=ALL-UNNAMED",
                            "-Dglass.platform=Monocle",
                            "-Dmonocle.platform=Headless",
                            "-Dprism.order=sw",
                            "-cp",
                            System.getProperty("java.class.path"),
                            OfflineConsoleProbe.class.getName(),
                            Integer.toString(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
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
            assertThat(probe.exitValue()).as(printed).isZero();
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
}
