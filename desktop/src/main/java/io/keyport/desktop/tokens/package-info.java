/**
 * Where offline keys live during a ceremony: a YubiKey's PIV application, any PKCS#11 token or HSM, or an
 * encrypted key file for rehearsals. Ceremony code sees only {@link io.keyport.desktop.tokens.KeySource}
 * and the TUF {@link io.keyport.model.tuf.signer.Signer}s it hands out; private keys never leave a token.
 */
package io.keyport.desktop.tokens;
