package io.keyport.backend.registry.service;

import io.keyport.backend.db.Database;
import io.keyport.backend.db.GroupCommit;
import io.keyport.backend.registry.store.BlobIndex;
import io.keyport.backend.registry.store.RegistryLayout;
import io.keyport.backend.registry.store.UploadStore;
import io.keyport.backend.storage.BlobStorage;
import io.keyport.backend.storage.BlobWriter;
import io.keyport.backend.storage.OffloadedDigest;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Blob uploads and reads (OCI end-2, end-4a/b, end-5, end-6, end-11, end-13, end-14). Bytes stream
 * into a staged storage write and through the hash in one pass; a session's staged write is
 * suspended between requests, so any replica continues it. The hash between requests (decision
 * 0040): where the storage reads staged bytes back (filesystem), the replica that served a
 * session's last request keeps its JDK digest in memory ({@link LiveDigests}) and any other replica,
 * or this one after a restart, re-hashes the staged bytes once; where it cannot (S3), the portable
 * {@link ResumableDigest} state travels in the session's database row. A blob is committed under
 * its digest only when the digest the client names matches, once per digest whatever the
 * repository (de-duplication), and is visible in a repository only through a link row. Blob
 * uploads are not audited: the push is, once, with its manifest. The session and blob-record writes
 * of concurrent uploads share commits ({@link GroupCommit}, decision 0060); a small blob is scanned
 * for {@code scm-source.json} as it is committed ({@link BlobListener}).
 */
public final class BlobService {

    private static final int BUFFER = 64 * 1024;

    private final Database db;
    private final BlobStorage storage;
    private final BlobIndex blobs;
    private final UploadStore uploads;
    private final RegistryAccess access;
    private final Clock clock;
    private final Duration touchAfter;
    private final LiveDigests live;
    private final BlobListener listener;
    private final GroupCommit writes;

    /**
     * {@code touchAfter}: a HEAD or GET marks a blob as used when its last touch is older than this
     * (half the garbage collection grace period), so a client that skips an upload because the blob
     * exists can still push the manifest that references it. {@code listener} is told of each blob
     * committed for the first time.
     */
    public BlobService(
            Database db,
            BlobStorage storage,
            BlobIndex blobs,
            UploadStore uploads,
            RegistryAccess access,
            Clock clock,
            Duration touchAfter,
            LiveDigests live,
            BlobListener listener) {
        this.db = db;
        this.storage = storage;
        this.blobs = blobs;
        this.uploads = uploads;
        this.access = access;
        this.clock = clock;
        this.touchAfter = touchAfter;
        this.live = live;
        this.listener = listener;
        this.writes = new GroupCommit(db);
    }

    /** An open session: its id and the bytes received so far. */
    public record Session(String id, long size) {}

    /** The inclusive byte range a chunk claims ({@code Content-Range: start-end}). */
    public record ChunkRange(long start, long end) {
        public long length() {
            return end - start + 1;
        }
    }

    /** The body of a request and a callback run as its bytes arrive (the connection's read progress). */
    public record Body(InputStream in, Runnable progress) {}

    // ---- reads

    /** The size of a blob of {@code repository}; BLOB_UNKNOWN unless it is linked there. */
    public long stat(RegistryCaller caller, RepositoryName repository, Digest digest) {
        access.requirePull(caller, repository);
        BlobIndex.Linked linked = db.read(c -> blobs.linked(c, repository, digest))
                .orElseThrow(() ->
                        OciError.BLOB_UNKNOWN.with("blob unknown to registry", Map.of("digest", digest.toString())));
        Instant now = clock.instant();
        if (linked.touched().isBefore(now.minus(touchAfter))) {
            db.inTransaction(c -> {
                blobs.touchStale(c, List.of(digest), now, now.minus(touchAfter));
                return null;
            });
            if (db.read(c -> blobs.linked(c, repository, digest)).isEmpty()) {
                // garbage collection took it just before the touch
                throw OciError.BLOB_UNKNOWN.with("blob unknown to registry", Map.of("digest", digest.toString()));
            }
        }
        return linked.size();
    }

    /** The bytes of a blob from {@code offset}; call {@link #stat} first. The caller closes the stream. */
    public InputStream open(Digest digest, long offset) {
        return storage.openReader(RegistryLayout.blobKey(digest), offset);
    }

    // ---- sessions

