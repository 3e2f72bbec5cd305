package io.keyport.desktop.tokens;

/** Key types a token may generate, each with the TUF scheme its signatures use. */
public enum KeyAlgorithm {
    ECDSA_P256("ecdsa-sha2-nistp256"),
    ECDSA_P384("ecdsa-sha2-nistp384"),
    ED25519("ed25519"),
    RSA_3072("rsassa-pss-sha256");

    private final String tufScheme;

    KeyAlgorithm(String tufScheme) {
        this.tufScheme = tufScheme;
    }

    /** The TUF scheme name of signatures made with this key type. */
    public String tufScheme() {
        return tufScheme;
    }
}
