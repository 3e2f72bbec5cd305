/**
 * The signer SPI ({@link io.keyport.model.tuf.signer.Signer}) and its implementations: private keys from
 * PEM PKCS#8 files, plain or encrypted ({@link io.keyport.model.tuf.signer.KeyFiles}), and keys on
 * PKCS#11 tokens through SunPKCS11 ({@link io.keyport.model.tuf.signer.Pkcs11Signer}).
 */
package io.keyport.model.tuf.signer;
