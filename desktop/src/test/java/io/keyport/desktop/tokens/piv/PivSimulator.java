package io.keyport.desktop.tokens.piv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Simulated YubiKeys for tests, with an attestation CA of their own in place of Yubico's: each
 * {@link #card(long)} gets an attestation key whose slot-f9 certificate this CA issued, as Yubico's
 * factory does. Tests trust the CA with {@link #trustAnchors()}.
 *
 * <pre>{@code
 * PivSimulator simulator = new PivSimulator();
 * SimulatedPivCard card = simulator.card(12345678);
 * try (YubiKeyPivSource yubiKey = simulator.open(card)) { ... }   // PIN 123456, PUK 12345678
 * }</pre>
 *
 * Ceremony tests use it the same way, one card per key holder. Cards keep their keys across
 * {@link #open(SimulatedPivCard)} calls, so a later sitting reopens the same YubiKey.
 */
public final class PivSimulator {

    /** The factory PIN of a simulated card. */
    public static final String DEFAULT_PIN = "123456";

    /** The factory PUK of a simulated card. */
    public static final String DEFAULT_PUK = "12345678";

    private static final AtomicLong SERIALS = new AtomicLong(1);

    private final KeyPair rootKey;
    private final X509Certificate root;

    /** A simulator with a fresh test root CA named {@code CN=Keyport Test PIV Attestation Root}. */
    public PivSimulator() {
        this("Keyport Test PIV Attestation Root");
    }

    /** A simulator whose test root CA has the given common name. */
    public PivSimulator(String rootName) {
        rootKey = ecKey();
        X500Principal name = new X500Principal("CN=" + rootName);
        root = issue(name, name, rootKey.getPublic(), rootKey, true, List.of());
    }

    /** A YubiKey 5 with firmware 5.7.1 and this serial. */
    public SimulatedPivCard card(long serial) {
        return card(serial, 5, 7, 1);
    }

    /** A YubiKey with this serial and firmware (Ed25519 from 5.7, metadata from 5.3, serial from 5.0). */
    public SimulatedPivCard card(long serial, int major, int minor, int micro) {
        KeyPair attestationKey = ecKey();
        X509Certificate f9 = issue(
                root.getSubjectX500Principal(),
                new X500Principal("CN=Yubico PIV Attestation"),
                attestationKey.getPublic(),
                rootKey,
                false, // older YubiKeys' f9 certificates carry no CA constraint either
                List.of());
        return new SimulatedPivCard(
                this, serial, new byte[] {(byte) major, (byte) minor, (byte) micro}, attestationKey, f9);
    }

    /** The test root this simulator's attestations chain to, as the console would trust Yubico's. */
    public PivTrustAnchors trustAnchors() {
        return PivTrustAnchors.of(List.of(root), List.of());
    }

    /** The test root CA certificate. */
    public X509Certificate root() {
        return root;
    }

    /** Opens a card as the console opens a YubiKey, trusting this simulator's root. */
    public YubiKeyPivSource open(SimulatedPivCard card) {
        return YubiKeyPivSource.open(card, trustAnchors());
    }

    /**
     * PC/SC readers holding these cards, in this order (a {@code null} card is an empty reader), for
     * code that finds YubiKeys through {@link YubiKeyReaders}.
     */
    public static YubiKeyReaders readers(java.util.Map<String, SimulatedPivCard> readers) {
        return new YubiKeyReaders(SimulatedPcsc.readers(readers));
    }

    /** A fresh serial number for tests that do not care which. */
    public static long nextSerial() {
        return 20_000_000 + SERIALS.getAndIncrement();
    }

    /** The certificate a card returns for ATTEST: the slot's key, signed by the card's attestation key. */
    X509Certificate attestation(
            X509Certificate f9,
            KeyPair attestationKey,
            PublicKey attested,
            int slot,
            long serial,
            byte[] firmware,
            int pinPolicy,
            int touchPolicy) {
        try {
            List<Extension> extensions = List.of(
                    new Extension(new ASN1ObjectIdentifier(YubicoAttestationExtensions.FIRMWARE), false, firmware),
                    new Extension(
                            new ASN1ObjectIdentifier(YubicoAttestationExtensions.SERIAL),
                            false,
                            new ASN1Integer(serial).getEncoded()),
                    new Extension(new ASN1ObjectIdentifier(YubicoAttestationExtensions.POLICY), false, new byte[] {
                        (byte) pinPolicy, (byte) touchPolicy
                    }),
                    new Extension(
                            new ASN1ObjectIdentifier(YubicoAttestationExtensions.FORM_FACTOR), false, new byte[] {1}));
            return issue(
                    f9.getSubjectX500Principal(),
                    new X500Principal("CN=YubiKey PIV Attestation " + Integer.toHexString(slot)),
                    attested,
                    attestationKey,
                    false,
                    extensions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate issue(
            X500Principal issuer,
            X500Principal subject,
            PublicKey publicKey,
            KeyPair signer,
            boolean ca,
            List<Extension> extensions) {
        try {
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, new java.security.SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(3650))),
                    subject,
                    publicKey);
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(1));
            }
            for (Extension extension : extensions) {
                builder.addExtension(extension);
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    private static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
