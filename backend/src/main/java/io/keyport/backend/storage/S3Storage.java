package io.keyport.backend.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link BlobStorage} on an S3 bucket, through the AWS SDK v2 (synchronous client over the JDK's
 * {@code HttpURLConnection}); any S3-compatible store works. The blob under key {@code a/b} is the
 * object {@code a/b}; nothing else in the bucket is touched except under {@code _uploads/}, which no
 * key can name ({@link BlobKeys}).
 *
 * <pre>
 * _uploads/&lt;writer id&gt;        the staged write's multipart upload (and, briefly during commit,
 *                               the completed object)
 * _uploads/&lt;writer id&gt;.tail   the bytes after the last whole part, stored by suspend
 * &lt;key&gt;                        committed blobs, one object each
 * </pre>
 *
 * <p><b>Staged writes</b> are multipart uploads started at {@code openWriter()}. A writer buffers
 * up to one part ({@link S3Config#partSize()}, at least 5 MiB) in memory and uploads each full part,
 * so memory stays bounded whatever the blob's size. S3 refuses parts under 5 MiB except the last, so
 * the bytes after the last whole part cannot become a part at {@link BlobWriter#suspend()}: suspend
 * stores them as a small separate object, the <em>tail</em> ({@code <id>.tail}, a header naming the
 * number of parts it follows, then the bytes). {@link #resumeWriter(String)} finds the upload by its
 * key, lists its parts (their sizes give the staged size), reads the tail back into the buffer if it
 * follows the last part (a tail from before newer parts is stale: its bytes are in those parts) and
 * rewrites it, which also tells {@link #purgeStaging} that the write is alive. A process that dies
 * without suspend leaves its whole parts, and the last tail if no part followed it.
 *
 * <p><b>Commit.</b> A write smaller than one part aborts its upload (which fails if the upload was
 * purged) and PUTs the buffer to the key: S3 replaces an object atomically. A larger write uploads
 * the buffer as its last part, completes the upload into {@code _uploads/<id>} and copies that object
 * server-side to the key, which is again one atomic replacement (a multipart copy above 5 GiB, when a
 * copy has no other way), then deletes the staged object. The key is only known at commit, so the
 * upload cannot be completed to it directly.
 *
 * <p><b>Purge</b> aborts uploads under {@code _uploads/} whose start, last part and tail are all older
 * than the age asked for, and deletes staged objects left without an upload (a crash between complete
 * and copy). A multipart copy interrupted by a crash leaves an upload on the blob's key, which only a
 * bucket lifecycle rule ({@code AbortIncompleteMultipartUpload}) removes.
 *
 * <p>{@link #put} of less than one part is a single PUT. <b>Reads</b> are one GET, with a {@code Range} for an offset. {@code delete} asks HEAD first,
 * since S3's DELETE does not say whether there was an object.
 */
public final class S3Storage implements BlobStorage {

    /** S3's largest number of parts in one upload. */
    public static final int MAX_PARTS = 10_000;
    /** S3's largest single-request copy. */
    static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private static final String STAGING = "_uploads/";
    private static final String TAIL = ".tail";
    private static final int TAIL_MAGIC = 0x4b505431; // "KPT1"
    private static final int TAIL_HEADER = 8;
    /** SigV4 presigned URLs live at most seven days. */
    private static final Duration MAX_PRESIGN = Duration.ofDays(7);

    private final S3Config settings;
    private final String bucket;
    private final S3Client client;
    private final S3Presigner presigner;
    private final long multipartCopyAbove;
    private final long copyPartSize;
    private final Clock clock;
    /** Ids of the staged writes with an open writer in this instance, to refuse a second one. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();

    /**
     * Connects to the bucket and checks that it is there, so that a wrong endpoint, bucket or key
     * fails the server's start instead of its first upload.
     *
     * The purge's cut-off comes from {@code clock} (the platform's) and is compared with the
     * objects' {@code LastModified}, which the S3 store sets.
     *
     * @throws StorageException if the bucket cannot be reached
     */
    public S3Storage(S3Config settings, Clock clock) {
        this(settings, clock, MAX_SINGLE_COPY, 1024L * 1024 * 1024);
    }

    /** With other copy limits, so that tests can reach the multipart copy with small blobs. */
    S3Storage(S3Config settings, Clock clock, long multipartCopyAbove, long copyPartSize) {
        this.settings = settings;
        this.clock = clock;
        this.bucket = settings.bucket();
        this.multipartCopyAbove = multipartCopyAbove;
        this.copyPartSize = copyPartSize;
        AwsCredentialsProvider credentials = settings.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKey().get(), settings.secretKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // trailing checksums only where S3 requires them: older S3-compatible stores reject them
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        settings.endpoint().ifPresent(builder::endpointOverride);
        this.client = builder.build();
        if (settings.redirect()) {
            S3Presigner.Builder presign = S3Presigner.builder()
                    .region(Region.of(settings.region()))
                    .credentialsProvider(credentials)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(settings.pathStyle())
                            .build());
            settings.endpoint().ifPresent(presign::endpointOverride);
            this.presigner = presign.build();
        } else {
            this.presigner = null;
        }
        try {
            client.headBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            close();
            throw new StorageException(
                    "cannot reach the S3 bucket " + bucket + " ("
                            + settings.endpoint().map(URI::toString).orElse("AWS " + settings.region()) + "): "
                            + e.getMessage(),
                    e);
        }
    }

    /** The settings this storage was built with. */
    public S3Config settings() {
        return settings;
    }

    @Override
    public Optional<BlobInfo> stat(String key) {
        BlobKeys.requireValid(key);
        try {
            HeadObjectResponse head = client.headObject(r -> r.bucket(bucket).key(key));
            return Optional.of(new BlobInfo(head.contentLength(), head.lastModified()));
        } catch (SdkException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw failure("stat", key, e);
        }
    }

    @Override
    public InputStream openReader(String key, long offset) {
        BlobKeys.requireValid(key);
        StorageArguments.requireOffset(offset);
        GetObjectRequest.Builder get = GetObjectRequest.builder().bucket(bucket).key(key);
        if (offset > 0) {
            get.range("bytes=" + offset + "-");
        }
        try {
            return client.getObject(get.build());
        } catch (SdkException e) {
            if (notFound(e)) {
                throw new NoSuchBlobException(key);
            }
            if (e instanceof S3Exception s3 && s3.statusCode() == 416) { // the range starts at or past the end
                long size = stat(key)
                        .orElseThrow(() -> new NoSuchBlobException(key))
                        .size();
                StorageArguments.requireWithin(offset, size);
                if (offset == size) {
                    return InputStream.nullInputStream();
                }
            }
            throw failure("open", key, e);
        }
    }

    @Override
    public BlobWriter openWriter() {
        String id = BlobKeys.newWriterId();
        try {
            String uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(STAGING + id))
                    .uploadId();
            open.add(id);
            return new Writer(id, uploadId, new ArrayList<>(), 0, new byte[0], false);
        } catch (SdkException e) {
            throw new StorageException("cannot start a multipart upload in " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BlobWriter> resumeWriter(String id) {
        BlobKeys.requireValidWriterId(id);
        if (!open.add(id)) {
            throw new IllegalStateException("the staged write " + id + " already has an open writer");
        }
        boolean resumed = false;
        try {
            Optional<MultipartUpload> upload = uploads(STAGING + id)
                    .filter(u -> u.key().equals(STAGING + id))
                    .findFirst();
            if (upload.isEmpty()) {
                deleteQuietly(STAGING + id + TAIL); // a tail whose upload was purged, aborted or completed
                return Optional.empty();
            }
            String uploadId = upload.get().uploadId();
            List<CompletedPart> parts = new ArrayList<>();
            long uploaded = 0;
            for (Part part : client.listPartsPaginator(
                            r -> r.bucket(bucket).key(STAGING + id).uploadId(uploadId))
                    .parts()) {
                if (part.partNumber() != parts.size() + 1) {
                    throw new StorageException("the staged write " + id + " lacks part " + (parts.size() + 1));
                }
                parts.add(CompletedPart.builder()
                        .partNumber(part.partNumber())
                        .eTag(part.eTag())
                        .build());
                uploaded += part.size();
            }
            byte[] tail = readTail(id, parts.size());
            Writer writer = new Writer(id, uploadId, parts, uploaded, tail, true);
            writer.storeTail(); // also marks the write as alive for purgeStaging
            resumed = true;
            return Optional.of(writer);
        } catch (SdkException | IOException e) {
            throw new StorageException("cannot resume the staged write " + id + ": " + e.getMessage(), e);
        } finally {
            if (!resumed) {
                open.remove(id);
            }
        }
    }

    /** The tail of a suspended write if it follows part {@code parts}; empty if absent or stale. */
    private byte[] readTail(String id, int parts) throws IOException {
        byte[] stored;
        try (ResponseInputStream<GetObjectResponse> in =
                client.getObject(r -> r.bucket(bucket).key(STAGING + id + TAIL))) {
            stored = in.readAllBytes();
        } catch (SdkException e) {
            if (notFound(e)) {
                return new byte[0];
            }
            throw e;
        }
        ByteBuffer header = ByteBuffer.wrap(stored);
        if (stored.length < TAIL_HEADER || header.getInt() != TAIL_MAGIC) {
            throw new IOException("the tail of the staged write " + id + " is damaged");
        }
        return header.getInt() == parts ? Arrays.copyOfRange(stored, TAIL_HEADER, stored.length) : new byte[0];
    }

    /**
     * Content shorter than one part is stored with a single PUT (atomic, like a commit); longer
     * content goes through a staged writer.
     */
    @Override
    public long put(String key, InputStream content) {
        BlobKeys.requireValid(key);
        try {
            byte[] first = content.readNBytes(settings.partSize());
            if (first.length < settings.partSize()) {
                client.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(first));
                return first.length;
            }
            try (BlobWriter writer = openWriter()) {
                writer.write(first);
                long size = first.length + content.transferTo(writer);
                writer.commit(key);
                return size;
            }
        } catch (IOException e) {
            throw new StorageException("cannot write " + key + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public Stream<String> list(String prefix) {
        BlobKeys.requireValidPrefix(prefix);
        Iterator<S3Object> objects = client.listObjectsV2Paginator(
                        r -> r.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix + "/"))
                .contents()
                .iterator();
        Iterator<String> keys = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return objects.hasNext();
                } catch (SdkException e) {
                    throw failure("list", prefix, e);
                }
            }

            @Override
            public String next() {
                try {
                    return objects.next().key();
                } catch (SdkException e) {
                    throw failure("list", prefix, e);
                }
            }
        };
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(keys, Spliterator.NONNULL | Spliterator.DISTINCT), false)
                .filter(BlobKeys::isValid); // skips _uploads/ and anything foreign
    }

    @Override
    public boolean delete(String key) {
        if (stat(key).isEmpty()) {
            return false;
        }
        try {
            client.deleteObject(r -> r.bucket(bucket).key(key));
            return true;
        } catch (SdkException e) {
            throw failure("delete", key, e);
        }
    }

    /**
     * A presigned GET URL when {@link S3Config#redirect()} is on; empty otherwise, and for a validity
     * beyond the seven days a presigned URL can last.
     */
    @Override
    public Optional<URI> redirectUrl(String key, Duration validity) {
        BlobKeys.requireValid(key);
        StorageArguments.requireValidity(validity);
        if (presigner == null || validity.compareTo(MAX_PRESIGN) > 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(presigner
                    .presignGetObject(p -> p.signatureDuration(validity)
                            .getObjectRequest(g -> g.bucket(bucket).key(key)))
                    .url()
                    .toURI());
        } catch (SdkException | URISyntaxException e) {
            throw new StorageException("cannot presign " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int purgeStaging(Duration olderThan) {
        Instant cutoff = StorageArguments.purgeCutoff(olderThan, clock);
        try {
            Map<String, Instant> staged = new HashMap<>(); // id -> newest staged object (tail or completed upload)
            client.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(STAGING))
                    .contents()
                    .forEach(o -> {
                        String id = writerId(o.key());
                        if (id != null) {
                            staged.merge(id, o.lastModified(), (a, b) -> a.isAfter(b) ? a : b);
                        }
                    });
            Set<String> alive = new HashSet<>();
            Set<String> purged = new HashSet<>();
            for (MultipartUpload upload : uploads(STAGING).toList()) {
                String id = writerId(upload.key());
                if (id == null || !upload.key().equals(STAGING + id)) {
                    continue;
                }
                Instant newest = staged.getOrDefault(id, Instant.MIN);
                if (upload.initiated().isAfter(cutoff) || newest.isAfter(cutoff) || partWrittenAfter(upload, cutoff)) {
                    alive.add(id);
                    continue;
                }
                abortQuietly(upload.key(), upload.uploadId());
                purged.add(id);
            }
            for (Map.Entry<String, Instant> entry : staged.entrySet()) {
                String id = entry.getKey();
                if (!alive.contains(id)
                        && (purged.contains(id) || !entry.getValue().isAfter(cutoff))) {
                    deleteQuietly(STAGING + id + TAIL);
                    deleteQuietly(STAGING + id);
                    purged.add(id);
                }
            }
            return purged.size();
        } catch (SdkException e) {
            throw new StorageException("cannot purge the staged writes in " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        client.close();
        if (presigner != null) {
            presigner.close();
        }
    }

    @Override
    public String toString() {
        return "S3Storage[" + settings + "]";
    }

    private boolean partWrittenAfter(MultipartUpload upload, Instant cutoff) {
        for (Part part : client.listPartsPaginator(
                        r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()))
                .parts()) {
            if (part.lastModified().isAfter(cutoff)) {
                return true;
            }
        }
        return false;
    }

    /** The multipart uploads whose key starts with {@code prefix}, lazily, every page. */
    private Stream<MultipartUpload> uploads(String prefix) {
        return client.listMultipartUploadsPaginator(r -> r.bucket(bucket).prefix(prefix)).uploads().stream()
                .filter(u -> u.key().startsWith(prefix)); // in case a store ignores the prefix
    }

    /** The writer id of a staging object or upload key, or null for anything else. */
    private static String writerId(String key) {
        if (!key.startsWith(STAGING)) {
            return null;
        }
        String name = key.substring(STAGING.length());
        String id = name.endsWith(TAIL) ? name.substring(0, name.length() - TAIL.length()) : name;
        return BlobKeys.isValidWriterId(id) ? id : null;
    }

    private void copy(String source, String target, long size) {
        if (size <= multipartCopyAbove) {
            client.copyObject(r -> r.sourceBucket(bucket)
                    .sourceKey(source)
                    .destinationBucket(bucket)
                    .destinationKey(target));
            return;
        }
        String uploadId =
                client.createMultipartUpload(r -> r.bucket(bucket).key(target)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            for (long start = 0; start < size; start += copyPartSize) {
                String range = "bytes=" + start + "-" + (Math.min(size, start + copyPartSize) - 1);
                int number = parts.size() + 1;
                String etag = client.uploadPartCopy(r -> r.sourceBucket(bucket)
                                .sourceKey(source)
                                .destinationBucket(bucket)
                                .destinationKey(target)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .copySourceRange(range))
                        .copyPartResult()
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(
                    r -> r.bucket(bucket).key(target).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (SdkException e) {
            abortQuietly(target, uploadId);
            throw e;
        }
    }

    private void abortQuietly(String key, String uploadId) {
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            if (!notFound(e)) {
                throw e;
            }
        }
    }

    private void deleteQuietly(String key) {
        client.deleteObject(r -> r.bucket(bucket).key(key)); // S3 answers 204 whether or not it existed
    }

    private static boolean notFound(SdkException e) {
        return e instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private static StorageException failure(String operation, String key, SdkException e) {
        return new StorageException(operation + " " + key + " failed: " + e.getMessage(), e);
    }

    /** One multipart upload under {@code _uploads/<id>}; see {@link BlobWriter} for the contract. */
    private final class Writer extends StagedBlobWriter {

        private final String staged;
        private final String tail;
        private final String uploadId;
        private final List<CompletedPart> parts;
        private long uploaded;
        private byte[] buffer;
        private int buffered;
        /** Whether a tail object may exist and must be replaced or removed. */
        private boolean tailStored;

        Writer(
                String id,
                String uploadId,
                List<CompletedPart> parts,
                long uploaded,
                byte[] tailBytes,
                boolean tailStored) {
            super(id, open);
            this.staged = STAGING + id;
            this.tail = STAGING + id + TAIL;
            this.uploadId = uploadId;
            this.parts = parts;
            this.uploaded = uploaded;
            this.buffer = tailBytes;
            this.buffered = tailBytes.length;
            this.tailStored = tailStored;
        }

        @Override
        protected void append(byte[] b, int off, int len) throws IOException {
            int partSize = settings.partSize();
            while (len > 0) {
                if (buffered == buffer.length) { // grow towards one part, so small blobs stay small
                    buffer = Arrays.copyOf(buffer, (int)
                            Math.min(partSize, Math.max(64 * 1024, (long) buffer.length * 2)));
                }
                int n = Math.min(len, buffer.length - buffered);
                System.arraycopy(b, off, buffer, buffered, n);
                buffered += n;
                off += n;
                len -= n;
                if (buffered == partSize) {
                    try {
                        uploadPart();
                    } catch (SdkException e) {
                        throw new IOException(
                                "cannot upload part " + (parts.size() + 1) + " of the staged write " + id() + ": "
                                        + e.getMessage(),
                                e);
                    }
                }
            }
        }

        @Override
        public long size() {
            return uploaded + buffered;
        }

        @Override
        protected void publish(String key) throws IOException {
            if (parts.isEmpty()) {
                try {
                    client.abortMultipartUpload(
                            r -> r.bucket(bucket).key(staged).uploadId(uploadId));
                } catch (SdkException e) {
                    throw notFound(e) ? purged(key) : e;
                }
                client.putObject(r -> r.bucket(bucket).key(key), body());
            } else {
                long size = size();
                if (buffered > 0) {
                    uploadPart(); // the last part may be smaller than 5 MiB
                }
                try {
                    client.completeMultipartUpload(
                            r -> r.bucket(bucket).key(staged).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
                    copy(staged, key, size);
                } catch (SdkException e) {
                    throw notFound(e) ? purged(key) : e;
                }
                deleteQuietly(staged);
            }
            if (tailStored) {
                deleteQuietly(tail);
            }
            buffer = null;
        }

        @Override
        protected void discard() {
            buffer = null;
            try {
                abortQuietly(staged, uploadId);
                if (tailStored) {
                    deleteQuietly(tail);
                }
            } catch (SdkException e) {
                throw new StorageException("cannot abort the staged write " + id() + ": " + e.getMessage(), e);
            }
        }

        @Override
        protected void keep() {
            try {
                if (buffered > 0 || tailStored) {
                    storeTail();
                }
            } catch (SdkException e) {
                throw new StorageException("cannot suspend the staged write " + id() + ": " + e.getMessage(), e);
            } finally {
                buffer = null;
            }
        }

        /** Stores the buffered bytes as the tail that follows the parts uploaded so far. */
        void storeTail() {
            byte[] bytes = ByteBuffer.allocate(TAIL_HEADER + buffered)
                    .putInt(TAIL_MAGIC)
                    .putInt(parts.size())
                    .put(buffer, 0, buffered)
                    .array();
            client.putObject(r -> r.bucket(bucket).key(tail), RequestBody.fromBytes(bytes));
            tailStored = true;
        }

        private void uploadPart() throws IOException {
            if (parts.size() == MAX_PARTS) {
                throw new IOException("the staged write " + id() + " would exceed " + MAX_PARTS + " parts of "
                        + settings.partSize() + " bytes");
            }
            int number = parts.size() + 1;
            String etag = client.uploadPart(
                            r -> r.bucket(bucket)
                                    .key(staged)
                                    .uploadId(uploadId)
                                    .partNumber(number)
                                    .contentLength((long) buffered),
                            body())
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            uploaded += buffered;
            buffered = 0;
            if (tailStored) { // its bytes are in this part now
                deleteQuietly(tail);
                tailStored = false;
            }
        }

        /** The buffered bytes as a request body, without copying them. */
        private RequestBody body() {
            return RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, buffered), buffered);
        }

        private StorageException purged(String key) {
            return new StorageException("commit " + key + " failed: the staged write " + id() + " was purged");
        }
    }
}
