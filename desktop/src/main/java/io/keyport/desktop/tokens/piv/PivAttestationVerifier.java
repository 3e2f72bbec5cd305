package io.keyport.desktop.tokens.piv;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Checks that a PIV key was generated on a genuine YubiKey: the slot's attestation certificate is
 * signed by the card's attestation key (slot f9), whose certificate chains through published
 * intermediates to a trusted root; the attested public key is the key the slot reports; the serial in
 * the attestation is the card's.
 *
 * <p>The chain is checked by names and signatures, not by PKIX path validation: the slot-f9
 * certificates of YubiKeys before firmware 5 carry no CA basic constraint, so a PKIX validator refuses
 * genuine keys. Every certificate must be valid at the clock's time, and every issuer above the
 * card's own must be a CA.
 */
public final class PivAttestationVerifier {

    private static final int MAX_INTERMEDIATES = 4;

    private final PivTrustAnchors trust;
    private final Clock clock;

    public PivAttestationVerifier(PivTrustAnchors trust, Clock clock) {
        this.trust = trust;
        this.clock = clock;
    }

    /**
     * Verifies an attestation as the card returned it.
     *
     * @param slotCertificate the DER answer to ATTEST for the slot
     * @param deviceCertificate the DER certificate in slot f9
     * @param expectedKey the public key the slot holds
     * @param expectedSerial the card's serial number, or {@code -1} when it cannot be read
     * @return the outcome; never throws for any bytes
     */
    public PivAttestation verify(
            byte[] slotCertificate, byte[] deviceCertificate, PublicKey expectedKey, long expectedSerial) {
        X509Certificate leaf;
        X509Certificate device;
        try {
            leaf = PivTrustAnchors.certificate(slotCertificate);
        } catch (IllegalArgumentException e) {
            return PivAttestation.refused(List.of(), "the attestation is not a certificate: " + e.getMessage());
        }
        try {
            device = PivTrustAnchors.certificate(deviceCertificate);
        } catch (IllegalArgumentException e) {
            return PivAttestation.refused(
                    List.of(leaf), "the card's attestation certificate (slot f9) is unreadable: " + e.getMessage());
        }
        return verify(leaf, device, expectedKey, expectedSerial);
    }

    /** As {@link #verify(byte[], byte[], PublicKey, long)} with parsed certificates. */
    public PivAttestation verify(
            X509Certificate leaf, X509Certificate device, PublicKey expectedKey, long expectedSerial) {
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf, device));
        YubicoAttestationExtensions extensions;
        try {
            extensions = YubicoAttestationExtensions.read(leaf);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return PivAttestation.refused(
                    chain, "the attestation's Yubico extensions are malformed: " + e.getMessage());
        }
        Optional<String> problem = checkChain(leaf, device, chain);
        if (problem.isEmpty()) {
            problem = checkKeyAndSerial(leaf, extensions, expectedKey, expectedSerial);
        }
        if (problem.isPresent()) {
            return new PivAttestation(false, problem.get(), chain, extensions);
        }
        String root = chain.get(chain.size() - 1).getSubjectX500Principal().getName();
        StringBuilder detail = new StringBuilder("generated on the YubiKey");
        if (extensions.serial() >= 0) {
            detail.append(" with serial ").append(extensions.serial());
        }
        if (!extensions.firmware().isEmpty()) {
            detail.append(", firmware ").append(extensions.firmware());
        }
        if (extensions.pinPolicy() >= 0) {
            detail.append(", PIN policy ").append(extensions.pinPolicyName());
            detail.append(", touch policy ").append(extensions.touchPolicyName());
        }
        detail.append("; chain verified to ").append(root);
        return new PivAttestation(true, detail.toString(), chain, extensions);
    }

    private Optional<String> checkChain(X509Certificate leaf, X509Certificate device, List<X509Certificate> chain) {
        Date now = Date.from(clock.instant());
        if (!leaf.getIssuerX500Principal().equals(device.getSubjectX500Principal()) || !signedBy(leaf, device)) {
            return Optional.of("the attestation is not signed by the card's attestation key (slot f9)");
        }
        X509Certificate current = device;
        for (int depth = 0; depth <= MAX_INTERMEDIATES; depth++) {
            for (X509Certificate root : trust.roots()) {
                if (issues(root, current)) {
                    chain.add(root);
                    return validity(chain, now);
                }
            }
            X509Certificate next = null;
            for (X509Certificate intermediate : trust.intermediates()) {
                if (issues(intermediate, current) && !chain.contains(intermediate)) {
                    next = intermediate;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            chain.add(next);
            current = next;
        }
        return Optional.of("the card's attestation certificate (issued by "
                + current.getIssuerX500Principal().getName()
                + ") does not chain to a trusted attestation root");
    }

    private static boolean issues(X509Certificate issuer, X509Certificate subject) {
        return subject.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && issuer.getBasicConstraints() >= 0
                && signedBy(subject, issuer);
    }

    private static boolean signedBy(X509Certificate subject, X509Certificate issuer) {
        try {
            subject.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> validity(List<X509Certificate> chain, Date now) {
        for (X509Certificate certificate : chain) {
            if (now.before(certificate.getNotBefore()) || now.after(certificate.getNotAfter())) {
                return Optional.of("the certificate "
                        + certificate.getSubjectX500Principal().getName()
                        + " is not valid now (" + certificate.getNotBefore().toInstant() + " to "
                        + certificate.getNotAfter().toInstant() + ")");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkKeyAndSerial(
            X509Certificate leaf, YubicoAttestationExtensions extensions, PublicKey expectedKey, long expectedSerial) {
        if (!Arrays.equals(leaf.getPublicKey().getEncoded(), expectedKey.getEncoded())) {
            return Optional.of("the attested key is not the key in the slot");
        }
        if (expectedSerial >= 0 && extensions.serial() != expectedSerial) {
            return Optional.of(
                    "the attestation names serial " + extensions.serial() + ", the card is " + expectedSerial);
        }
        return Optional.empty();
    }

    /**
     * The outcome of a check: whether it passed, why (or what it proved), the certificates from the
     * slot's attestation up to the root (as far as they chained), and what the card wrote into it.
     */
    public record PivAttestation(
            boolean verified, String detail, List<X509Certificate> chain, YubicoAttestationExtensions extensions) {

        public PivAttestation {
            chain = List.copyOf(chain);
        }

        static PivAttestation refused(List<X509Certificate> chain, String detail) {
            return new PivAttestation(false, detail, chain, new YubicoAttestationExtensions("", -1, -1, -1, -1));
        }
    }
}
