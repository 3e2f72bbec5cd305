package io.keyport.backend.storage;

import io.keyport.backend.KeyportConfig;
import java.util.Locale;

/**
 * Picks the {@link BlobStorage} backend named by {@code KEYPORT_STORAGE}. The only place that knows
 * the backends by name; the server wires the result in explicitly.
 */
public final class BlobStorages {

    /** The folder under the data directory that holds the filesystem backend's blobs. */
    public static final String FILESYSTEM_FOLDER = "blobs";

    private BlobStorages() {
    }

    /**
     * {@code filesystem} (the default): a {@link FilesystemStorage} in {@code <data>/blobs};
     * {@code s3}: an {@link S3Storage} on the bucket of the {@code KEYPORT_S3_*} settings
     * ({@link S3Settings#from}), which must exist.
     *
     * @throws IllegalArgumentException for any other value, or S3 settings that are missing or malformed
     * @throws StorageException if the storage cannot be opened (a folder that cannot be created, a
     *         bucket that cannot be reached)
     */
    public static BlobStorage create(KeyportConfig config) {
        String storage = config.storage().trim().toLowerCase(Locale.ROOT);
        return switch (storage) {
            case "filesystem" -> new FilesystemStorage(config.dataDir().resolve(FILESYSTEM_FOLDER));
            case "s3" -> new S3Storage(S3Settings.from(config.s3()));
            default -> throw new IllegalArgumentException("KEYPORT_STORAGE=" + config.storage()
                    + " is not a storage backend; use filesystem or s3");
        };
    }
}
