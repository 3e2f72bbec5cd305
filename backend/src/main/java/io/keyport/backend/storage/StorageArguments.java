package io.keyport.backend.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** The argument checks of {@link BlobStorage} that are not about keys, shared by every backend. */
final class StorageArguments {

    private StorageArguments() {}

    /** The offset of {@link BlobStorage#openReader(String, long)}, if not negative. */
    static long requireOffset(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        return offset;
    }

    /** Throws the contract's {@link IllegalArgumentException} for an offset past the blob's end. */
    static void requireWithin(long offset, long size) {
        if (offset > size) {
            throw new IllegalArgumentException("offset " + offset + " is beyond the blob's size " + size);
        }
    }

    /** The validity of {@link BlobStorage#redirectUrl(String, Duration)}, if positive. */
    static Duration requireValidity(Duration validity) {
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive: " + validity);
        }
        return validity;
    }

    /**
     * The instant before which (inclusive) staged writes are old enough for {@link BlobStorage#purgeStaging}:
     * {@code olderThan} before the storage's clock (the platform's).
     */
    static Instant purgeCutoff(Duration olderThan, Clock clock) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        return clock.instant().minus(olderThan);
    }
}
