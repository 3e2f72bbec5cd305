package io.keyport.backend.storage;

import java.time.Clock;

/**
 * Opens the {@link BlobStorage} backend that {@link StorageConfig#backend()} names
 * ({@code KEYPORT_STORAGE}); the only place that maps a backend to its implementation. The server
 * wires the result in explicitly.
 */
public final class BlobStorages {

    /** The folder under the data directory that holds the filesystem backend's blobs. */
    public static final String FILESYSTEM_FOLDER = "blobs";

    private BlobStorages() {}

    /**
     * {@code filesystem} (the default): a {@link FilesystemStorage} in {@link StorageConfig#directory()}
     * ({@code <data>/blobs}); {@code s3}: an {@link S3Storage} on the bucket of the {@code KEYPORT_S3_*}
     * settings, which must exist. Both take the purge's cut-off from {@code clock} (the platform's).
     *
     * @throws StorageException if the storage cannot be opened (a folder that cannot be created, a
     *         bucket that cannot be reached)
     */
    public static BlobStorage create(StorageConfig config, Clock clock) {
        return switch (config.backend()) {
            case FILESYSTEM -> new FilesystemStorage(config.directory(), clock);
            case S3 -> new S3Storage(config.s3().orElseThrow(), clock);
        };
    }
}
