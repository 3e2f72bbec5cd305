package io.keyport.desktop.images;

import java.util.Locale;

/**
 * A manifest whose {@code subject} is the tag's image (OCI referrers API): a signature, an SBOM, an
 * attestation, or another artifact, told apart by its artifact type.
 */
public record Referrer(String digest, String artifactType, long size, String created) {

    /** Signature, SBOM, Attestation, or the artifact type itself. */
    public String kind() {
        String type = artifactType == null ? "" : artifactType.toLowerCase(Locale.ROOT);
        if (type.contains("signature") || type.contains("cosign") || type.contains("notary")) {
            return "Signature";
        }
        if (type.contains("sbom") || type.contains("spdx") || type.contains("cyclonedx")) {
            return "SBOM";
        }
        if (type.contains("in-toto") || type.contains("attestation") || type.contains("provenance")) {
            return "Attestation";
        }
        return artifactType == null ? "Artifact" : artifactType;
    }

    static Referrer of(Descriptor descriptor) {
        return new Referrer(
                descriptor.digest(),
                descriptor.artifactType(),
                descriptor.size(),
                descriptor.annotations().get("org.opencontainers.image.created"));
    }
}
