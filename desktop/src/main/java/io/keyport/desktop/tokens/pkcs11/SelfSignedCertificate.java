package io.keyport.desktop.tokens.pkcs11;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A minimal self-signed X.509 v3 certificate (DER by hand, RFC 5280 section 4.1), signed on the token by
 * the key it certifies. SunPKCS11 lists a private key only when a certificate with the same
 * {@code CKA_ID} sits beside it, as a PIV slot has one; the certificate carries no trust of its own.
 * Not a general certificate builder: one common name, no extensions.
 */
final class SelfSignedCertificate {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter GENERALIZED =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    private SelfSignedCertificate() {}

    static X509Certificate create(KeyPair pair, Provider provider, String commonName, Instant from, Instant until)
            throws GeneralSecurityException {
        String jca;
        byte[] algorithm;
        if (pair.getPublic() instanceof ECKey ec) {
            boolean p384 = ec.getParams().getCurve().getField().getFieldSize() == 384;
            jca = p384 ? "SHA384withECDSA" : "SHA256withECDSA";
            algorithm = seq(oid(p384 ? "1.2.840.10045.4.3.3" : "1.2.840.10045.4.3.2"));
        } else {
            jca = "SHA256withRSA";
            algorithm = seq(oid("1.2.840.113549.1.1.11"), new byte[] {0x05, 0x00});
        }
        byte[] name = seq(set(seq(oid("2.5.4.3"), tlv(0x0c, commonName.getBytes(StandardCharsets.UTF_8)))));
        byte[] tbs = seq(
                tlv(0xa0, integer(BigInteger.TWO)),
                integer(new BigInteger(63, RANDOM).add(BigInteger.ONE)),
                algorithm,
                name,
                seq(time(from), time(until)),
                name,
                pair.getPublic().getEncoded());
        Signature signer = Signature.getInstance(jca, provider);
        signer.initSign(pair.getPrivate());
        signer.update(tbs);
        byte[] signature = signer.sign();
        byte[] bits = new byte[signature.length + 1];
        System.arraycopy(signature, 0, bits, 1, signature.length);
        byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
        return (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    private static byte[] time(Instant instant) {
        return tlv(0x18, GENERALIZED.format(instant).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] integer(BigInteger value) {
        return tlv(0x02, value.toByteArray());
    }

    private static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long value = Long.parseLong(parts[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                out.write((int) ((value >>> (7 * g)) & 0x7f) | (g == 0 ? 0 : 0x80));
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

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
