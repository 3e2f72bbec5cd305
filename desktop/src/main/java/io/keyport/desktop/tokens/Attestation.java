package io.keyport.desktop.tokens;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Proof that a key was generated on the device: the chain from the key's attestation certificate up to
 * the vendor's root, and whether it verified against the roots the console trusts ({@code detail} says
 * why not).
 */
public record Attestation(List<X509Certificate> chain, boolean verified, String detail) {
    public Attestation {
        chain = List.copyOf(chain);
        detail = detail == null ? "" : detail;
    }
}
