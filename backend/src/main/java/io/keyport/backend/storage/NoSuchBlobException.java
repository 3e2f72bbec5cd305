package io.keyport.backend.storage;

/** The key names no committed blob. Thrown by {@link BlobStorage#openReader(String, long)}. */
public class NoSuchBlobException extends StorageException {

    private final String key;

    public NoSuchBlobException(String key) {
        super("no blob at " + key);
        this.key = key;
    }

    /** The key that was asked for. */
    public String key() {
        return key;
    }
}