    /** end-4a: a new, empty session; {@code algorithm} is the one its chunks are hashed with. */
    public Session start(RegistryCaller caller, RepositoryName repository, Digest.Algorithm algorithm) {
        access.requirePush(caller, repository);
        BlobWriter writer = storage.openWriter();
        String id = writer.id();
        writer.suspend();
        UploadStore.Upload row = new UploadStore.Upload(
                id,
                repository.value(),
                0,
                ResumableDigest.start(algorithm).state(),
                caller.uid(),
                caller.principal().realm().id(),
                clock.instant());
        writes.run(c -> {
            uploads.insert(c, row, clock.instant());
            return null;
        });
        return new Session(id, 0);
    }

    /**
     * end-11: links a blob of {@code from} (read permission needed) or, without {@code from}, a
     * blob stored anywhere, to {@code repository}. Empty when it cannot be mounted: the caller then
     * starts a session (202 fallback), never a refusal.
     */
    public Optional<Digest> mount(
            RegistryCaller caller, RepositoryName repository, Digest digest, Optional<RepositoryName> from) {
        access.requirePush(caller, repository);
        if (from.isPresent() && !access.mayPull(caller, from.get())) {
            return Optional.empty();
        }
        if (from.isEmpty() && !access.allowedToPull(caller, repository)) {
            return Optional.empty();
        }
        return db.inTransactionRetryingConflicts(3, c -> {
            Optional<Long> size = from.isPresent() ? blobs.linkedSize(c, from.get(), digest) : blobs.size(c, digest);
            if (size.isEmpty() || !blobs.touch(c, digest, clock.instant())) {
                return Optional.empty();
            }
            blobs.link(c, repository, digest, clock.instant());
            return Optional.of(digest);
        });
    }

    /** end-4b: the whole blob in one POST with its digest. */
    public Digest upload(RegistryCaller caller, RepositoryName repository, Digest digest, Body body) {
        access.requirePush(caller, repository);
        BlobWriter writer = storage.openWriter();
        try {
            Hash hash = Hash.oneShot(digest.algorithm());
            copy(body, writer, hash);
            finish(repository, digest, writer, hash.digest(), writer.size(), null);
            return digest;
        } finally {
            writer.close();
        }
    }

    /** end-13: where a session stands. */
    public Session status(RegistryCaller caller, RepositoryName repository, String id) {
        UploadStore.Upload row = authorisedSession(caller, repository, id);
        return new Session(row.id(), row.size());
    }

    /**
     * end-5: appends a chunk ({@code range} given: it must start where the session stands, else
     * 416) or a stream (no range: whatever the body holds).
     */
    public Session append(
            RegistryCaller caller, RepositoryName repository, String id, Optional<ChunkRange> range, Body body) {
        UploadStore.Upload row = authorisedSession(caller, repository, id);
        checkRange(row, range);
        BlobWriter writer = resume(row);
        Hash hash = continued(row, writer, restore(row, writer), body.progress());
        long received = appendBody(row, writer, hash, body);
        checkLength(row, writer, range, received);
        writer.suspend();
        long size = row.size() + received;
        boolean advanced =
                writes.run(c -> uploads.advance(c, row.id(), row.size(), size, hash.savedState(), clock.instant()));
        if (!advanced) {
            throw OciError.BLOB_UPLOAD_INVALID.with(
                    "another request changed this upload session at the same time", Map.of("session", id));
        }
        hash.live().ifPresent(l -> live.keep(id, l));
        return new Session(id, size);
    }

    /** end-6: the optional last chunk, then the whole blob must have {@code digest}. */
    public Digest complete(
            RegistryCaller caller,
            RepositoryName repository,
            String id,
            Digest digest,
            Optional<ChunkRange> range,
            Body body) {
        UploadStore.Upload row = authorisedSession(caller, repository, id);
        checkRange(row, range);
        BlobWriter writer = resume(row);
        try {
            Hash hash;
            if (row.size() == 0) {
                live.forget(row.id());
                hash = Hash.oneShot(digest.algorithm());
            } else {
                ResumableDigest resumed = restore(row, writer);
                if (resumed.algorithm() != digest.algorithm()) {
                    end(row, writer);
                    throw OciError.DIGEST_INVALID.with(
                            "the session was hashed with " + resumed.algorithm().id()
                                    + "; start it with digest-algorithm="
                                    + digest.algorithm().id(),
                            Map.of("digest", digest.toString()));
                }
                hash = continued(row, writer, resumed, body.progress());
            }
            long received = copy(body, writer, hash);
            checkLength(row, writer, range, received);
            Digest actual = hash.digest();
            if (!actual.equals(digest)) {
                end(row, writer);
                throw OciError.DIGEST_INVALID.with(
                        "provided digest did not match uploaded content",
                        Map.of("digest", digest.toString(), "actual", actual.toString()));
            }
            finish(repository, digest, writer, actual, writer.size(), row.id());
            return digest;
        } finally {
            writer.close();
        }
    }

