package io.keyport.backend.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where and how {@link S3Storage} reaches its bucket, read from the {@code KEYPORT_S3_*} settings.
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
public record S3Settings(
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

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("KEYPORT_S3_BUCKET is required with KEYPORT_STORAGE=s3");
        }
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("set both KEYPORT_S3_ACCESS_KEY and KEYPORT_S3_SECRET_KEY, or neither");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("the part size must be at least " + MIN_PART_SIZE + " bytes: " + partSize);
        }
    }

    /**
     * From the {@code KEYPORT_S3_*} settings as {@link io.keyport.backend.KeyportConfig#s3()} holds
     * them: lower-case names without the prefix ({@code endpoint}, {@code bucket}, {@code region},
     * {@code access_key}, {@code secret_key}, {@code path_style}, {@code redirect}).
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static S3Settings from(Map<String, String> s3) {
        return new S3Settings(
                Optional.ofNullable(s3.get("endpoint")).map(S3Settings::endpoint),
                s3.get("bucket"),
                s3.getOrDefault("region", "us-east-1"),
                Optional.ofNullable(s3.get("access_key")),
                Optional.ofNullable(s3.get("secret_key")),
                flag(s3, "path_style"),
                flag(s3, "redirect"),
                DEFAULT_PART_SIZE);
    }

    /** The same settings with another part size (tests use the 5 MiB minimum). */
    public S3Settings withPartSize(int size) {
        return new S3Settings(endpoint, bucket, region, accessKey, secretKey, pathStyle, redirect, size);
    }

    private static URI endpoint(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("KEYPORT_S3_ENDPOINT must be an http or https URL: " + value);
    }

    private static boolean flag(Map<String, String> s3, String name) {
        String value = s3.getOrDefault(name, "false").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    "KEYPORT_S3_" + name.toUpperCase(Locale.ROOT) + " must be true or false: " + s3.get(name));
        };
    }

    @Override
    public String toString() { // never print the secret
        return "S3Settings[endpoint=" + endpoint.map(URI::toString).orElse("AWS") + ", bucket=" + bucket
                + ", region=" + region + ", pathStyle=" + pathStyle + ", redirect=" + redirect + ", partSize=" + partSize + "]";
    }
}
