package io.keyport.backend.storage;

import java.time.Duration;
import java.util.logging.Logger;

/**
 * Removes staged writes that nobody wrote to or resumed for {@code olderThan}
 * ({@link BlobStorage#purgeStaging}): the bytes of uploads that were abandoned, or whose process
 * died. Run periodically by the platform (decisions 0002 and 0007).
 */
public final class StagingPurge implements Runnable {

    private static final Logger LOG = Logger.getLogger(StagingPurge.class.getName());

    private final BlobStorage storage;
    private final Duration olderThan;

    public StagingPurge(BlobStorage storage, Duration olderThan) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("KEYPORT_STORAGE_PURGE_AFTER must not be negative: " + olderThan);
        }
        this.storage = storage;
        this.olderThan = olderThan;
    }

    @Override
    public void run() {
        int purged = storage.purgeStaging(olderThan);
        if (purged > 0) {
            LOG.info("Purged " + purged + " staged writes untouched for " + olderThan);
        }
    }
}