    /** end-14: ends a session and discards its bytes. */
    public void cancel(RegistryCaller caller, RepositoryName repository, String id) {
        UploadStore.Upload row = authorisedSession(caller, repository, id);
        live.forget(row.id());
        storage.resumeWriter(row.id()).ifPresent(BlobWriter::cancel);
        db.inTransaction(c -> uploads.delete(c, row.id()));
    }

    // ---- steps

    /**
     * The session {@code id} if {@code caller} may continue it: whoever may push to the repository;
     * a caller whose token has expired only a session its principal began while that token was
     * still valid (the session was authorised at its POST and is bound to that principal), and only
     * while the principal may still push there. A long push so outlives its token; nobody else's
     * expired token does anything.
     */
    private UploadStore.Upload authorisedSession(RegistryCaller caller, RepositoryName repository, String id) {
        if (!caller.expired()) {
            access.requirePush(caller, repository);
            return session(repository, id);
        }
        io.keyport.backend.http.ApiException refused = RegistryAccess.challenge(
                caller, "repository:" + repository + ":pull,push", "invalid or expired credentials");
        Optional<UploadStore.Upload> row = io.keyport.backend.storage.BlobKeys.isValidWriterId(id)
                ? db.read(c -> uploads.find(c, repository, id))
                : Optional.empty();
        if (row.isEmpty()
                || !row.get().uploader().equals(caller.uid())
                || !caller.principal().realm().id().equals(row.get().uploaderRealm())
                || !row.get().created().isBefore(caller.principal().expiresAt())) {
            throw refused;
        }
        access.requirePush(caller, repository);
        return row.get();
    }

    private UploadStore.Upload session(RepositoryName repository, String id) {
        if (!io.keyport.backend.storage.BlobKeys.isValidWriterId(id)) {
            throw unknownSession(id);
        }
        return db.read(c -> uploads.find(c, repository, id)).orElseThrow(() -> unknownSession(id));
    }

    private static io.keyport.backend.http.ApiException unknownSession(String id) {
        return OciError.BLOB_UPLOAD_UNKNOWN.with("blob upload unknown to registry", Map.of("session", id));
    }

    private void checkRange(UploadStore.Upload row, Optional<ChunkRange> range) {
        if (range.isPresent() && range.get().start() != row.size()) {
            throw new io.keyport.backend.http.ApiException(
                    OciError.RANGE_INVALID,
                    "the chunk must start at byte " + row.size(),
                    Map.of("expected_start", row.size(), "start", range.get().start()),
                    Map.of("Range", rangeHeader(row.size())));
        }
    }

    /** The {@code Range} header of a session of {@code size} bytes (distribution answers 0-0 for none). */
    public static String rangeHeader(long size) {
        return "0-" + Math.max(0, size - 1);
    }

    /** The session's staged write, at exactly the session's size; otherwise the session is lost. */
    private BlobWriter resume(UploadStore.Upload row) {
        Optional<BlobWriter> writer;
        try {
            writer = storage.resumeWriter(row.id());
        } catch (IllegalStateException e) {
            throw OciError.BLOB_UPLOAD_INVALID.with(
                    "another request is writing to this upload session", Map.of("session", row.id()));
        }
        if (writer.isEmpty()) {
            db.inTransaction(c -> uploads.delete(c, row.id()));
            throw unknownSession(row.id());
        }
        if (writer.get().size() != row.size()) {
            end(row, writer.get());
            throw OciError.BLOB_UPLOAD_INVALID.with(
                    "the upload session was interrupted and cannot continue; start the upload again",
                    Map.of("session", row.id()));
        }
        return writer.get();
    }

