package io.keyport.backend.identity.service;

import io.keyport.backend.storage.OwnerOnly;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the server's secrets to the data folder (the token signing key, the first admin's
 * generated password): owner-only permissions from the first byte (in a 0700 folder), synced, and renamed into place
 * atomically, so a crash never leaves a half-written or world-readable secret.
 */
public final class SecretFiles {

    private SecretFiles() {}

    /** Replaces {@code file} with {@code content}, mode 0600 where the file system has POSIX modes. */
    public static void write(Path file, String content) throws IOException {
        OwnerOnly.writeSecret(file, content);
    }
}
