package io.keyport.desktop.tokens.piv;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * What a YubiKey writes into the certificate that attests a PIV key, under Yubico's arc
 * {@code 1.3.6.1.4.1.41482.3}: the firmware ({@code .3}, three bytes), the serial number ({@code .7}, a
 * DER INTEGER), the PIN and touch policies ({@code .8}, two bytes) and the form factor ({@code .9}, one
 * byte). Absent values read as {@code -1} or {@code ""}.
 *
 * <p>The bytes come from the card: {@link #read(X509Certificate)} accepts anything and throws only
 * {@link IllegalArgumentException}, which the verifier reports as a malformed attestation.
 */
public record YubicoAttestationExtensions(
        String firmware, long serial, int pinPolicy, int touchPolicy, int formFactor) {

    static final String FIRMWARE = "1.3.6.1.4.1.41482.3.3";
    static final String SERIAL = "1.3.6.1.4.1.41482.3.7";
    static final String POLICY = "1.3.6.1.4.1.41482.3.8";
    static final String FORM_FACTOR = "1.3.6.1.4.1.41482.3.9";

    /**
     * Reads the extensions of an attestation certificate.
     *
     * @throws IllegalArgumentException if an extension is present but malformed
     */
    public static YubicoAttestationExtensions read(X509Certificate certificate) {
        return read(
                certificate.getExtensionValue(FIRMWARE),
                certificate.getExtensionValue(SERIAL),
                certificate.getExtensionValue(POLICY),
                certificate.getExtensionValue(FORM_FACTOR));
    }

    /**
     * Reads the extensions from their encoded values as {@link X509Certificate#getExtensionValue} returns
     * them (each an OCTET STRING around the extension's value), {@code null} when absent.
     *
     * @throws IllegalArgumentException if a value is malformed
     */
    static YubicoAttestationExtensions read(byte[] firmware, byte[] serial, byte[] policy, byte[] formFactor) {
        String version = "";
        if (firmware != null) {
            byte[] value = octets(firmware, "firmware", 3);
            version = (value[0] & 0xff) + "." + (value[1] & 0xff) + "." + (value[2] & 0xff);
        }
        long serialNumber = serial == null ? -1 : integer(octets(serial, "serial", -1));
        byte[] policies = policy == null ? new byte[] {-1, -1} : octets(policy, "policy", 2);
        int pin = policy == null ? -1 : policies[0] & 0xff;
        int touch = policy == null ? -1 : policies[1] & 0xff;
        int form = formFactor == null ? -1 : octets(formFactor, "form factor", 1)[0] & 0xff;
        return new YubicoAttestationExtensions(version, serialNumber, pin, touch, form);
    }

    /** The PIN policy by its PIV name ({@code NEVER}, {@code ONCE}, {@code ALWAYS}...), or {@code ""}. */
    public String pinPolicyName() {
        return switch (pinPolicy) {
            case 1 -> "NEVER";
            case 2 -> "ONCE";
            case 3 -> "ALWAYS";
            case 4 -> "MATCH_ONCE";
            case 5 -> "MATCH_ALWAYS";
            case -1 -> "";
            default -> "UNKNOWN(" + pinPolicy + ")";
        };
    }

    /** The touch policy by its PIV name ({@code NEVER}, {@code ALWAYS}, {@code CACHED}), or {@code ""}. */
    public String touchPolicyName() {
        return switch (touchPolicy) {
            case 1 -> "NEVER";
            case 2 -> "ALWAYS";
            case 3 -> "CACHED";
            case -1 -> "";
            default -> "UNKNOWN(" + touchPolicy + ")";
        };
    }

    /** The content of a DER OCTET STRING that must fill {@code der} exactly, of {@code size} bytes unless -1. */
    private static byte[] octets(byte[] der, String what, int size) {
        byte[] value = content(der, 0x04, what);
        if (size >= 0 && value.length != size) {
            throw new IllegalArgumentException(
                    "the " + what + " extension has " + value.length + " bytes, not " + size);
        }
        return value;
    }

    /** A DER INTEGER (positive, at most 8 bytes of value) that must fill {@code der} exactly. */
    private static long integer(byte[] der) {
        byte[] value = content(der, 0x02, "serial");
        if (value.length == 0 || value.length > 9 || (value[0] & 0x80) != 0) {
            throw new IllegalArgumentException("the serial is not a positive INTEGER of at most 8 bytes");
        }
        BigInteger number = new BigInteger(1, value);
        if (number.bitLength() > 63) {
            throw new IllegalArgumentException("the serial does not fit 63 bits");
        }
        return number.longValueExact();
    }

    private static byte[] content(byte[] der, int tag, String what) {
        if (der.length < 2 || (der[0] & 0xff) != tag) {
            throw new IllegalArgumentException("the " + what + " extension is not tagged " + Integer.toHexString(tag));
        }
        int first = der[1] & 0xff;
        int offset = 2;
        int length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7f;
            if (octets == 0 || octets > 3 || der.length < 2 + octets) {
                throw new IllegalArgumentException("the " + what + " extension has a bad length");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (der[2 + i] & 0xff);
            }
            offset += octets;
        }
        if (length != der.length - offset) {
            throw new IllegalArgumentException("the " + what + " extension's length does not match its bytes");
        }
        return Arrays.copyOfRange(der, offset, der.length);
    }
}
