package io.keyport.desktop.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.keyport.desktop.ceremony.HttpCeremonyServer;
import io.keyport.desktop.service.OkHttpTransport;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard the offline ceremony tests rely on sees every way this JVM opens a connection: each test
 * aims at a real socket listening on the loopback interface (opened before the guard is armed), so an
 * attempt the guard missed would connect and the test would fail on the empty list of attempts. The
 * first guard (a {@code ProxySelector} only) passed the OkHttp test and missed all the others.
 */
class NetworkGuardTest {

    private ServerSocket listening;
    private DatagramChannel receiving;

    @BeforeEach
    void listen() throws Exception {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        receiving = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws Exception {
        listening.close();
        receiving.close();
    }

    @Test
    void okHttpIsRecordedAndRefused() {
        try (NetworkGuard guard = NetworkGuard.install()) {
            HttpCeremonyServer server = new HttpCeremonyServer(
                    new OkHttpTransport(
                            "http://127.0.0.1:" + listening.getLocalPort(), new OkHttpClient(), () -> "token"),
                    Duration.ofSeconds(1),
                    Duration.ofMillis(10),
                    Clock.systemUTC());
            assertThatThrownBy(() -> server.bootstrap(JsonNodeFactory.instance.objectNode()));
            assertThat(attempts(guard)).anyMatch(a -> a.contains("127.0.0.1:" + listening.getLocalPort()));
        }
    }

    @Test
    void aJavaHttpClientBuiltBeforeTheGuardOrWithoutProxyIsRecordedAndRefused() {
        HttpClient builtBefore = HttpClient.newHttpClient();
        HttpClient noProxy =
                HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listening.getLocalPort() + "/"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThatThrownBy(() -> builtBefore.send(request, HttpResponse.BodyHandlers.discarding()));
            assertThatThrownBy(() -> noProxy.send(request, HttpResponse.BodyHandlers.discarding()));
            assertThat(attempts(guard)).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aSocketChannelIsRecordedAndRefused() {
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThatThrownBy(() -> {
                try (SocketChannel channel = SocketChannel.open(listening.getLocalSocketAddress())) {
                    channel.write(ByteBuffer.wrap(new byte[] {1}));
                }
            });
            assertThat(attempts(guard)).anyMatch(a -> a.startsWith("socket channel"));
        }
    }

    @Test
    void aPlainSocketWithoutProxyIsRecordedAndRefused() {
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket(Proxy.NO_PROXY)) {
                    socket.connect(listening.getLocalSocketAddress(), 2000);
                }
            });
            assertThatThrownBy(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort())) {
                    socket.getOutputStream().write(1);
                }
            });
            assertThat(attempts(guard))
                    .filteredOn(a -> a.contains(":" + listening.getLocalPort()))
                    .hasSize(2);
        }
    }

    @Test
    void listeningIsRecordedAndRefused() {
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThatThrownBy(() -> new ServerSocket(0).close());
            assertThatThrownBy(() -> ServerSocketChannel.open().close());
            assertThat(attempts(guard)).hasSize(2);
        }
    }

    @Test
    void datagramsAreRecordedAndRefused() throws Exception {
        InetSocketAddress target = (InetSocketAddress) receiving.getLocalAddress();
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThatThrownBy(() -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.send(new DatagramPacket(new byte[] {1}, 1, target));
                }
            });
            assertThatThrownBy(() -> {
                try (DatagramChannel channel = DatagramChannel.open()) {
                    channel.send(ByteBuffer.wrap(new byte[] {1}), target);
                }
            });
            assertThat(attempts(guard)).hasSizeGreaterThanOrEqualTo(2);
        }
        receiving.configureBlocking(false);
        assertThat(receiving.receive(ByteBuffer.allocate(8)))
                .as("no datagram arrived")
                .isNull();
    }

    @Test
    void nameLookupsAreRecordedAndRefused() {
        // names nobody looked up before: the JVM answers a name it has cached without a lookup
        String unknown = "keyport-guard-" + System.nanoTime() + ".invalid";
        String known = "keyport-guard-" + System.nanoTime() + ".example.org";
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThatThrownBy(() -> InetAddress.getAllByName(unknown)).hasMessageContaining("Offline ceremony mode");
            assertThatThrownBy(() -> InetAddress.getByName(known)).hasMessageContaining("Offline ceremony mode");
            assertThat(attempts(guard)).containsExactly("name lookup " + unknown, "name lookup " + known);
        }
    }

    @Test
    void afterTheGuardEverythingConnectsAgain() throws Exception {
        try (NetworkGuard guard = NetworkGuard.install()) {
            assertThat(attempts(guard)).isEmpty();
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
                Socket accepted = listening.accept()) {
            socket.getOutputStream().write(7);
            assertThat(accepted.getInputStream().read()).isEqualTo(7);
        }
        try (SocketChannel channel = SocketChannel.open(listening.getLocalSocketAddress());
                Socket accepted = listening.accept()) {
            assertThat(channel.isConnected()).isTrue();
            assertThat(accepted.isConnected()).isTrue();
        }
        assertThat(InetAddress.getByName("localhost").isLoopbackAddress()).isTrue();
    }

    private static List<String> attempts(NetworkGuard guard) {
        return guard.attempts().stream().map(String::valueOf).toList();
    }
}
