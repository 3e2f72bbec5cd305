package io.keyport.backend.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates as an operator brings them, made by the JDK's own {@code keytool} (not by the code
 * under test): a private CA, and a server certificate for {@code localhost} and {@code 127.0.0.1}
 * that it issued, written as PEM files the way the server reads them.
 */
final class TestCertificates {

    /**
     * @param chain the server's certificate, then the CA's
     * @param key   the server's private key, PKCS#8 PEM
     * @param ca    the CA's certificate alone (what clients trust)
     */
    record Issued(Path chain, Path key, Path ca) {}

    private static final String PASSWORD = "changeit";

    private TestCertificates() {}

    /** A CA and a server certificate with a {@code keyAlgorithm} ({@code RSA} or {@code EC}) key, in {@code dir}. */
    static Issued issue(Path dir, String keyAlgorithm) throws Exception {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.p12");
        Path server = dir.resolve("server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=Keyport Test CA",
                "-ext",
                "bc:c",
                "-validity",
                "30",
                "-keystore",
                ca.toString());
        keytool(
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                keyAlgorithm,
                "-dname",
                "CN=localhost",
                "-validity",
                "30",
                "-keystore",
                server.toString());
        Path csr = dir.resolve("server.csr");
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-file", csr.toString());
        Path leaf = dir.resolve("server-cert.pem");
        keytool(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                ca.toString(),
                "-infile",
                csr.toString(),
                "-outfile",
                leaf.toString(),
                "-rfc",
                "-validity",
                "30",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-ext",
                "EKU=serverAuth");
        Path caPem = dir.resolve("ca.pem");
        keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-rfc", "-file", caPem.toString());

        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, Files.readString(leaf) + Files.readString(caPem));
        Path key = dir.resolve("server-key.pem");
        Files.writeString(
                key, ServerTls.pem("PRIVATE KEY", privateKey(server, "server").getEncoded()));
        return new Issued(chain, key, caPem);
    }

    private static PrivateKey privateKey(Path store, String alias) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        return (PrivateKey) keys.getKey(alias, PASSWORD.toCharArray());
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD, "-noprompt"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** A JDK HTTP client that trusts exactly the certificates in {@code pem} (and checks host names). */
    static HttpClient trusting(Path pem) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem)))) {
                trusted.setCertificateEntry("trusted-" + i++, c);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder()
                    .sslContext(tls)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
