package io.keyport.backend.registry;

import io.keyport.model.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Manifests the registry tests push, built from the descriptors of blobs pushed before. */
public final class Images {

    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String EMPTY_CONFIG = "application/vnd.oci.empty.v1+json";

    private Images() {}

    /** A descriptor. */
    public record Blob(String mediaType, Digest digest, long size) {
        String json() {
            return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";
        }
    }

    public static Blob blob(String mediaType, byte[] bytes) {
        return new Blob(mediaType, Digest.sha256(bytes), bytes.length);
    }

    /** An OCI image manifest of a config and layers, with optional extra top-level fields. */
    public static byte[] manifest(Blob config, List<Blob> layers, String extra) {
        StringBuilder b = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":")
                .append(config.json())
                .append(",\"layers\":[");
        for (int i = 0; i < layers.size(); i++) {
            b.append(i == 0 ? "" : ",").append(layers.get(i).json());
        }
        b.append("]");
        if (extra != null) {
            b.append(",").append(extra);
        }
        return b.append("}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An OCI index of child manifests. */
    public static byte[] index(List<Blob> manifests) {
        StringBuilder b = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[");
        for (int i = 0; i < manifests.size(); i++) {
            b.append(i == 0 ? "" : ",").append(manifests.get(i).json());
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A subject descriptor field for {@link #manifest}'s {@code extra}. */
    public static String subject(Blob subject) {
        return "\"subject\":" + subject.json();
    }
}
