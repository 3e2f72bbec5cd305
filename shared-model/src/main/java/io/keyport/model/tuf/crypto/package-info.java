/**
 * TUF keys and signature schemes on the JDK's providers: Ed25519, ECDSA P-256/P-384 (DER signatures),
 * RSASSA-PSS with SHA-256; key encodings as securesystemslib publishes them; PEM.
 */
package io.keyport.model.tuf.crypto;
