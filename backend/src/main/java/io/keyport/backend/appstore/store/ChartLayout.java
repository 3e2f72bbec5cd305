package io.keyport.backend.appstore.store;

import io.keyport.backend.storage.BlobKeys;

/**
 * Where chart archives live in the blob storage; every key of the App Store is built here.
 *
 * <pre>
 * charts/
 * └── sha256/
 *     └── &lt;64 hex digits&gt;      one chart archive (.tgz), named by the SHA-256 of its bytes
 * </pre>
 *
 * Content-addressed: the same bytes always land on the same key, and a key never changes content.
 */
public final class ChartLayout {

    private ChartLayout() {}

    /** The key of the archive whose SHA-256 (lower-case hex) is {@code digest}. */
    public static String archive(String digest) {
        if (!digest.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: " + digest);
        }
        return BlobKeys.requireValid("charts/sha256/" + digest);
    }
}
