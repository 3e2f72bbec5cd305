package io.keyport.backend.storage;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link BlobStorage} on a local directory: the blob under key {@code a/b/c} is the file
 * {@code <root>/a/b/c}. This is the embedded default, {@code <data>/blobs}.
 *
 * <pre>
 * &lt;root&gt;/
 * ├── _uploads/&lt;writer id&gt; staged writes; same file system as the blobs, so commit is a rename
 * └── &lt;key segments…&gt;     committed blobs, one file each
 * </pre>
 *
 * <p>Directories are created 0700 and files 0600 ({@link OwnerOnly}).
 *
 * <p>Commit = flush, fsync the staged file, {@code rename(2)} it over the target (atomic, replaces),
 * fsync the target's directory and every directory the commit created. Delete removes the file and
 * then any directories it left empty, so the tree does not fill with empty folders; a commit racing
 * with that clean-up recreates its directories and retries. Several processes may share one root.
 *
 * <p>Suspend = flush the staged file to the operating system and close it; its fsync runs in the
 * background (write-behind), since commit fsyncs the whole file anyway: the client's next chunk does
 * not wait for the disk. Resume opens it again for appending, its length being the staged size, and
 * touches its modification time (which purge reads as "last written"). After a crash of the process
 * the staged file holds every byte suspended; after a crash of the machine it may hold fewer, which
 * resume reports as a shorter size (decision 0036).
 *
 * <p>Large writes are flushed as they stream: every {@link #WRITE_BEHIND} bytes the buffered bytes go
 * to the operating system and an fsync of what is there starts in the background, so that the disk
 * writes while the network delivers and commit's own fsync finds little left to do.
 */
public final class FilesystemStorage implements BlobStorage {

    /** The staging folder under the root; its leading '_' keeps it outside the key space ({@link BlobKeys}). */
    static final String STAGING = "_uploads";

    private static final int BUFFER = 256 * 1024;
    /** Bytes between two background fsyncs of a staged write that is being written. */
    static final long WRITE_BEHIND = 16L << 20;
    /** Runs the background fsyncs (write-behind); virtual threads, nothing to shut down. */
    private static final java.util.concurrent.Executor FLUSHER =
            runnable -> Thread.ofVirtual().name("keyport-staging-fsync").start(runnable);

    private static final int COMMIT_ATTEMPTS = 10;
    private static final boolean WINDOWS = File.separatorChar == '\\';

    private final Path root;
    private final Path staging;
    /** Ids of the staged writes with an open writer in this instance, to refuse a second one. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    private final Clock clock;

    /**
     * Opens (creating if needed) the storage rooted at {@code root}; {@code clock} (the platform's)
     * stamps resumed writes and sets the purge's cut-off, which is compared with the files'
     * modification times.
     */
    public FilesystemStorage(Path root, Clock clock) {
        this.clock = clock;
        try {
            this.root = OwnerOnly.createDirectories(root).toRealPath();
            this.staging = OwnerOnly.createDirectories(this.root.resolve(STAGING));
            OwnerOnly.restrict(this.root);
            OwnerOnly.restrict(staging);
        } catch (IOException e) {
            throw new StorageException("cannot create the blob storage at " + root + ": " + e.getMessage(), e);
        }
    }

    /** The root directory (real path). */
    public Path root() {
        return root;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        Path path = path(key);
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
            return a.isRegularFile()
                    ? Optional.of(new BlobInfo(a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (IOException e) {
            if (absent(path, e)) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        }
    }

    @Override
    public InputStream openReader(String key, long offset) {
        Path path = path(key);
        StorageArguments.requireOffset(offset);
        if (stat(key).isEmpty()) { // POSIX opens a directory for reading, so ask first whether this is a blob
            throw new NoSuchBlobException(key);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (IOException e) {
            if (absent(path, e)) {
                throw new NoSuchBlobException(key);
            }
            throw failure("open", key, e);
        }
        boolean opened = false;
        try {
            long size = channel.size();
            StorageArguments.requireWithin(offset, size);
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            opened = true;
            return in;
        } catch (IOException e) {
            throw failure("open", key, e);
        } finally {
            if (!opened) {
                closeQuietly(channel);
            }
        }
    }

    @Override
    public BlobWriter openWriter() {
        String id = BlobKeys.newWriterId();
        Path staged = staging.resolve(id);
        try {
            FileChannel channel = FileChannel.open(
                    staged,
                    java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    OwnerOnly.file(staged));
            open.add(id);
            return new StagedWriter(id, staged, channel, 0);
        } catch (IOException e) {
            throw new StorageException("cannot stage a write in " + staging + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BlobWriter> resumeWriter(String id) {
        Path staged = staging.resolve(BlobKeys.requireValidWriterId(id));
        if (!open.add(id)) {
            throw new IllegalStateException("the staged write " + id + " already has an open writer");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(staged, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            Files.setLastModifiedTime(staged, FileTime.from(clock.instant()));
            return Optional.of(new StagedWriter(id, staged, channel, channel.size()));
        } catch (NoSuchFileException e) {
            open.remove(id);
            return Optional.empty();
        } catch (IOException e) {
            open.remove(id);
            if (channel != null) {
                closeQuietly(channel);
            }
            throw new StorageException("cannot resume the staged write " + id + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Stream<String> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        Path start = prefix.isEmpty() ? root : root.resolve(prefix);
        Iterator<String> keys = new KeyIterator(start);
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(keys, Spliterator.NONNULL | Spliterator.DISTINCT), false);
    }

    @Override
    public boolean delete(String key) {
        Path path = path(key);
        try {
            if (!Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS)
                    .isRegularFile()) {
                return false;
            }
            Files.delete(path);
        } catch (IOException e) {
            if (absent(path, e)) {
                return false;
            }
            throw failure("delete", key, e);
        }
        pruneEmptyDirectories(path.getParent());
        return true;
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
        try (DirectoryStream<Path> staged = Files.newDirectoryStream(staging)) {
            for (Path file : staged) {
                try {
                    if (!Files.getLastModifiedTime(file, NOFOLLOW_LINKS)
                                    .toInstant()
                                    .isAfter(cutoff)
                            && Files.deleteIfExists(file)) {
                        purged++;
                    }
                } catch (NoSuchFileException e) {
                    // committed or cancelled meanwhile
                }
            }
        } catch (IOException | DirectoryIteratorException e) {
            throw new StorageException("cannot purge " + staging + ": " + e.getMessage(), e);
        }
        return purged;
    }

    @Override
    public String toString() {
        return "FilesystemStorage[" + root + "]";
    }

    private Path path(String key) {
        return root.resolve(BlobKeys.requireValid(key));
    }

    private String key(Path file) {
        String relative = root.relativize(file).toString();
        return File.separatorChar == '/' ? relative : relative.replace(File.separatorChar, '/');
    }

    /**
     * Whether {@code e} only says that nothing is at {@code path}: the file is missing, or a segment
     * of the key is a blob (a file) rather than a directory, which POSIX reports as ENOTDIR.
     */
    private boolean absent(Path path, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return true;
        }
        if (e instanceof FileSystemException) {
            for (Path dir = path.getParent();
                    dir != null && dir.startsWith(root) && !dir.equals(root);
                    dir = dir.getParent()) {
                if (Files.isRegularFile(dir, NOFOLLOW_LINKS)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Moves a staged file to its key: the atomic, durable heart of {@link BlobWriter#commit}. */
    private void publish(Path staged, Path target) throws IOException {
        Path parent = target.getParent();
        for (int attempt = 1; ; attempt++) {
            Path topCreated = createDirectories(parent);
            try {
                // POSIX rename(2) replaces the target atomically; on Windows ATOMIC_MOVE uses
                // MoveFileEx(MOVEFILE_REPLACE_EXISTING). REPLACE_EXISTING is documented as ignored.
                Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                if (!Files.exists(staged, NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(staged.toString(), null, "the staged bytes were purged");
                }
                if (attempt < COMMIT_ATTEMPTS) {
                    continue; // a delete pruned the directory we just created; create it again
                }
                throw e;
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the staging folder " + staging + " is on another file system than " + target, e);
            }
            Path last = topCreated == null ? parent : topCreated.getParent();
            for (Path dir = parent; ; dir = dir.getParent()) {
                fsyncDirectory(dir);
                if (dir.equals(last)) {
                    return;
                }
            }
        }
    }

    /**
     * {@link Files#createDirectories} that also reports the highest directory it had to create (or
     * found created by a racing commit), so that commit knows which parents to fsync; null if
     * {@code dir} existed.
     */
    private static Path createDirectories(Path dir) throws IOException {
        Deque<Path> missing = new ArrayDeque<>();
        for (Path d = dir; !Files.isDirectory(d); d = d.getParent()) {
            missing.push(d);
        }
        Path top = missing.peek();
        for (Path d : missing) {
            try {
                Files.createDirectory(d, OwnerOnly.directory(d));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(d)) {
                    throw new FileAlreadyExistsException(d.toString(), null, "a blob is in the way of this key");
                }
            }
        }
        return top;
    }

    private static void fsyncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return; // a directory cannot be opened as a channel there; NTFS journals the rename itself
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Removes directories left empty by a delete, up to (never including) the root. */
    private void pruneEmptyDirectories(Path dir) {
        for (Path d = dir; d != null && d.startsWith(root) && !d.equals(root); d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (IOException e) {
                return; // DirectoryNotEmptyException is the normal stop; otherwise only tidiness is lost
            }
        }
    }

    private static StorageException failure(String operation, String key, IOException e) {
        return new StorageException(operation + " " + key + " failed: " + e.getMessage(), e);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // the primary failure is reported by the caller
        }
    }

    /**
     * Depth-first walk that reads one directory at a time, so listing a large tree holds only the
     * pending entries, never the whole key space. Entries that vanish during the walk are skipped.
     */
    private final class KeyIterator implements Iterator<String> {

        private final Deque<Path> pending = new ArrayDeque<>();
        private String next;

        KeyIterator(Path start) {
            readDirectory(start); // a prefix that names a blob or nothing lists nothing
        }

        @Override
        public boolean hasNext() {
            while (next == null && !pending.isEmpty()) {
                Path path = pending.pop();
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
                } catch (IOException e) {
                    if (absent(path, e)) {
                        continue;
                    }
                    throw failure("list", key(path), e);
                }
                if (a.isDirectory() && !path.equals(staging)) {
                    readDirectory(path);
                } else if (a.isRegularFile()) {
                    String key = key(path);
                    if (BlobKeys.isValid(key)) {
                        next = key;
                    }
                }
            }
            return next != null;
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            String key = next;
            next = null;
            return key;
        }

        private void readDirectory(Path dir) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path entry : entries) {
                    pending.push(entry);
                }
            } catch (NoSuchFileException | NotDirectoryException e) {
                // deleted while we walked
            } catch (IOException e) {
                throw failure("list", key(dir), e);
            } catch (DirectoryIteratorException e) {
                throw failure("list", key(dir), e.getCause());
            }
        }
    }

    /** A write staged in {@code _uploads/<id>}; see {@link BlobWriter} for the contract. */
    private final class StagedWriter extends StagedBlobWriter {

        private final Path staged;
        private final FileChannel channel;
        private final OutputStream out;
        private long size;
        /** Bytes appended since the last background fsync started. */
        private long unsynced;
        /** The background fsync in flight, if any. */
        private java.util.concurrent.CompletableFuture<Void> syncing;

        StagedWriter(String id, Path staged, FileChannel channel, long size) {
            super(id, open);
            this.size = size;
            this.staged = staged;
            this.channel = channel;
            this.out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        }

        @Override
        protected void append(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            size += len;
            unsynced += len;
            if (unsynced >= WRITE_BEHIND && (syncing == null || syncing.isDone())) {
                out.flush();
                unsynced = 0;
                syncing = java.util.concurrent.CompletableFuture.runAsync(this::forceQuietly, FLUSHER);
            }
        }

        /** An fsync whose failure is left for commit's own fsync to report. */
        private void forceQuietly() {
            try {
                channel.force(false);
            } catch (IOException | RuntimeException e) {
                // commit fsyncs again and fails there; a suspended write is checked by its size
            }
        }

        private void awaitSync() {
            if (syncing != null) {
                syncing.join();
            }
        }

        @Override
        protected void flushStaged() throws IOException {
            out.flush();
        }

        @Override
        public boolean readsStaged() {
            return true;
        }

        /** A channel of its own on the staged file, read up to the size written so far. */
        @Override
        protected InputStream openStaged() throws IOException {
            long length = size;
            InputStream in = Channels.newInputStream(FileChannel.open(staged, StandardOpenOption.READ));
            return new java.io.FilterInputStream(in) {
                private long left = length;

                @Override
                public int read() throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int b = super.read();
                    if (b >= 0) {
                        left--;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    if (n > 0) {
                        left -= n;
                    }
                    return n;
                }
            };
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        protected void publish(String key) throws IOException {
            Path target = path(key);
            out.flush();
            awaitSync();
            channel.force(true);
            out.close();
            FilesystemStorage.this.publish(staged, target);
        }

        @Override
        protected void discard() {
            awaitSync();
            closeQuietly(out);
            try {
                Files.deleteIfExists(staged);
            } catch (IOException e) {
                throw new StorageException("cannot remove the staged write " + staged + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected void keep() {
            try {
                out.flush();
            } catch (IOException e) {
                awaitSync();
                closeQuietly(out);
                throw new StorageException("cannot suspend the staged write " + id() + ": " + e.getMessage(), e);
            }
            if (WINDOWS) { // a file with an open handle cannot be removed there: close before returning
                awaitSync();
                forceQuietly();
                closeQuietly(out);
                return;
            }
            java.util.concurrent.CompletableFuture<Void> before = syncing;
            FLUSHER.execute(() -> {
                try {
                    if (before != null) {
                        before.join();
                    }
                    forceQuietly();
                } finally {
                    closeQuietly(out);
                }
            });
        }
    }
}
