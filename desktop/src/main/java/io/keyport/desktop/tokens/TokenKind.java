package io.keyport.desktop.tokens;

/** The kinds of key source a ceremony accepts. */
public enum TokenKind {
    /** A YubiKey's PIV application through yubikit over PC/SC. */
    YUBIKEY_PIV,
    /** Any PKCS#11 token or HSM through the JDK's SunPKCS11 provider. */
    PKCS11,
    /** An encrypted key file: for rehearsals only, flagged as such in every step. */
    KEY_FILE
}
