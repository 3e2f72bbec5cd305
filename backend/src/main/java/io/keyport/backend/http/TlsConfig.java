package io.keyport.backend.http;

import java.nio.file.Path;

/**
 * HTTPS on the server's port ({@code KEYPORT_TLS_*}), parsed by {@link io.keyport.backend.KeyportConfig};
 * {@link ServerTls} reads the files when the server starts. Without it the port serves plain HTTP.
 *
 * @param certFile   PEM certificates: the server's own first, then the chain up to (not necessarily
 *                   including) the root
 * @param keyFile    the PEM private key of the first certificate: unencrypted PKCS#8
 *                   ({@code BEGIN PRIVATE KEY}), RSA or EC
 * @param selfSigned the two files are the server's own loopback certificate in the data folder,
 *                   generated when missing or about to expire and reused otherwise
 */
public record TlsConfig(Path certFile, Path keyFile, boolean selfSigned) {

    /** The setting an operator changes when the files are wrong; every refusal starts with it. */
    String certVariable() {
        return selfSigned ? "KEYPORT_TLS_SELF_SIGNED" : "KEYPORT_TLS_CERT";
    }

    String keyVariable() {
        return selfSigned ? "KEYPORT_TLS_SELF_SIGNED" : "KEYPORT_TLS_KEY";
    }
}
