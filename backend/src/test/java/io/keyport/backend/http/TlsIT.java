package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.ServerProcess;
import io.keyport.backend.testing.TestDatabases;
import io.keyport.backend.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS over real TLS connections: the self-signed loopback certificate trusted by the client,
 * an operator's certificate chain trusted through its CA, no plain HTTP on the TLS port, and the
 * jar refusing a key that does not belong to its certificate.
 */
class TlsIT {

    private static final String HEALTH = "/.well-known/health";

    @TempDir
    Path parent;

    @Test
    void theSelfSignedServerAnswersHealthAndTokensToAClientThatTrustsItsCertificate() {
        try (TestServer server = TestServer.start(Map.of("KEYPORT_TLS_SELF_SIGNED", "true"))) {
            assertThat(server.baseUrl()).startsWith("https://127.0.0.1:");
            HttpClient trusting = TestCertificates.trusting(server.dataDir().resolve("tls/self-signed-cert.pem"));
            for (String host : List.of("localhost", "127.0.0.1")) {
                ApiClient api = new ApiClient("https://" + host + ":" + server.port(), trusting);
                assertThat(api.get(HEALTH, null).body()).as(host).isEqualTo("{\"health\":true}");
                String token = api.token("admin", TestServer.ADMIN_PASSWORD);
                assertThat(api.get("/oauth2/tokeninfo?access_token=" + token, null)
                                .json()
                                .get("uid")
                                .asText())
                        .isEqualTo("admin");
            }
            assertThatThrownBy(() -> server.client().get(HEALTH, null))
                    .as("a client that does not trust the certificate")
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(javax.net.ssl.SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");

            String fingerprint = server.server().tls().orElseThrow().fingerprint();
            server.restart();
            assertThat(server.server().tls().orElseThrow().fingerprint())
                    .as("the same certificate after a restart")
                    .isEqualTo(fingerprint);
            assertThat(new ApiClient("https://localhost:" + server.port(), trusting)
                            .get(HEALTH, null)
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void plainHttpIsNotServedOnTheTlsPort() throws Exception {
        try (TestServer server = TestServer.start(Map.of("KEYPORT_TLS_SELF_SIGNED", "true"))) {
            byte[] answer;
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream()
                        .write("GET /.well-known/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                answer = readUntilClosed(socket.getInputStream());
            }
            String text = new String(answer, StandardCharsets.ISO_8859_1);
            assertThat(text).as("what the TLS port answered plain HTTP").doesNotContain("HTTP/", "health");

            ApiClient plain = new ApiClient("http://127.0.0.1:" + server.port());
            assertThatThrownBy(() -> plain.get(HEALTH, null)).isInstanceOf(UncheckedIOException.class);
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset by the server: it ended the connection
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the TLS port kept a plain HTTP connection open: " + out, e);
        }
        return out.toByteArray();
    }

    /** A chain in the certificate file: clients that trust only the CA accept the server. */
    @Test
    void anOperatorsCertificateIsServedWithItsChain() throws Exception {
        TestCertificates.Issued issued = TestCertificates.issue(parent.resolve("rsa"), "RSA");
        try (TestServer server = TestServer.start(Map.of(
                "KEYPORT_TLS_CERT",
                issued.chain().toString(),
                "KEYPORT_TLS_KEY",
                issued.key().toString()))) {
            ApiClient api = new ApiClient("https://localhost:" + server.port(), TestCertificates.trusting(issued.ca()));

            assertThat(api.get(HEALTH, null).body()).isEqualTo("{\"health\":true}");
            assertThat(api.token("admin", TestServer.ADMIN_PASSWORD)).isNotBlank();

            assertThatThrownBy(() -> server.client().get(HEALTH, null))
                    .as("a client trusting only the public CAs")
                    .isInstanceOf(UncheckedIOException.class);
        }
    }

    /**
     * The jar as operators run it: the self-signed certificate's fingerprint in the log is the file's
     * (so it can be pinned), and a key of another certificate stops the start with status 2 and one line.
     */
    @Test
    void theJarLogsTheFingerprintAndRefusesAKeyOfAnotherCertificate() throws Exception {
        Path data = parent.resolve("data");
        ServerProcess server = ServerProcess.start(
                data, Map.of("KEYPORT_TLS_SELF_SIGNED", "true", "KEYPORT_ADMIN_PASSWORD", "tls-test-password"));
        try {
            assertThat(server.url()).startsWith("https://127.0.0.1:");
            Path cert = data.resolve("tls/self-signed-cert.pem");
            X509Certificate generated;
            try (InputStream in = Files.newInputStream(cert)) {
                generated = (X509Certificate)
                        CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            assertThat(server.log())
                    .anyMatch(l -> l.contains("SHA-256 fingerprint " + ServerTls.fingerprint(generated)));
            assertThat(new ApiClient(server.url(), TestCertificates.trusting(cert))
                            .get(HEALTH, null)
                            .body())
                    .isEqualTo("{\"health\":true}");
        } finally {
            assertThat(server.stop()).isZero();
        }

        TestCertificates.Issued rsa = TestCertificates.issue(parent.resolve("rsa"), "RSA");
        TestCertificates.Issued ec = TestCertificates.issue(parent.resolve("ec"), "EC");
        Map<String, String> settings = new java.util.HashMap<>(TestDatabases.freshDatabase());
        settings.put("KEYPORT_TLS_CERT", rsa.chain().toString());
        settings.put("KEYPORT_TLS_KEY", ec.key().toString());
        assertThat(ServerProcess.refused(parent.resolve("refused"), settings))
                .anyMatch(l -> l.contains("Keyport cannot start: KEYPORT_TLS_KEY: the EC key in " + ec.key()
                        + " does not belong to the first certificate in " + rsa.chain()))
                .noneMatch(l -> l.contains("\tat "));
    }
}
