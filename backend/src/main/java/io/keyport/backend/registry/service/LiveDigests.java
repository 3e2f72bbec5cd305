package io.keyport.backend.registry.service;

import io.keyport.model.registry.Digest;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The running JDK digests of the upload sessions this replica served last, so that the next chunk
 * of a session continues its hash with the SHA instructions instead of the saved, portable but
 * slower {@link ResumableDigest} (decision 0040). Bounded: beyond {@code capacity} sessions the
 * one served longest ago is dropped. A digest is handed out at most once ({@link #take}) and only
 * for the size the session has now, so a session that another replica moved on, or two requests
 * racing on one session, never continue a hash that does not match the staged bytes. It is a cache:
 * losing an entry (eviction, restart, another replica) only costs one re-hash of the staged bytes.
 */
public final class LiveDigests {

    /** Sessions kept by default: a SHA-256 or SHA-512 state is a few hundred bytes. */
    public static final int DEFAULT_CAPACITY = 4096;

    /** A session's digest of its first {@code length} bytes. */
    record Live(Digest.Algorithm algorithm, MessageDigest digest, long length) {}

    private final Map<String, Live> sessions;

    public LiveDigests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.sessions = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Live> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Removes and returns the digest of session {@code id} if it covers exactly {@code size} bytes
     * of {@code algorithm}; otherwise removes whatever was kept for it and answers empty.
     */
    synchronized Optional<Live> take(String id, long size, Digest.Algorithm algorithm) {
        Live live = sessions.remove(id);
        if (live == null || live.length() != size || live.algorithm() != algorithm) {
            return Optional.empty();
        }
        return Optional.of(live);
    }

    /** Keeps the digest of session {@code id} after a request that ended with {@code live.length()} bytes. */
    synchronized void keep(String id, Live live) {
        sessions.remove(id); // re-inserted as the newest
        sessions.put(id, live);
    }

    /** Drops what is kept for session {@code id} (completed, cancelled, ended or collected). */
    public synchronized void forget(String id) {
        sessions.remove(id);
    }

    /** How many sessions are kept now. */
    public synchronized int size() {
        return sessions.size();
    }
}
