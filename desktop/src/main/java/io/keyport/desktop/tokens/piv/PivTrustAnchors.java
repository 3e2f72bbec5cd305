package io.keyport.desktop.tokens.piv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The certificates a YubiKey's attestation must chain to: {@code roots}, trusted as they are, and
 * {@code intermediates}, published certificates that may sit between a root and the card's slot-f9
 * certificate but are trusted only through a root.
 *
 * <p>{@link #yubico()} is what the console ships: Yubico's PIV attestation roots (the 2018 certificate of
 * "Yubico PIV Root CA Serial 263751" for firmware before 5.7.4, "Yubico Attestation Root 1" after) and
 * the published intermediates of the newer hierarchy, read from resources beside this class. Tests
 * trust their simulator's own root with {@link #of(List, List)}.
 */
public record PivTrustAnchors(List<X509Certificate> roots, List<X509Certificate> intermediates) {

    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    public PivTrustAnchors {
        roots = List.copyOf(roots);
        intermediates = List.copyOf(intermediates);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("at least one attestation root is needed");
        }
    }

    /** Other roots and intermediates (a test CA, or an operator's own copy of Yubico's roots). */
    public static PivTrustAnchors of(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        return new PivTrustAnchors(roots, intermediates);
    }

    /** Yubico's PIV attestation roots and published intermediates, as shipped with the console. */
    public static PivTrustAnchors yubico() {
        return new PivTrustAnchors(resource("yubico-piv-roots.pem"), resource("yubico-piv-intermediates.pem"));
    }

    /**
     * The certificates in PEM text (any number of {@code CERTIFICATE} blocks, text between them ignored).
     *
     * @throws IllegalArgumentException if a block is not an X.509 certificate
     */
    public static List<X509Certificate> readPem(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher matcher = PEM_CERTIFICATE.matcher(pem);
        while (matcher.find()) {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
            certificates.add(certificate(der));
        }
        return List.copyOf(certificates);
    }

    /**
     * One DER certificate.
     *
     * @throws IllegalArgumentException if the bytes are not an X.509 certificate
     */
    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> resource(String name) {
        try (InputStream in = PivTrustAnchors.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the console ships " + name);
            }
            return readPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
