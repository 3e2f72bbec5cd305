package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
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

    @Test
    void theShippedIntermediatesChainToAttestationRoot1() throws Exception {
        PivTrustAnchors yubico = PivTrustAnchors.yubico();
        X509Certificate intermediate = yubico.intermediates().get(0);
        X509Certificate piv = yubico.intermediates().get(1);

        assertThat(fingerprint(intermediate))
                .isEqualTo("D4CC3F456FDAF4E7812A21AAB1DFE9D8E27D24E2FD2D6F21C9940109F0DAA754");
        assertThat(fingerprint(piv)).isEqualTo("2D55B7998F4E42569D6D8FA382B6DC77D1DACF07358B19701163892922B17052");
        intermediate.verify(yubico.roots().get(1).getPublicKey());
        piv.verify(intermediate.getPublicKey());
        assertThat(piv.getSubjectX500Principal().getName()).isEqualTo("CN=Yubico PIV Attestation B 1");
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
