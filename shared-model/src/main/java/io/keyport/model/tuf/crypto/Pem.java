package io.keyport.model.tuf.crypto;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM text (RFC 7468): one labelled base64 block. Encoding writes 64-character lines and a final line
 * break, as OpenSSL and Python's {@code cryptography} do, so that a key Keyport publishes has the same
 * bytes as the same key published by securesystemslib.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----", Pattern.DOTALL);

    private Pem() {}

    /** A PEM block with the given label, e.g. {@code PUBLIC KEY}. */
    public static String encode(String label, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + base64 + "\n-----END " + label + "-----\n";
    }

    /**
     * The DER bytes of the first PEM block with the given label.
     *
     * @throws IllegalArgumentException if there is no such block or it is not base64
     */
    public static byte[] decode(String label, String pem) {
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            if (m.group(1).equals(label)) {
                return Base64.getMimeDecoder().decode(m.group(2));
            }
        }
        throw new IllegalArgumentException("no PEM block '" + label + "'");
    }

    /** The label of the first PEM block, e.g. {@code ENCRYPTED PRIVATE KEY}. */
    public static String label(String pem) {
        Matcher m = BLOCK.matcher(pem);
        if (!m.find()) {
            throw new IllegalArgumentException("not PEM");
        }
        return m.group(1);
    }
}
