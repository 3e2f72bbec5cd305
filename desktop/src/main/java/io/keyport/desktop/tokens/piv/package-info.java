/**
 * YubiKey PIV as a key source: Yubico's yubikit {@code PivSession} over a PC/SC connection of our own
 * ({@link io.keyport.desktop.tokens.piv.PcscConnection}), discovery of inserted YubiKeys
 * ({@link io.keyport.desktop.tokens.piv.YubiKeyReaders}), and attestation checked up to Yubico's PIV
 * roots shipped beside these classes ({@link io.keyport.desktop.tokens.piv.PivTrustAnchors}). Decision
 * 0046. Not here: PKCS#11 tokens (YubiKeys through ykcs11 included) and key files, which have their own
 * packages.
 */
package io.keyport.desktop.tokens.piv;
