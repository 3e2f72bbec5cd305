package io.keyport.backend.http;

import io.helidon.common.tls.Tls;
import io.keyport.backend.storage.OwnerOnly;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's TLS identity, read when it starts: the certificate chain and private key from the
 * operator's PEM files, or the self-signed loopback certificate of the data folder (generated on
 * the first start, reused after, renewed when it has less than {@link #RENEW_BEFORE} left).
 *
 * <p>Files that cannot work stop the start with an {@link IllegalArgumentException} whose message
 * begins with the setting to change (so the server exits with status 2 and one clear line): a
 * missing or unreadable file, no certificate, a key that is not unencrypted PKCS#8 RSA or EC, or a
 * key that does not belong to the first certificate.
 */
public final class ServerTls {

    private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());

    /** Lifetime of a generated certificate. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(365);

    /** A generated certificate with less than this left is replaced at start. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final boolean generated;

    private ServerTls(List<X509Certificate> chain, PrivateKey key, boolean generated) {
        this.chain = List.copyOf(chain);
        this.key = key;
        this.generated = generated;
    }

    /** Reads (and for a self-signed configuration, first generates if needed) the files of {@code config}. */
    public static ServerTls load(TlsConfig config, Clock clock) {
        boolean generated = false;
        if (config.selfSigned() && needsNewCertificate(config, clock.instant())) {
            generate(config, clock.instant());
            generated = true;
        }
        List<X509Certificate> chain = certificates(config);
        PrivateKey key = privateKey(config);
        checkPair(config, chain.get(0), key);
        return new ServerTls(chain, key, generated);
    }

    /** The TLS settings of the web server's listener. */
    public Tls helidon() {
        return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
    }

    /** The server's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Whether this start generated the self-signed certificate (first start, or renewal). */
    public boolean generated() {
        return generated;
    }

    /**
     * The SHA-256 fingerprint of the server's certificate as {@code openssl x509 -fingerprint -sha256}
     * prints it (upper-case hex pairs joined by colons), for clients that pin it.
     */
    public String fingerprint() {
        return fingerprint(certificate());
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean needsNewCertificate(TlsConfig config, Instant now) {
        if (!Files.exists(config.certFile()) || !Files.exists(config.keyFile())) {
            return true;
        }
        X509Certificate current = certificates(config).get(0);
        return current.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE));
    }

    private static void generate(TlsConfig config, Instant now) {
        SelfSignedCertificate.Generated fresh = SelfSignedCertificate.generate(now, now.plus(SELF_SIGNED_VALIDITY));
        try {
            // the key first: a certificate in place means its key is too
            OwnerOnly.writeSecret(
                    config.keyFile(),
                    pem("PRIVATE KEY", fresh.keys().getPrivate().getEncoded()));
            OwnerOnly.writeSecret(
                    config.certFile(), pem("CERTIFICATE", fresh.certificate().getEncoded()));
        } catch (IOException | CertificateException e) {
            throw new IllegalArgumentException(
                    "KEYPORT_TLS_SELF_SIGNED: cannot write the certificate to "
                            + config.certFile().getParent() + ": " + e.getMessage(),
                    e);
        }
        LOG.info("Generated a self-signed certificate for localhost, 127.0.0.1 and ::1 in " + config.certFile()
                + ", valid until " + fresh.certificate().getNotAfter().toInstant());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static List<X509Certificate> certificates(TlsConfig config) {
        String variable = config.certVariable();
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Block block : blocks(read(variable, config.certFile()))) {
                if (!block.type().equals("CERTIFICATE")) {
                    continue;
                }
                Certificate certificate = factory.generateCertificate(new ByteArrayInputStream(block.der()));
                chain.add((X509Certificate) certificate);
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    variable + ": " + config.certFile() + " holds a certificate that cannot be read: " + e.getMessage(),
                    e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(
                    variable + ": " + config.certFile() + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return chain;
    }

    private static PrivateKey privateKey(TlsConfig config) {
        String variable = config.keyVariable();
        Path file = config.keyFile();
        List<Block> blocks = blocks(read(variable, file));
        for (Block block : blocks) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(variable, file, block.der());
                }
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" ->
                    throw new IllegalArgumentException(variable + ": " + file + " holds a " + block.type()
                            + " (PKCS#1/SEC 1); convert it to PKCS#8: "
                            + "openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem");
                case "ENCRYPTED PRIVATE KEY" ->
                    throw new IllegalArgumentException(variable + ": " + file
                            + " holds an encrypted key; the server needs it unencrypted (readable by its user only): "
                            + "openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem");
                default -> {
                    // certificates or parameters next to the key
                }
            }
        }
        throw new IllegalArgumentException(
                variable + ": " + file + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(String variable, Path file, byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException(variable + ": " + file + " holds no RSA or EC private key");
    }

    /** The key must be the one the first certificate certifies: it signs, the certificate's key verifies. */
    private static void checkPair(TlsConfig config, X509Certificate certificate, PrivateKey key) {
        PublicKey certified = certificate.getPublicKey();
        boolean matches = false;
        if (certified.getAlgorithm().equals(key.getAlgorithm())) {
            try {
                String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                byte[] challenge = new byte[32];
                new SecureRandom().nextBytes(challenge);
                Signature signer = Signature.getInstance(algorithm);
                signer.initSign(key);
                signer.update(challenge);
                byte[] signature = signer.sign();
                Signature verifier = Signature.getInstance(algorithm);
                verifier.initVerify(certified);
                verifier.update(challenge);
                matches = verifier.verify(signature);
            } catch (GeneralSecurityException e) {
                matches = false; // e.g. EC keys on different curves
            }
        }
        if (!matches) {
            String keyVariable = config.keyVariable();
            String certVariable = config.certVariable();
            throw new IllegalArgumentException(keyVariable + ": the " + key.getAlgorithm() + " key in "
                    + config.keyFile() + " does not belong to the first certificate in " + config.certFile() + " ("
                    + certificate.getSubjectX500Principal().getName() + ", "
                    + certified.getAlgorithm().toUpperCase(Locale.ROOT) + ")"
                    + (keyVariable.equals(certVariable)
                            ? ""
                            : "; " + certVariable + " must start with the server's own"
                                    + " certificate, followed by its chain"));
        }
    }

    private static String read(String variable, Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1); // never fails; PEM is ASCII
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    variable + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private record Block(String type, byte[] der) {}

    private static List<Block> blocks(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
        }
        return blocks;
    }
}
