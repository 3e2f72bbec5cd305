package io.keyport.backend.storage;

/**
 * A storage operation that failed for a reason the caller cannot fix by changing its arguments: an
 * I/O error, a full disk, an unreachable object store. Unchecked so that the SPI's signatures stay
 * plain; the HTTP layer maps it to a 5xx once, centrally.
 */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