    /**
     * The running hash of session {@code row}, whose staged write holds {@code row.size()} bytes,
     * ready for more. Where the storage reads staged bytes back: the JDK digest this replica kept
     * from the session's last request, or else a new one over the staged bytes, read once (another
     * replica served the last request, or this server restarted since). Where it cannot (S3): the
     * saved resumable state, which then covers every byte.
     */
    private Hash continued(UploadStore.Upload row, BlobWriter writer, ResumableDigest saved, Runnable progress) {
        if (!writer.readsStaged()) {
            if (saved.length() != row.size()) { // only a server that reads staged bytes skips the saved state
                end(row, writer);
                throw OciError.BLOB_UPLOAD_INVALID.with(
                        "the upload session's running hash is lost; start the upload again",
                        Map.of("session", row.id()));
            }
            return Hash.of(saved);
        }
        Optional<LiveDigests.Live> kept = live.take(row.id(), row.size(), saved.algorithm());
        if (kept.isPresent()) {
            return new Jdk(saved.algorithm(), kept.get().digest(), row.size(), row.digestState());
        }
        MessageDigest md = Hash.jdk(saved.algorithm());
        if (row.size() > 0) {
            rehash(row, writer, md, progress);
        }
        return new Jdk(saved.algorithm(), md, row.size(), row.digestState());
    }

