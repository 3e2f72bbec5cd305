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
     * {@code filesystem} (the default): a {@link FilesystemStorage} in {@code <data>/blobs}.
     *
     * @throws IllegalArgumentException for {@code s3}, which is not available yet, and any other value
     */
    public static BlobStorage create(KeyportConfig config) {
        String storage = config.storage().trim().toLowerCase(Locale.ROOT);
        return switch (storage) {
            case "filesystem" -> new FilesystemStorage(config.dataDir().resolve(FILESYSTEM_FOLDER));
            case "s3" -> throw new IllegalArgumentException("KEYPORT_STORAGE=s3 arrives with the image registry");
            default -> throw new IllegalArgumentException("KEYPORT_STORAGE=" + config.storage()
                    + " is not a storage backend; use filesystem (s3 arrives with the image registry)");
        };
    }
}
