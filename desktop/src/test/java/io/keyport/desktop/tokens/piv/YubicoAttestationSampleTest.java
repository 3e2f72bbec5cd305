package io.keyport.desktop.tokens.piv;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.tokens.piv.PivAttestationVerifier.PivAttestation;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A real attestation from a YubiKey on firmware 5.7.4 (published test vector, see the resource's
 * header) is accepted with the anchors the console ships: the card's f9 certificate is issued by
 * "Yubico PIV Attestation B 1", which the card does not carry, so this passes only through the shipped
 * intermediates up to Yubico Attestation Root 1.
 */
class YubicoAttestationSampleTest {

    private static final long SERIAL = 32718477;
    private static final Clock AT = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    private static String resource(String name) throws IOException {
        try (InputStream in = YubicoAttestationSampleTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    /** The slot's public key from the OpenSSH line published with the sample, not from the certificate. */
    private static PublicKey sshRsaKey(String line) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Base64.getDecoder().decode(line.trim().split(" ")[1]));
        String type = new String(field(in), StandardCharsets.US_ASCII);
        assertThat(type).isEqualTo("ssh-rsa");
        BigInteger exponent = new BigInteger(field(in));
        BigInteger modulus = new BigInteger(field(in));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    }

    private static byte[] field(ByteBuffer in) {
        byte[] value = new byte[in.getInt()];
        in.get(value);
        return value;
    }

    @Test
    void aYubiKey574AttestationVerifiesThroughTheShippedIntermediates() throws Exception {
        List<X509Certificate> sample = PivTrustAnchors.readPem(resource("yubikey-5.7.4-attestation-9a.pem"));
        PublicKey slotKey = sshRsaKey(resource("yubikey-5.7.4-9a.ssh.pub"));

        PivAttestation result = new PivAttestationVerifier(PivTrustAnchors.yubico(), AT)
                .verify(sample.get(0).getEncoded(), sample.get(1).getEncoded(), slotKey, SERIAL);

        assertThat(result.verified()).as(result.detail()).isTrue();
        assertThat(result.extensions().firmware()).isEqualTo("5.7.4");
        assertThat(result.extensions().serial()).isEqualTo(SERIAL);
        assertThat(result.extensions().pinPolicyName()).isEqualTo("ALWAYS");
        assertThat(result.extensions().touchPolicyName()).isEqualTo("NEVER");
        assertThat(result.chain())
                .extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly(
                        "CN=YubiKey PIV Attestation 9a",
                        "CN=YubiKey PIV Attestation",
                        "CN=Yubico PIV Attestation B 1",
                        "CN=Yubico Attestation Intermediate B 1",
                        "CN=Yubico Attestation Root 1");
        assertThat(result.detail()).endsWith("chain verified to CN=Yubico Attestation Root 1");
    }

    @Test
    void withoutThePublishedIntermediatesTheSameAttestationIsRefused() throws Exception {
        List<X509Certificate> sample = PivTrustAnchors.readPem(resource("yubikey-5.7.4-attestation-9a.pem"));
        PublicKey slotKey = sshRsaKey(resource("yubikey-5.7.4-9a.ssh.pub"));
        PivTrustAnchors rootsOnly = PivTrustAnchors.of(PivTrustAnchors.yubico().roots(), List.of());

        PivAttestation result = new PivAttestationVerifier(rootsOnly, AT)
                .verify(sample.get(0).getEncoded(), sample.get(1).getEncoded(), slotKey, SERIAL);

        assertThat(result.verified()).isFalse();
        assertThat(result.detail())
                .isEqualTo("the card's attestation certificate (issued by CN=Yubico PIV Attestation B 1)"
                        + " does not chain to a trusted attestation root");
    }

    @Test
    void theSampleWithAnotherSlotKeyIsRefused() throws Exception {
        List<X509Certificate> sample = PivTrustAnchors.readPem(resource("yubikey-5.7.4-attestation-9a.pem"));
        PublicKey other = sample.get(1).getPublicKey(); // an RSA key, but the f9 key, not the slot's

        PivAttestation result = new PivAttestationVerifier(PivTrustAnchors.yubico(), AT)
                .verify(sample.get(0), sample.get(1), other, SERIAL);

        assertThat(result.verified()).isFalse();
        assertThat(result.detail()).isEqualTo("the attested key is not the key in the slot");
    }
}