    /**
     * Hashes the session's staged bytes. The connection counts as making progress meanwhile: the
     * server is working, not waiting for the client.
     */
    private void rehash(UploadStore.Upload row, BlobWriter writer, MessageDigest md, Runnable progress) {
        byte[] buffer = new byte[BUFFER];
        long left = row.size();
        try (InputStream in = writer.readStaged()) {
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                md.update(buffer, 0, n);
                left -= n;
                progress.run();
            }
        } catch (IOException | RuntimeException e) {
            writer.suspend(); // the session stays as it was, for a retry
            throw e instanceof io.keyport.backend.storage.StorageException se
                    ? se
                    : new io.keyport.backend.storage.StorageException(
                            "cannot read back the upload session " + row.id() + ": " + e.getMessage(), e);
        }
        if (left != 0) {
            end(row, writer);
            throw OciError.BLOB_UPLOAD_INVALID.with(
                    "the upload session was interrupted and cannot continue; start the upload again",
                    Map.of("session", row.id()));
        }
    }

    private ResumableDigest restore(UploadStore.Upload row, BlobWriter writer) {
        try {
            return ResumableDigest.restore(row.digestState());
        } catch (IllegalArgumentException e) {
            end(row, writer);
            throw OciError.BLOB_UPLOAD_INVALID.with("the upload session is corrupt; start again", Map.of());
        }
    }

    /**
     * Appends the body. When the client goes away mid-body, what arrived is kept (suspended and
     * recorded with its hash), so the client can ask for the status and continue from there.
     */
    private long appendBody(UploadStore.Upload row, BlobWriter writer, Hash hash, Body body) {
        long hashedBefore = hash.length();
        try {
            return copy(body, writer, hash);
        } catch (BodyReadException e) {
            // every byte written was hashed, so the kept prefix and the hash agree when all of it is durable
            writer.suspend();
            long size = writer.size();
            if (size == row.size() + hash.length() - hashedBefore
                    && writes.run(
                            c -> uploads.advance(c, row.id(), row.size(), size, hash.savedState(), clock.instant()))) {
                hash.live().ifPresent(l -> live.keep(row.id(), l));
            }
            throw e;
        } catch (RuntimeException e) {
            end(row, writer);
            throw e;
        }
    }

    private void checkLength(UploadStore.Upload row, BlobWriter writer, Optional<ChunkRange> range, long received) {
        if (range.isPresent() && range.get().length() != received) {
            end(row, writer);
            throw OciError.SIZE_INVALID.with(
                    "the chunk's Content-Range names " + range.get().length() + " bytes, the body had " + received,
                    Map.of("range_length", range.get().length(), "received", received));
        }
    }

    /** Ends a session that cannot continue: its bytes and its row go. */
    private void end(UploadStore.Upload row, BlobWriter writer) {
        live.forget(row.id());
        writer.cancel();
        db.inTransaction(c -> uploads.delete(c, row.id()));
    }

    /**
     * Commits verified bytes under the blob's key (unless the blob is stored already: then they are
     * discarded) and records and links the blob, ending the upload session {@code session} (if not
     * null) in the same transaction.
     */
    private void finish(
            RepositoryName repository, Digest digest, BlobWriter writer, Digest actual, long size, String session) {
        if (!actual.equals(digest)) {
            writer.cancel();
            throw OciError.DIGEST_INVALID.with(
                    "provided digest did not match uploaded content",
                    Map.of("digest", digest.toString(), "actual", actual.toString()));
        }
        // Touching the row (if any) locks it against garbage collection, which removes the row and
        // the bytes in one transaction: either the blob is stored and now safe for a grace period,
        // or it is gone (bytes too) and these bytes are committed in its place.
        // A new blob (the usual case) needs no write transaction for this: a read finds no row.
        boolean stored = db.read(c -> blobs.size(c, digest)).isPresent()
                && db.inTransactionRetryingConflicts(3, c -> {
                    if (!blobs.touch(c, digest, clock.instant())) {
                        return false;
                    }
                    blobs.link(c, repository, digest, clock.instant());
                    return true;
                });
        if (stored && storage.stat(RegistryLayout.blobKey(digest)).isPresent()) {
            writer.cancel();
            return;
        }
        writer.commit(RegistryLayout.blobKey(digest));
        BlobListener.Row row = listener.committed(digest, size);
        writes.run(c -> {
            Instant now = clock.instant();
            if (blobs.addBlob(c, digest, size, now)) {
                row.write(c, now);
            }
            blobs.link(c, repository, digest, now);
            if (session != null) {
                uploads.delete(c, session);
            }
            return null;
        });
    }

    /** Copies the body into the writer and the hash, one buffer at a time; returns the bytes copied. */
    private static long copy(Body body, BlobWriter writer, Hash hash) {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        while (true) {
            int n;
            try {
                n = body.in().read(buffer);
            } catch (IOException | UncheckedIOException e) {
                throw new BodyReadException(e);
            } catch (RuntimeException e) {
                throw new BodyReadException(e);
            }
            if (n < 0) {
                return total;
            }
            body.progress().run();
            try {
                writer.write(buffer, 0, n);
            } catch (IOException e) {
                throw new io.keyport.backend.storage.StorageException("cannot stage an upload", e);
            }
            hash.update(buffer, 0, n);
            total += n;
        }
    }

    /**
     * The JDK's digest (with the SHA instructions): for bytes that arrive in one request, and for a
     * session's chunks on a storage that reads staged bytes back (its row keeps its saved state).
     */
    private static final class Jdk implements Hash {
        private final Digest.Algorithm algorithm;
        private final OffloadedDigest md;
        private final byte[] saved;
        private long length;

        Jdk(Digest.Algorithm algorithm, MessageDigest md, long length, byte[] saved) {
            this.algorithm = algorithm;
            this.md = new OffloadedDigest(md);
            this.length = length;
            this.saved = saved;
        }

        @Override
        public void update(byte[] b, int off, int len) {
            md.update(b, off, len);
            length += len;
        }

        @Override
        public Digest digest() {
            return Digest.of(algorithm, md.digest());
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public byte[] savedState() {
            return saved;
        }

        @Override
        public Optional<LiveDigests.Live> live() {
            return Optional.of(new LiveDigests.Live(algorithm, md.drained(), length));
        }
    }

    /** The request body could not be read to its end (the client went away, a malformed chunk). */
    public static final class BodyReadException extends RuntimeException {
        BodyReadException(Exception cause) {
            super(cause);
        }
    }

    /** A running hash: the JDK's ({@link Jdk}) or the resumable one. */
    private interface Hash {
        void update(byte[] b, int off, int len);

        Digest digest();

        long length();

        /** What the session's row keeps after this request. */
        byte[] savedState();

        /** The digest for this replica to keep after the request; empty for the resumable one. */
        Optional<LiveDigests.Live> live();

        static Hash of(ResumableDigest d) {
            return new Hash() {
                @Override
                public void update(byte[] b, int off, int len) {
                    d.update(b, off, len);
                }

                @Override
                public Digest digest() {
                    return d.digest();
                }

                @Override
                public long length() {
                    return d.length();
                }

                @Override
                public byte[] savedState() {
                    return d.state();
                }

                @Override
                public Optional<LiveDigests.Live> live() {
                    return Optional.empty();
                }
            };
        }

        static Hash oneShot(Digest.Algorithm algorithm) {
            return new Jdk(algorithm, jdk(algorithm), 0, null);
        }

        static MessageDigest jdk(Digest.Algorithm algorithm) {
            try {
                return MessageDigest.getInstance(algorithm.jdkName());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm.jdkName() + " is part of every JDK", e);
            }
        }
    }
}
