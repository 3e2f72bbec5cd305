package io.keyport.model.tuf.crypto;

import java.util.Arrays;
import java.util.Optional;

/**
 * The signature schemes Keyport signs and verifies, with the TUF names securesystemslib uses. All run on
 * the JDK's own providers.
 *
 * <table>
 *   <caption>Schemes</caption>
 *   <tr><th>scheme</th><th>keytype</th><th>public key</th><th>signature</th></tr>
 *   <tr><td>{@code ed25519}</td><td>{@code ed25519}</td><td>64 hex chars (raw 32 bytes)</td><td>64 bytes</td></tr>
 *   <tr><td>{@code ecdsa-sha2-nistp256}</td><td>{@code ecdsa}</td><td>PEM SubjectPublicKeyInfo</td><td>DER, SHA-256</td></tr>
 *   <tr><td>{@code ecdsa-sha2-nistp384}</td><td>{@code ecdsa}</td><td>PEM SubjectPublicKeyInfo</td><td>DER, SHA-384</td></tr>
 *   <tr><td>{@code rsassa-pss-sha256}</td><td>{@code rsa}</td><td>PEM SubjectPublicKeyInfo</td><td>PSS, MGF1-SHA-256</td></tr>
 * </table>
 */
public enum SignatureScheme {
    ED25519("ed25519", "ed25519", "Ed25519", 0),
    ECDSA_SHA2_NISTP256("ecdsa-sha2-nistp256", "ecdsa", "SHA256withECDSA", 256),
    ECDSA_SHA2_NISTP384("ecdsa-sha2-nistp384", "ecdsa", "SHA384withECDSA", 384),
    RSASSA_PSS_SHA256("rsassa-pss-sha256", "rsa", "RSASSA-PSS", 0);

    private final String id;
    private final String keyType;
    private final String jcaAlgorithm;
    private final int curveBits;

    SignatureScheme(String id, String keyType, String jcaAlgorithm, int curveBits) {
        this.id = id;
        this.keyType = keyType;
        this.jcaAlgorithm = jcaAlgorithm;
        this.curveBits = curveBits;
    }

    /** The TUF scheme name, e.g. {@code ecdsa-sha2-nistp256}. */
    public String id() {
        return id;
    }

    /** The TUF keytype Keyport writes for this scheme. */
    public String keyType() {
        return keyType;
    }

    /** The JCA signature algorithm. */
    public String jcaAlgorithm() {
        return jcaAlgorithm;
    }

    /** The field size of the ECDSA curve, 0 for other schemes. */
    int curveBits() {
        return curveBits;
    }

    /** Whether a TUF keytype goes with this scheme ({@code ecdsa-sha2-nistp256} as keytype is the legacy spelling). */
    public boolean acceptsKeyType(String type) {
        return keyType.equals(type) || (keyType.equals("ecdsa") && type.equals(id));
    }

    /** The scheme of a TUF scheme name, if supported. */
    public static Optional<SignatureScheme> of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }
}
