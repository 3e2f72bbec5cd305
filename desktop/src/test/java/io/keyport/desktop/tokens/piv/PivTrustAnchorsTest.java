package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Yubico certificates the console ships are the ones Yubico publishes (pinned by SHA-256
 * fingerprint, so a replaced file fails here rather than trusting a new issuer) and form the chain the
 * newer YubiKeys' attestations need.
 */
class PivTrustAnchorsTest {

    private static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of()
                .withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    @Test
    void theShippedRootsAreYubicosPivAttestationRoots() throws Exception {
        List<X509Certificate> roots = PivTrustAnchors.yubico().roots();

        assertThat(roots)
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=Yubico PIV Root CA Serial 263751", "CN=Yubico Attestation Root 1");
        assertThat(fingerprint(roots.get(0)))
                .isEqualTo("63ECE914E54DD87915F34033C85AF4C0696BA1512F8ADD66CED738331207B546");
        assertThat(fingerprint(roots.get(1)))
                .isEqualTo("62760C6A6EF91679F454C8902B80FD009825B3F25DA90F1FBACE2EC6586CD5A8");
        for (X509Certificate root : roots) {
            root.verify(root.getPublicKey()); // self-signed
            assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        }
    }

    /**
     * Yubico's PIV intermediates by subject and SHA-256, as listed in Yubico's PKI page (firmware 5.7.4
     * and later attest through PIV Attestation A 1, B 1 or B2 1).
     */
    private static final Map<String, String> INTERMEDIATES = Map.of(
            "CN=Yubico Attestation Intermediate A 1",
            "4698A1D3389C3EC60016C216250F1D0439922832D65142327436376DC2942B55",
            "CN=Yubico Attestation Intermediate B 1",
            "D4CC3F456FDAF4E7812A21AAB1DFE9D8E27D24E2FD2D6F21C9940109F0DAA754",
            "CN=Yubico PIV Attestation A 1",
            "6DE693F05376F5D8CA29069261E1C8626C75D503BD2EDBFD75354CAD1F722870",
            "CN=Yubico PIV Attestation B 1",
            "2D55B7998F4E42569D6D8FA382B6DC77D1DACF07358B19701163892922B17052",
            "CN=Yubico PIV Attestation B2 1",
            "0C90B7D184A36EDF50A35F9BE935F0C5689BFDCFE5BDD073366CAFB49061A440");

    private static final Map<String, String> ISSUERS = Map.of(
            "CN=Yubico Attestation Intermediate A 1", "CN=Yubico Attestation Root 1",
            "CN=Yubico Attestation Intermediate B 1", "CN=Yubico Attestation Root 1",
            "CN=Yubico PIV Attestation A 1", "CN=Yubico Attestation Intermediate A 1",
            "CN=Yubico PIV Attestation B 1", "CN=Yubico Attestation Intermediate B 1",
            "CN=Yubico PIV Attestation B2 1", "CN=Yubico Attestation Intermediate B 1");

    @Test
    void theShippedIntermediatesAreYubicosPublishedOnesPinnedByFingerprint() throws Exception {
        Map<String, String> shipped = new HashMap<>();
        for (X509Certificate certificate : PivTrustAnchors.yubico().intermediates()) {
            shipped.put(certificate.getSubjectX500Principal().getName(), fingerprint(certificate));
        }

        assertThat(shipped).isEqualTo(INTERMEDIATES);
    }

    @Test
    void everyShippedIntermediateIsSignedOnAPathToAttestationRoot1() throws Exception {
        PivTrustAnchors yubico = PivTrustAnchors.yubico();
        Map<String, X509Certificate> bySubject = new HashMap<>();
        for (X509Certificate certificate : yubico.roots()) {
            bySubject.put(certificate.getSubjectX500Principal().getName(), certificate);
        }
        for (X509Certificate certificate : yubico.intermediates()) {
            bySubject.put(certificate.getSubjectX500Principal().getName(), certificate);
        }

        for (X509Certificate certificate : yubico.intermediates()) {
            String subject = certificate.getSubjectX500Principal().getName();
            X509Certificate issuer = bySubject.get(ISSUERS.get(subject));
            assertThat(certificate.getIssuerX500Principal()).isEqualTo(issuer.getSubjectX500Principal());
            certificate.verify(issuer.getPublicKey()); // the signature, not just the names
            assertThat(certificate.getBasicConstraints()).as(subject).isGreaterThanOrEqualTo(0);
            // walk up to the root: every path ends at Yubico Attestation Root 1
            X509Certificate current = certificate;
            for (int depth = 0;
                    depth < 3 && !current.getIssuerX500Principal().equals(current.getSubjectX500Principal());
                    depth++) {
                current = bySubject.get(current.getIssuerX500Principal().getName());
            }
            assertThat(fingerprint(current))
                    .as(subject)
                    .isEqualTo("62760C6A6EF91679F454C8902B80FD009825B3F25DA90F1FBACE2EC6586CD5A8");
        }
    }

    @Test
    void aPivIntermediateDoesNotVerifyUnderTheOtherBranch() throws Exception {
        PivTrustAnchors yubico = PivTrustAnchors.yubico();
        X509Certificate b21 = find(yubico, "CN=Yubico PIV Attestation B2 1");
        X509Certificate intermediateA = find(yubico, "CN=Yubico Attestation Intermediate A 1");

        assertThatThrownBy(() -> b21.verify(intermediateA.getPublicKey())).isInstanceOf(SignatureException.class);
    }

    private static X509Certificate find(PivTrustAnchors anchors, String subject) {
        return anchors.intermediates().stream()
                .filter(c -> c.getSubjectX500Principal().getName().equals(subject))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void readsPemWithTextAroundTheBlocksAndRefusesWhatIsNotACertificate() throws Exception {
        String pem = "# comment\n" + "-----BEGIN CERTIFICATE-----\n"
                + java.util.Base64.getMimeEncoder()
                        .encodeToString(new PivSimulator().root().getEncoded())
                + "\n-----END CERTIFICATE-----\ntrailing text\n";
        assertThat(PivTrustAnchors.readPem(pem)).hasSize(1);
        assertThat(PivTrustAnchors.readPem("no certificates here")).isEmpty();
        assertThatThrownBy(
                        () -> PivTrustAnchors.readPem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PivTrustAnchors.of(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
