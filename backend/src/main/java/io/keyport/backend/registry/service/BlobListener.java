package io.keyport.backend.registry.service;

import io.keyport.model.registry.Digest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Told by {@link BlobService} of each blob it commits for the first time, in two steps: {@link
 * #committed} right after the bytes are committed to storage and before the blob's row is written,
 * outside any transaction (to read the bytes), and then the returned {@link Row} inside the
 * transaction that records the blob, so what it writes commits exactly with the blob (decision
 * 0060: the scan of a small layer for {@code scm-source.json}, {@link ScmSourceScan}). It is not
 * told of blobs that were stored already (de-duplicated or mounted).
 */
@FunctionalInterface
public interface BlobListener {

    /** Nobody listens. */
    BlobListener NONE = (digest, size) -> Row.NONE;

    /** Work on the committed bytes of {@code digest}; must not throw, a failure is left for later. */
    Row committed(Digest digest, long size);

    /** What to write in the blob's transaction. */
    @FunctionalInterface
    interface Row {
        /** Nothing to write. */
        Row NONE = (c, created) -> {};

        /** Writes in the transaction that records the blob, {@code created} its commit time. */
        void write(Connection c, Instant created) throws SQLException;
    }
}
