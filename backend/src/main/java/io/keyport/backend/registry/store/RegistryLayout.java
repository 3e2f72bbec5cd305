package io.keyport.backend.registry.store;

import io.keyport.model.registry.Digest;

/**
 * The registry's keys in the platform's {@code BlobStorage}. Blobs are stored once per digest,
 * whichever repository pushed them (de-duplication); which repository may see a blob is in the
 * database ({@link BlobIndex}), never in the key. Manifests live in the database, not here.
 *
 * <pre>
 * registry/
 * └── blobs/
 *     ├── sha256/
 *     │   └── 4f/
 *     │       └── 4f3c...e1          the bytes of sha256:4f3c...e1
 *     └── sha512/
 *         └── 9b/9b71...0a
 * _uploads/&lt;session id&gt;            staged bytes of an upload session (the storage's own area)
 * </pre>
 */
public final class RegistryLayout {

    private RegistryLayout() {}

    /** The key of a blob's bytes. */
    public static String blobKey(Digest digest) {
        return "registry/blobs/" + digest.algorithm().id() + "/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }
}
