package io.keyport.backend.storage;

import java.time.Instant;

/**
 * What {@link BlobStorage#stat(String)} knows about a committed blob: its length in bytes and when it
 * was last committed. Nothing else (no content type, no digest): those belong to the layer above.
 */
public record BlobInfo(long size, Instant lastModified) {

    public BlobInfo {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        java.util.Objects.requireNonNull(lastModified, "lastModified");
    }
}
