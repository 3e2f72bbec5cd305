package io.keyport.desktop.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.concurrent.DirectTaskExecutor;
import io.keyport.desktop.connection.ConnectionViewModel;
import io.keyport.desktop.testing.LiveServer;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A profile's trusted CA against a real Keyport server that serves HTTPS with its generated
 * self-signed certificate ({@code KEYPORT_TLS_SELF_SIGNED=true}): pasting that certificate into
 * the profile is enough to sign in, by host name and by loopback address, through the sign-in the
 * connection screen runs.
 */
class SelfSignedServerTest {

    private static LiveServer server;
    private static String certificatePem;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = LiveServer.start(Map.of("KEYPORT_TLS_SELF_SIGNED", "true"));
        certificatePem = Files.readString(server.dataDir().resolve("tls").resolve("self-signed-cert.pem"));
        port = URI.create(server.baseUrl()).getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static ConnectionViewModel signIn(String url, String trustedCaPem) {
        ConnectionViewModel viewModel = new ConnectionViewModel(new DirectTaskExecutor());
        viewModel.profileProperty().set(new ConnectionProfile("Trial", url, "admin", trustedCaPem, false));
        viewModel.passwordProperty().set(LiveServer.ADMIN_PASSWORD);
        viewModel.signIn();
        return viewModel;
    }

    @Test
    void aProfileTrustingTheServersCertificateSignsIn() {
        for (String url : new String[] {"https://localhost:" + port, "https://127.0.0.1:" + port}) {
            ConnectionViewModel viewModel = signIn(url, certificatePem);

            assertThat(viewModel.signedInProperty().get())
                    .as(url + ": " + viewModel.statusProperty().get())
                    .isTrue();
            assertThat(viewModel.sessionProperty().get().user().admin()).isTrue();
        }
    }

    @Test
    void withoutItOrWithAnotherCertificateTheServerIsNotTrusted() {
        String other = new HeldCertificate.Builder()
                .addSubjectAlternativeName("localhost")
                .build()
                .certificatePem();
        for (String ca : new String[] {null, other}) {
            ConnectionViewModel viewModel = signIn("https://localhost:" + port, ca);

            assertThat(viewModel.signedInProperty().get()).isFalse();
            assertThat(viewModel.statusProperty().get())
                    .startsWith("Sign-in failed: Cannot reach https://localhost:" + port)
                    .contains("PKIX path building failed");
        }
    }
}
