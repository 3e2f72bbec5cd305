package io.keyport.backend.archives.store;

import io.keyport.backend.storage.BlobKeys;

/**
 * Where archive contents live in blob storage. Contents are addressed by their SHA-256, so an
 * archive uploaded to several workspaces is stored once; the workspaces are rows, not keys.
 *
 * <pre>
 * archives/
 * └── sha256/
 *     └── &lt;64 hex digits&gt;      the archive's bytes, exactly as uploaded
 * </pre>
 */
public final class ArchiveLayout {

    private ArchiveLayout() {}

    /** The key of the content with SHA-256 {@code id} (64 lower-case hex digits, checked by the caller). */
    public static String content(String id) {
        return BlobKeys.requireValid("archives/sha256/" + id);
    }
}
