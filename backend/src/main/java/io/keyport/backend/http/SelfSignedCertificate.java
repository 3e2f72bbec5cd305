package io.keyport.backend.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A self-signed certificate for trying HTTPS on loopback: an EC P-256 key and an X.509 v3
 * certificate (RFC 5280) for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, signed with
 * ECDSA-SHA256 by its own key. The JDK can read and verify certificates but not build one, so this
 * class writes the DER itself; it encodes only the few structures such a certificate needs.
 *
 * <p>The certificate is its own trust anchor: clients trust exactly it ({@code curl --cacert},
 * a console profile's trusted CA, a JDK trust store; curl with OpenSSL 3 and the JDK verified). Its
 * key usage includes certificate signing, as a self-signed root's does; basic constraints say it is
 * no CA, so it cannot vouch for another certificate.
 */
final class SelfSignedCertificate {

    /** The names a loopback client may use for the server. */
    static final String DNS_NAME = "localhost";

    private static final byte[] IPV4_LOOPBACK = {127, 0, 0, 1};
    private static final byte[] IPV6_LOOPBACK = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private SelfSignedCertificate() {}

    /** A new key and its certificate, valid from {@code from} (backdated an hour for clock skew) until {@code until}. */
    static Generated generate(Instant from, Instant until) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();

            byte[] serial = new byte[16];
            new SecureRandom().nextBytes(serial);
            serial[0] = (byte) ((serial[0] & 0x3f) | 0x40); // positive and 16 bytes long
            byte[] algorithm = seq(oid(ECDSA_WITH_SHA256));
            byte[] name = seq(set(seq(oid(COMMON_NAME), tlv(0x0c, "Keyport self-signed (localhost)"))));
            byte[] extensions = seq(
                    extension(BASIC_CONSTRAINTS, true, seq()),
                    // digitalSignature (bit 0) and keyCertSign (bit 5): 1000 0100, the last 2 bits unused
                    extension(KEY_USAGE, true, tlv(0x03, new byte[] {2, (byte) 0x84})),
                    extension(EXT_KEY_USAGE, false, seq(oid(SERVER_AUTH))),
                    extension(
                            SUBJECT_ALT_NAME,
                            false,
                            seq(
                                    tlv(0x82, DNS_NAME.getBytes(StandardCharsets.US_ASCII)),
                                    tlv(0x87, IPV4_LOOPBACK),
                                    tlv(0x87, IPV6_LOOPBACK))));
            byte[] tbs = seq(
                    tlv(0xa0, tlv(0x02, new byte[] {2})), // v3
                    tlv(0x02, serial),
                    algorithm,
                    name,
                    seq(time(from.minusSeconds(3600)), time(until)),
                    name,
                    keys.getPublic().getEncoded(), // SubjectPublicKeyInfo
                    tlv(0xa3, extensions));
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate());
            signer.update(tbs);
            byte[] certificate = seq(tbs, algorithm, bitString(signer.sign()));

            X509Certificate parsed = (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certificate));
            parsed.verify(keys.getPublic());
            return new Generated(keys, parsed);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    record Generated(KeyPair keys, X509Certificate certificate) {}

    private static byte[] extension(String id, boolean critical, byte[] value) {
        return critical
                ? seq(oid(id), tlv(0x01, new byte[] {(byte) 0xff}), tlv(0x04, value))
                : seq(oid(id), tlv(0x04, value));
    }

    /** UTCTime until 2049, GeneralizedTime after (RFC 5280 section 4.1.2.5). */
    private static byte[] time(Instant instant) {
        var utc = instant.atOffset(ZoneOffset.UTC);
        return utc.getYear() < 2050
                ? tlv(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc))
                : tlv(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc));
    }

    private static byte[] bitString(byte[] bits) {
        byte[] content = new byte[bits.length + 1]; // no unused bits
        System.arraycopy(bits, 0, content, 1, bits.length);
        return tlv(0x03, content);
    }

    private static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long arc = Long.parseLong(arcs[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((arc >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
            }
        }
        return tlv(0x06, out.toByteArray());
    }

    private static byte[] seq(byte[]... parts) {
        return tlv(0x30, concat(parts));
    }

    private static byte[] set(byte[]... parts) {
        return tlv(0x31, concat(parts));
    }

    private static byte[] tlv(int tag, String text) {
        return tlv(tag, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Tag, definite length (short or long form), content. */
    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (content.length < 0x80) {
            out.write(content.length);
        } else {
            byte[] length = BigInteger.valueOf(content.length).toByteArray();
            int skip = length[0] == 0 ? 1 : 0;
            out.write(0x80 | (length.length - skip));
            out.write(length, skip, length.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
