package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's TLS files: the self-signed loopback certificate (generated once, reused, renewed
 * before it expires) and an operator's PEM chain and PKCS#8 key, with every file that cannot work
 * refused naming the setting to change.
 */
class ServerTlsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    static Path certificates;

    private static TestCertificates.Issued rsa;
    private static TestCertificates.Issued ec;

    @TempDir
    Path data;

    @BeforeAll
    static void issue() throws Exception {
        rsa = TestCertificates.issue(certificates.resolve("rsa"), "RSA");
        ec = TestCertificates.issue(certificates.resolve("ec"), "EC");
    }

    private TlsConfig selfSigned() {
        return new TlsConfig(data.resolve("tls/cert.pem"), data.resolve("tls/key.pem"), true);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void theSelfSignedCertificateNamesTheLoopbackAddresses() throws Exception {
        ServerTls tls = ServerTls.load(selfSigned(), at(NOW));

        assertThat(tls.generated()).isTrue();
        X509Certificate cert = tls.certificate();
        assertThat(cert.getSubjectAlternativeNames())
                .containsExactlyInAnyOrder(
                        List.of(2, "localhost"),
                        List.of(7, "127.0.0.1"),
                        List.of(7, InetAddress.getByName("::1").getHostAddress()));
        assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(cert.getNotBefore().toInstant()).isBefore(NOW);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(NOW.plus(ServerTls.SELF_SIGNED_VALIDITY));
        cert.verify(cert.getPublicKey()); // self-signed
        assertThat(tls.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(Files.readString(selfSigned().keyFile())).startsWith("-----BEGIN PRIVATE KEY-----");
        for (Path file : List.of(selfSigned().certFile(), selfSigned().keyFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .as(file.toString())
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void aRestartReusesTheCertificateUntilItIsAboutToExpire() {
        String first = ServerTls.load(selfSigned(), at(NOW)).fingerprint();

        ServerTls later = ServerTls.load(selfSigned(), at(NOW.plus(Duration.ofDays(300))));
        assertThat(later.generated()).isFalse();
        assertThat(later.fingerprint()).isEqualTo(first);

        Instant nearExpiry = NOW.plus(ServerTls.SELF_SIGNED_VALIDITY)
                .minus(ServerTls.RENEW_BEFORE)
                .plusSeconds(1);
        ServerTls renewed = ServerTls.load(selfSigned(), at(nearExpiry));
        assertThat(renewed.generated()).isTrue();
        assertThat(renewed.fingerprint()).isNotEqualTo(first);
        assertThat(renewed.certificate().getNotAfter().toInstant())
                .isEqualTo(nearExpiry.plus(ServerTls.SELF_SIGNED_VALIDITY));
    }

    @Test
    void aHalfWrittenPairIsReplaced() throws Exception {
        ServerTls first = ServerTls.load(selfSigned(), at(NOW));
        Files.delete(selfSigned().certFile());

        ServerTls second = ServerTls.load(selfSigned(), at(NOW));
        assertThat(second.generated()).isTrue();
        assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
    }

    @Test
    void anOperatorsChainAndPkcs8KeysOfBothKindsAreRead() {
        for (TestCertificates.Issued issued : List.of(rsa, ec)) {
            ServerTls tls = ServerTls.load(new TlsConfig(issued.chain(), issued.key(), false), at(NOW));

            assertThat(tls.generated()).isFalse();
            assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(tls.helidon().prototype().privateKeyCertChain())
                    .extracting(c -> c.getSubjectX500Principal().getName())
                    .containsExactly("CN=localhost", "CN=Keyport Test CA");
        }
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedNamingTheKeySetting() {
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(rsa.chain(), ec.key(), false), at(NOW)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("KEYPORT_TLS_KEY: the EC key in " + ec.key())
                .hasMessageContaining("does not belong to the first certificate in " + rsa.chain() + " (CN=localhost");
        TestCertificates.Issued other = new TestCertificates.Issued(ec.chain(), rsa.key(), ec.ca());
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(other.chain(), other.key(), false), at(NOW)))
                .hasMessageStartingWith("KEYPORT_TLS_KEY: the RSA key in " + rsa.key());
    }

    @Test
    void aChainInTheWrongOrderIsRefused() throws Exception {
        Path reversed = data.resolve("reversed.pem");
        String chain = Files.readString(rsa.chain());
        int second = chain.indexOf("-----BEGIN CERTIFICATE-----", 1);
        Files.writeString(reversed, chain.substring(second) + chain.substring(0, second));

        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(reversed, rsa.key(), false), at(NOW)))
                .hasMessageStartingWith("KEYPORT_TLS_KEY: the RSA key")
                .hasMessageContaining("(CN=Keyport Test CA")
                .hasMessageEndingWith(
                        "KEYPORT_TLS_CERT must start with the server's own certificate, followed by its chain");
    }

    @Test
    void filesThatAreNotWhatTheyShouldBeAreRefusedWithAHint() throws Exception {
        Path keyAsCert = rsa.key();
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(keyAsCert, rsa.key(), false), at(NOW)))
                .hasMessage(
                        "KEYPORT_TLS_CERT: " + keyAsCert + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(rsa.chain(), rsa.chain(), false), at(NOW)))
                .hasMessage(
                        "KEYPORT_TLS_KEY: " + rsa.chain() + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");

        Path pkcs1 = data.resolve("pkcs1.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(rsa.chain(), pkcs1, false), at(NOW)))
                .hasMessageStartingWith("KEYPORT_TLS_KEY: " + pkcs1 + " holds a RSA PRIVATE KEY (PKCS#1/SEC 1)")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");

        Path encrypted = data.resolve("encrypted.pem");
        Files.writeString(
                encrypted, "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(rsa.chain(), encrypted, false), at(NOW)))
                .hasMessageStartingWith("KEYPORT_TLS_KEY: " + encrypted + " holds an encrypted key");

        Path broken = data.resolve("broken.pem");
        Files.writeString(broken, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> ServerTls.load(new TlsConfig(broken, rsa.key(), false), at(NOW)))
                .hasMessageStartingWith("KEYPORT_TLS_CERT: " + broken + " holds a certificate that cannot be read");
    }

    @Test
    void damagedSelfSignedFilesNameTheSelfSignedSetting() throws Exception {
        ServerTls.load(selfSigned(), at(NOW));
        Files.writeString(selfSigned().keyFile(), "not a key");

        assertThatThrownBy(() -> ServerTls.load(selfSigned(), at(NOW)))
                .hasMessageStartingWith(
                        "KEYPORT_TLS_SELF_SIGNED: " + selfSigned().keyFile() + " holds no PEM private key");
    }
}
