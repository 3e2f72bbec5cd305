package io.keyport.backend.storage;

import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@link BlobStorage} in the heap, for fast tests. The bytes live in a {@link Store}; several
 * instances built on one {@code Store} behave like replicas on one backing store (they share blobs
 * and staged writes, nothing else), which is how the contract suite tests resume across instances.
 *
 * <p>Writers append straight into the store, so a writer that is dropped without suspend leaves every
 * byte it wrote for {@link #resumeWriter(String)}. Content is held in chunks of at most
 * {@value #CHUNK} bytes, so large blobs are never copied into one array.
 */
public final class InMemoryStorage implements BlobStorage {

    static final int CHUNK = 1024 * 1024;

    /** The shared backing store: committed blobs and staged writes. Thread-safe. */
    public static final class Store {
        private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
        private final Map<String, Staged> staged = new ConcurrentHashMap<>();
    }

    private record Blob(List<byte[]> chunks, long size, Instant lastModified) {}

    /** Bytes of one staged write; guarded by its own monitor. */
    private static final class Staged {
        private final Clock clock;
        private final List<byte[]> chunks = new ArrayList<>();
        private int lastLength;
        private long size;
        private Instant touched;

        Staged(Clock clock) {
            this.clock = clock;
            this.touched = clock.instant();
        }

        synchronized void append(byte[] b, int off, int len) {
            while (len > 0) {
                if (chunks.isEmpty() || lastLength == CHUNK) {
                    chunks.add(new byte[Math.min(CHUNK, Math.max(len, 4096))]);
                    lastLength = 0;
                }
                byte[] last = chunks.get(chunks.size() - 1);
                if (last.length == lastLength) { // grow a small last chunk towards CHUNK
                    last = java.util.Arrays.copyOf(last, Math.min(CHUNK, Math.max(last.length * 2, lastLength + len)));
                    chunks.set(chunks.size() - 1, last);
                }
                int n = Math.min(len, last.length - lastLength);
                System.arraycopy(b, off, last, lastLength, n);
                lastLength += n;
                size += n;
                off += n;
                len -= n;
            }
            touched = clock.instant();
        }

        synchronized long size() {
            return size;
        }

        synchronized Instant touched() {
            return touched;
        }

        synchronized void touch() {
            touched = clock.instant();
        }

        /** The content as immutable chunks (the last one trimmed to its length). */
        synchronized Blob toBlob() {
            List<byte[]> copy = new ArrayList<>(chunks);
            if (!copy.isEmpty()) {
                copy.set(copy.size() - 1, java.util.Arrays.copyOf(copy.get(copy.size() - 1), lastLength));
            }
            return new Blob(List.copyOf(copy), size, clock.instant());
        }
    }

    private final Store store;
    private final Clock clock;
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    /** An empty storage with a store of its own, stamping writes and purging by {@code clock}. */
    public InMemoryStorage(Clock clock) {
        this(new Store(), clock);
    }

    /** An instance on {@code store}, sharing its blobs and staged writes with every other such instance. */
    public InMemoryStorage(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** The backing store, for building another instance on it. */
    public Store store() {
        return store;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Blob blob = store.blobs.get(BlobKeys.requireValid(key));
        return blob == null ? Optional.empty() : Optional.of(new BlobInfo(blob.size(), blob.lastModified()));
    }

    @Override
    public InputStream openReader(String key, long offset) {
        BlobKeys.requireValid(key);
        StorageArguments.requireOffset(offset);
        Blob blob = store.blobs.get(key);
        if (blob == null) {
            throw new NoSuchBlobException(key);
        }
        StorageArguments.requireWithin(offset, blob.size());
        return new ChunkReader(blob.chunks(), offset);
    }

    @Override
    public BlobWriter openWriter() {
        String id = BlobKeys.newWriterId();
        Staged staged = new Staged(clock);
        store.staged.put(id, staged);
        open.add(id);
        return new Writer(id, staged);
    }

    @Override
    public Optional<BlobWriter> resumeWriter(String id) {
        BlobKeys.requireValidWriterId(id);
        if (!open.add(id)) {
            throw new IllegalStateException("the staged write " + id + " already has an open writer");
        }
        Staged staged = store.staged.get(id);
        if (staged == null) {
            open.remove(id);
            return Optional.empty();
        }
        staged.touch();
        return Optional.of(new Writer(id, staged));
    }

    @Override
    public Stream<String> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        String start = prefix.isEmpty() ? "" : prefix + "/";
        return List.copyOf(store.blobs.keySet()).stream().filter(key -> key.startsWith(start));
    }

    @Override
    public boolean delete(String key) {
        return store.blobs.remove(BlobKeys.requireValid(key)) != null;
    }

    @Override
    public Optional<URI> redirectUrl(String key, Duration validity) {
        BlobKeys.requireValid(key);
        StorageArguments.requireValidity(validity);
        return Optional.empty();
    }

    @Override
    public int purgeStaging(Duration olderThan) {
        Instant cutoff = StorageArguments.purgeCutoff(olderThan, clock);
        int purged = 0;
        for (Map.Entry<String, Staged> entry : store.staged.entrySet()) {
            if (!entry.getValue().touched().isAfter(cutoff) && store.staged.remove(entry.getKey(), entry.getValue())) {
                purged++;
            }
        }
        return purged;
    }

    @Override
    public String toString() {
        return "InMemoryStorage[" + store.blobs.size() + " blobs]";
    }

    /** Reads a committed blob's chunks from an offset. */
    private static final class ChunkReader extends InputStream {
        private final List<byte[]> chunks;
        private int chunk;
        private int position;

        ChunkReader(List<byte[]> chunks, long offset) {
            this.chunks = chunks;
            long skip = offset;
            while (chunk < chunks.size() && skip >= chunks.get(chunk).length) {
                skip -= chunks.get(chunk).length;
                chunk++;
            }
            position = (int) skip;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            while (chunk < chunks.size() && position == chunks.get(chunk).length) {
                chunk++;
                position = 0;
            }
            if (chunk == chunks.size()) {
                return -1;
            }
            byte[] current = chunks.get(chunk);
            int n = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, n);
            position += n;
            return n;
        }
    }

    private final class Writer extends StagedBlobWriter {

        private final Staged staged;

        Writer(String id, Staged staged) {
            super(id, open);
            this.staged = staged;
        }

        @Override
        protected void append(byte[] b, int off, int len) {
            staged.append(b, off, len);
        }

        @Override
        public long size() {
            return staged.size();
        }

        @Override
        protected void publish(String key) {
            if (!store.staged.remove(id(), staged)) {
                throw new StorageException("commit " + key + " failed: the staged bytes were purged");
            }
            store.blobs.put(key, staged.toBlob());
        }

        @Override
        protected void discard() {
            store.staged.remove(id(), staged);
        }

        @Override
        protected void keep() {
            // every byte is in the store already
        }

        @Override
        public boolean readsStaged() {
            return true;
        }

        @Override
        protected InputStream openStaged() {
            return new ChunkReader(staged.toBlob().chunks(), 0);
        }
    }
}
