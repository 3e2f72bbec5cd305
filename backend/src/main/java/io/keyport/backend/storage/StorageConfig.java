package io.keyport.backend.storage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The content storage's settings ({@code KEYPORT_STORAGE}, {@code KEYPORT_S3_*},
 * {@code KEYPORT_STORAGE_PURGE_*}), parsed by {@link io.keyport.backend.KeyportConfig}; read by
 * {@link BlobStorages} and the platform's staging purge, by nothing else.
 *
 * @param backend       which backend holds the blobs
 * @param directory     the filesystem backend's folder ({@code <data>/blobs})
 * @param s3            the bucket; present exactly when {@code backend} is {@link Backend#S3}
 * @param purgeAfter    staged writes untouched this long are removed ({@link StagingPurge})
 * @param purgeInterval how often the purge runs
 */
public record StorageConfig(
        Backend backend, Path directory, Optional<S3Config> s3, Duration purgeAfter, Duration purgeInterval) {

    /** The backends {@code KEYPORT_STORAGE} names. */
    public enum Backend {
        FILESYSTEM,
        S3
    }

    public StorageConfig {
        if (s3.isPresent() != (backend == Backend.S3)) {
            throw new IllegalArgumentException("S3 settings are used exactly with KEYPORT_STORAGE=s3");
        }
        if (purgeAfter.isNegative()) {
            throw new IllegalArgumentException("KEYPORT_STORAGE_PURGE_AFTER must not be negative: " + purgeAfter);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("KEYPORT_STORAGE_PURGE_INTERVAL must be positive: " + purgeInterval);
        }
    }
}
