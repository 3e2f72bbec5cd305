package io.keyport.backend.storage;

import java.net.URI;
import java.util.Optional;

/**
 * Where and how {@link S3Storage} reaches its bucket: the {@code KEYPORT_S3_*} settings, parsed by
 * {@link io.keyport.backend.KeyportConfig}.
 *
 * @param endpoint  the S3 API's base URL for an S3-compatible store (MinIO, Ceph, Garage, s3proxy …);
 *                  empty for AWS itself, where the region picks the endpoint
 * @param bucket    the bucket, which must exist; the server never creates or deletes buckets
 * @param region    the signing region; {@code us-east-1} unless set (most S3-compatible stores accept it)
 * @param accessKey with {@code secretKey}: static credentials; both empty: the SDK's default chain
 *                  (environment, system properties, profile, container and instance credentials)
 * @param secretKey see {@code accessKey}
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}; most
 *                  self-hosted stores need it
 * @param redirect  whether {@link S3Storage#redirectUrl} offers presigned GET URLs, so that clients
 *                  download blobs from the store directly; the store must then be reachable by clients
 * @param partSize  the size of a multipart upload's parts, at least {@value #MIN_PART_SIZE} bytes
 *                  (S3's minimum); each open writer buffers up to one part in memory, and a blob has at
 *                  most {@value S3Storage#MAX_PARTS} parts
 */
public record S3Config(
        Optional<URI> endpoint,
        String bucket,
        String region,
        Optional<String> accessKey,
        Optional<String> secretKey,
        boolean pathStyle,
        boolean redirect,
        int partSize) {

    /** S3's smallest part (except the last). */
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;
    /** 8 MiB parts: blobs up to 78 GiB, 8 MiB of memory per open writer at most. */
    public static final int DEFAULT_PART_SIZE = 8 * 1024 * 1024;

    public S3Config {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("KEYPORT_S3_BUCKET is required with KEYPORT_STORAGE=s3");
        }
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("set both KEYPORT_S3_ACCESS_KEY and KEYPORT_S3_SECRET_KEY, or neither");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException(
                    "the part size must be at least " + MIN_PART_SIZE + " bytes: " + partSize);
        }
    }

    /** The same settings with another part size (tests use the 5 MiB minimum). */
    public S3Config withPartSize(int size) {
        return new S3Config(endpoint, bucket, region, accessKey, secretKey, pathStyle, redirect, size);
    }

    @Override
    public String toString() { // never print the secret
        return "S3Config[endpoint=" + endpoint.map(URI::toString).orElse("AWS") + ", bucket=" + bucket + ", region="
                + region + ", pathStyle=" + pathStyle + ", redirect=" + redirect + ", partSize=" + partSize + "]";
    }
}
