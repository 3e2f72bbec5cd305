package io.keyport.desktop.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.service.BackendException;
import java.io.IOException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A profile's trusted CA over real TLS: a server whose certificate a private CA issued. */
class TrustedCaTest {

    private final HeldCertificate ca = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Lab CA")
            .build();
    private final HeldCertificate otherCa = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("Other CA")
            .build();
    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        HeldCertificate leaf = new HeldCertificate.Builder()
                .addSubjectAlternativeName("localhost")
                .signedBy(ca)
                .build();
        server.useHttps(new HandshakeCertificates.Builder()
                .heldCertificate(leaf, ca.certificate())
                .build()
                .sslSocketFactory());
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theProfilesCaIsTrusted() {
        server.enqueue(new MockResponse.Builder()
                .addHeader("Content-Type", "application/json")
                .body("{\"health\":true}")
                .build());

        assertThat(health(ca.certificatePem())).isTrue();
    }

    @Test
    void aServerFromAnotherCaIsRefused() {
        assertThatThrownBy(() -> health(otherCa.certificatePem()))
                .isInstanceOf(BackendException.class)
                .hasMessageStartingWith("Cannot reach https://localhost:");
    }

    @Test
    void withoutTheCaThePrivateServerIsNotTrusted() {
        assertThatThrownBy(() -> health(null)).isInstanceOf(BackendException.class);
    }

    private boolean health(String caPem) {
        String url = server.url("/").toString();
        ConnectionProfile profile = new ConnectionProfile("Lab", url, "admin", caPem, false);
        try (BackendClient client = new BackendClient(url, HttpClients.forProfile(profile))) {
            return client.health();
        }
    }
}
