package io.keyport.backend.archives;

/**
 * Settings of the archives domain ({@code KEYPORT_ARCHIVES_*}), parsed by
 * {@link io.keyport.backend.KeyportConfig}.
 *
 * @param maxSize the largest archive accepted, in bytes ({@code KEYPORT_ARCHIVES_MAX_SIZE}); a larger
 *                upload answers 413 and stores nothing
 */
public record ArchivesConfig(long maxSize) {

    /** 256 MiB. */
    public static final long DEFAULT_MAX_SIZE = 256L << 20;

    public ArchivesConfig {
        if (maxSize < 1024) {
            throw new IllegalArgumentException("KEYPORT_ARCHIVES_MAX_SIZE must be at least 1024 bytes");
        }
    }

    public static ArchivesConfig defaults() {
        return new ArchivesConfig(DEFAULT_MAX_SIZE);
    }
}
