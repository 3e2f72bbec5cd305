/**
 * The PKCS#11 key source: any token or HSM the JDK's SunPKCS11 provider can load (SoftHSM2 in tests).
 * Keys are generated on the token and never leave it.
 */
package io.keyport.desktop.tokens.pkcs11;
