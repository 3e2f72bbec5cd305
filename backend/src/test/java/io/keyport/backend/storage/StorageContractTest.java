package io.keyport.backend.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.testing.ShiftedClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link BlobStorage} backend must show, written once. A backend's test only
 * supplies {@link #newStorage()} and {@link #newInstanceOnSameStore()}, both on {@link #clock}. Each test removes what it wrote, and the suite fails a test that
 * leaves a key or a staged write behind, so leaks in a backend (or a test) show up at once.
 */
abstract class StorageContractTest {

    private static final int MIB = 1024 * 1024;

    protected BlobStorage storage;
    private final List<BlobStorage> others = new ArrayList<>();

    /** The platform's clock, which every instance of the test gets: tests move it instead of waiting. */
    protected final ShiftedClock clock = new ShiftedClock();

    /** A fresh, empty storage for one test. */
    protected abstract BlobStorage newStorage() throws Exception;

    /**
     * Another instance on the backing store of the last {@link #newStorage()}: what a second replica,
     * or the same server after a restart, opens. It shares nothing in memory with the first.
     */
    protected abstract BlobStorage newInstanceOnSameStore() throws Exception;

    @BeforeEach
    void openStorage() throws Exception {
        storage = newStorage();
    }

    @AfterEach
    void leavesNothingBehind() {
        try (Stream<String> keys = storage.list("")) {
            assertThat(keys).as("keys left behind by the test").isEmpty();
            assertThat(storage.purgeStaging(Duration.ZERO))
                    .as("staged writes left behind by the test")
                    .isZero();
        } finally {
            others.forEach(BlobStorage::close);
            storage.close();
        }
    }

    // --- write, read, stat ---------------------------------------------------------------------------

    @Test
    void putThenReadReturnsTheSameBytes() throws IOException {
        assertThat(put("a/b/blob", "hello, blob")).isEqualTo(11);

        assertThat(read("a/b/blob")).isEqualTo("hello, blob");
        delete("a/b/blob");
    }

    @Test
    void writerCommitsWhatWasWritten() throws IOException {
        try (BlobWriter writer = storage.openWriter()) {
            writer.write('x');
            writer.write("yz".getBytes(UTF_8));
            writer.write("--abc--".getBytes(UTF_8), 2, 3);
            assertThat(writer.size()).isEqualTo(6);
            writer.commit("w");
        }

        assertThat(read("w")).isEqualTo("xyzabc");
        delete("w");
    }

    @Test
    void emptyBlobIsABlob() throws IOException {
        put("empty", "");

        assertThat(storage.stat("empty"))
                .hasValueSatisfying(info -> assertThat(info.size()).isZero());
        assertThat(read("empty")).isEmpty();
        delete("empty");
    }

    @Test
    void readStartsAtTheOffset() throws IOException {
        put("offsets", "0123456789");

        try (InputStream in = storage.openReader("offsets", 4)) {
            assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("456789");
        }
        try (InputStream in = storage.openReader("offsets", 10)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        delete("offsets");
    }

    @Test
    void readRejectsOffsetsOutsideTheBlob() {
        put("offsets", "0123456789");

        assertThatThrownBy(() -> storage.openReader("offsets", 11)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.openReader("offsets", -1)).isInstanceOf(IllegalArgumentException.class);
        delete("offsets");
    }

    @Test
    void statReportsSizeAndCommitTime() {
        Instant before = Instant.now().minusSeconds(5);
        put("stat/me", "twelve bytes");

        BlobInfo info = storage.stat("stat/me").orElseThrow();
        assertThat(info.size()).isEqualTo(12);
        assertThat(info.lastModified()).isBetween(before, Instant.now().plusSeconds(5));
        delete("stat/me");
    }

    @Test
    void missingBlobIsAbsentEverywhere() {
        assertThat(storage.stat("no/such/blob")).isEmpty();
        assertThatThrownBy(() -> storage.openReader("no/such/blob"))
                .isInstanceOfSatisfying(
                        NoSuchBlobException.class, e -> assertThat(e.key()).isEqualTo("no/such/blob"));
        assertThat(storage.delete("no/such/blob")).isFalse();
    }

    @Test
    void prefixOfOtherKeysIsNotABlob() {
        put("dir/child", "c");

        assertThat(storage.stat("dir")).isEmpty();
        assertThatThrownBy(() -> storage.openReader("dir")).isInstanceOf(NoSuchBlobException.class);
        assertThat(storage.delete("dir")).isFalse();
        assertThat(storage.stat("dir/child")).isPresent();
        assertThat(storage.stat("dir/child/grandchild")).isEmpty();
        delete("dir/child");
    }

    // --- staged writes --------------------------------------------------------------------------------

    @Test
    void bytesAreInvisibleUntilCommit() throws IOException {
        try (BlobWriter writer = storage.openWriter()) {
            writer.write("not yet".getBytes(UTF_8));
            writer.flush();

            assertThat(storage.stat("pending")).isEmpty();
            assertThatThrownBy(() -> storage.openReader("pending")).isInstanceOf(NoSuchBlobException.class);
            assertThat(keys("")).isEmpty();

            writer.commit("pending");
        }
        assertThat(read("pending")).isEqualTo("not yet");
        delete("pending");
    }

    @Test
    void cancelLeavesNothing() throws IOException {
        BlobWriter writer = storage.openWriter();
        writer.write("discard me".getBytes(UTF_8));

        writer.cancel();

        assertThat(storage.purgeStaging(Duration.ZERO)).isZero();
        assertThat(keys("")).isEmpty();
        assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> writer.commit("cancelled")).isInstanceOf(IllegalStateException.class);
        assertThat(storage.stat("cancelled")).isEmpty();
        writer.cancel();
        writer.close();
    }

    @Test
    void closingAnUncommittedWriterCancelsIt() {
        assertThatThrownBy(() -> {
                    try (BlobWriter writer = storage.openWriter()) {
                        writer.write("half a blob".getBytes(UTF_8));
                        throw new IOException("client went away");
                    }
                })
                .hasMessage("client went away");

        assertThat(storage.purgeStaging(Duration.ZERO)).isZero();
    }

    @Test
    void commitTwiceFails() throws IOException {
        BlobWriter writer = storage.openWriter();
        writer.write("once".getBytes(UTF_8));
        writer.commit("first");

        assertThatThrownBy(() -> writer.commit("second")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> writer.write(1)).isInstanceOf(IOException.class);
        writer.close();

        assertThat(storage.stat("second")).isEmpty();
        assertThat(read("first")).isEqualTo("once");
        delete("first");
    }

    @Test
    void commitReplacesAnExistingBlob() throws IOException {
        put("replace/me", "old bytes, longer");
        put("replace/me", "new");

        assertThat(read("replace/me")).isEqualTo("new");
        assertThat(storage.stat("replace/me").orElseThrow().size()).isEqualTo(3);
        delete("replace/me");
    }

    @Test
    void openReaderKeepsReadingWhatItOpened() throws IOException {
        put("stable", "version one");

        try (InputStream replaced = storage.openReader("stable")) {
            put("stable", "version two");
            assertThat(new String(replaced.readAllBytes(), UTF_8)).isEqualTo("version one");
        }
        try (InputStream deleted = storage.openReader("stable")) {
            delete("stable");
            assertThat(new String(deleted.readAllBytes(), UTF_8)).isEqualTo("version two");
        }
    }

    @Test
    void writersAreIndependent() throws IOException {
        try (BlobWriter one = storage.openWriter();
                BlobWriter two = storage.openWriter()) {
            one.write("one".getBytes(UTF_8));
            two.write("two".getBytes(UTF_8));
            one.write("!".getBytes(UTF_8));
            two.commit("two");
            one.commit("one");
        }

        assertThat(read("one")).isEqualTo("one!");
        assertThat(read("two")).isEqualTo("two");
        delete("one");
        delete("two");
    }

    @Test
    void concurrentWritersToTheSameKeyEndWithOneCompleteBlob() throws Exception {
        int writers = 8;
        int chunks = 16;
        byte[][] chunk = new byte[writers][64 * 1024];
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Arrays.fill(chunk[w], (byte) ('A' + w));
                byte[] mine = chunk[w];
                done.add(pool.submit(() -> {
                    start.await();
                    try (BlobWriter writer = storage.openWriter()) {
                        for (int c = 0; c < chunks; c++) {
                            writer.write(mine);
                        }
                        writer.commit("contended/blob");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(storage.stat("contended/blob").orElseThrow().size()).isEqualTo((long) chunks * 64 * 1024);
        try (InputStream in = storage.openReader("contended/blob")) {
            byte[] all = in.readAllBytes();
            byte winner = all[0];
            assertThat(winner).isBetween((byte) 'A', (byte) ('A' + writers - 1));
            for (int i = 0; i < all.length; i++) {
                if (all[i] != winner) {
                    throw new AssertionError("byte " + i + " is from another writer: the blob is mixed");
                }
            }
        }
        delete("contended/blob");
    }

    @Test
    void purgeStagingRemovesAbandonedWritesOnly() throws IOException {
        BlobWriter abandoned = storage.openWriter();
        abandoned.write("forgotten".getBytes(UTF_8));
        abandoned.flush();

        assertThat(storage.purgeStaging(Duration.ofHours(1))).isZero();
        assertThat(storage.purgeStaging(Duration.ZERO)).isEqualTo(1);

        assertThatThrownBy(() -> abandoned.commit("too/late")).isInstanceOf(StorageException.class);
        assertThat(storage.stat("too/late")).isEmpty();
        abandoned.close();
    }

    /** The purge's cut-off is the platform clock's now minus the age: an hour later, the write is old. */
    @Test
    void purgeStagingTakesItsCutOffFromTheClock() throws IOException {
        BlobWriter abandoned = storage.openWriter();
        abandoned.write("forgotten".getBytes(UTF_8));
        abandoned.flush();

        clock.advance(Duration.ofMinutes(59));
        assertThat(storage.purgeStaging(Duration.ofHours(1))).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(storage.purgeStaging(Duration.ofHours(1))).isEqualTo(1);

        assertThatThrownBy(() -> abandoned.commit("too/late")).isInstanceOf(StorageException.class);
        abandoned.close();
    }

    // --- resumable staged writes --------------------------------------------------------------------

    @Test
    void writerIdsAreDistinctWriterIds() {
        try (BlobWriter one = storage.openWriter();
                BlobWriter two = storage.openWriter()) {
            assertThat(BlobKeys.isValidWriterId(one.id())).as(one.id()).isTrue();
            assertThat(BlobKeys.isValidWriterId(two.id())).as(two.id()).isTrue();
            assertThat(one.id()).isNotEqualTo(two.id());
        }
    }

    @Test
    void suspendedWriteResumesInAnotherInstanceAndCommits() throws Exception {
        BlobWriter first = storage.openWriter();
        first.write("abc".getBytes(UTF_8));
        String id = first.id();

        first.suspend();

        assertThat(first.size()).isEqualTo(3);
        assertThatThrownBy(() -> first.write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> first.commit("suspended")).isInstanceOf(IllegalStateException.class);
        first.close(); // does nothing: the staged write is closed but not committed
        first.cancel();
        assertThat(keys("")).as("a suspended write is not a blob").isEmpty();

        BlobStorage replica = another();
        try (BlobWriter resumed = replica.resumeWriter(id).orElseThrow()) {
            assertThat(resumed.id()).isEqualTo(id);
            assertThat(resumed.size())
                    .as("size after resume = bytes staged before")
                    .isEqualTo(3);
            resumed.write("def".getBytes(UTF_8));
            assertThat(resumed.size()).isEqualTo(6);
            resumed.commit("resumed/blob");
        }

        assertThat(read("resumed/blob")).isEqualTo("abcdef");
        assertThat(storage.resumeWriter(id))
                .as("a committed write does not resume")
                .isEmpty();
        assertThat(replica.resumeWriter(id)).isEmpty();
        delete("resumed/blob");
    }

    /**
     * A backend that reads staged bytes back returns exactly what was staged, through a resumed
     * writer of another instance too, and still appends and commits afterwards; one that cannot
     * (S3) says so and refuses.
     */
    @Test
    void stagedBytesReadBackAreWhatWasStagedOrTheBackendSaysItCannot() throws Exception {
        BlobWriter first = storage.openWriter();
        first.write("staged ".getBytes(UTF_8));
        if (!first.readsStaged()) {
            assertThatThrownBy(first::readStaged).isInstanceOf(UnsupportedOperationException.class);
            first.cancel();
            return;
        }
        try (InputStream in = first.readStaged()) {
            assertThat(new String(in.readAllBytes(), UTF_8))
                    .as("unflushed bytes are read too")
                    .isEqualTo("staged ");
        }
        String id = first.id();
        first.suspend();
        assertThatThrownBy(first::readStaged).isInstanceOf(IllegalStateException.class);

        try (BlobWriter resumed = another().resumeWriter(id).orElseThrow()) {
            try (InputStream in = resumed.readStaged()) {
                assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("staged ");
            }
            resumed.write("and resumed".getBytes(UTF_8));
            try (InputStream in = resumed.readStaged()) {
                assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("staged and resumed");
            }
            resumed.commit("staged/read");
        }
        assertThat(read("staged/read")).isEqualTo("staged and resumed");
        delete("staged/read");
    }

    /** Suspend and resume at sizes that cross S3's 5 MiB part boundary, alternating instances. */
    @Test
    void largeWriteResumedTwiceIsIntact() throws Exception {
        long[] steps = {5L * MIB + 3, 6L * MIB - 1, 100};
        long size = Arrays.stream(steps).sum();
        MessageDigest written = sha256();
        BlobWriter writer = storage.openWriter();
        String id = writer.id();
        long position = 0;
        for (int step = 0; step < steps.length; step++) {
            if (step > 0) {
                BlobStorage instance = step % 2 == 1 ? another() : storage;
                writer = instance.resumeWriter(id).orElseThrow();
                assertThat(writer.size()).as("size after resume " + step).isEqualTo(position);
            }
            position = writeGenerated(writer, position, steps[step], written);
            if (step < steps.length - 1) {
                writer.suspend();
                assertThat(storage.purgeStaging(Duration.ofHours(1)))
                        .as("a young suspended write stays")
                        .isZero();
            }
        }
        writer.commit("large/resumed");
        writer.close();

        assertThat(storage.stat("large/resumed").orElseThrow().size()).isEqualTo(size);
        assertThat(sha256Hex("large/resumed")).isEqualTo(HexFormat.of().formatHex(written.digest()));
        delete("large/resumed");
    }

    @Test
    void resumedWriteCanBeCancelled() throws Exception {
        BlobWriter first = storage.openWriter();
        first.write("never published".getBytes(UTF_8));
        first.suspend();

        BlobWriter resumed = another().resumeWriter(first.id()).orElseThrow();
        resumed.write('!');
        resumed.cancel();

        assertThat(storage.resumeWriter(first.id()))
                .as("a cancelled write does not resume")
                .isEmpty();
        assertThat(storage.purgeStaging(Duration.ZERO)).isZero();
        assertThat(keys("")).isEmpty();
    }

    @Test
    void suspendedWriteThatIsNeverResumedIsPurged() throws Exception {
        BlobWriter writer = storage.openWriter();
        writer.write("left for later".getBytes(UTF_8));
        writer.suspend();

        assertThat(storage.purgeStaging(Duration.ofHours(1))).isZero();
        assertThat(another().purgeStaging(Duration.ZERO)).isEqualTo(1);

        assertThat(storage.resumeWriter(writer.id()))
                .as("a purged write does not resume")
                .isEmpty();
    }

    @Test
    void resumeOfAnUnknownIdIsEmptyAndMalformedIdsAreRejected() {
        assertThat(storage.resumeWriter(BlobKeys.newWriterId())).isEmpty();
        for (String id : new String[] {
            "",
            "../x",
            "_uploads",
            "a/b",
            "123E4567-E89B-12D3-A456-426614174000",
            "123e4567-e89b-12d3-a456-4266141740000",
            "123e4567-e89b-12d3-a456_426614174000",
            "../../../../../../../etc/passwd"
        }) {
            assertThatThrownBy(() -> storage.resumeWriter(id)).as(id).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> storage.resumeWriter(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWriteWithAnOpenWriterIsNotResumedTwiceByOneInstance() throws IOException {
        try (BlobWriter writer = storage.openWriter()) {
            writer.write("mine".getBytes(UTF_8));
            assertThatThrownBy(() -> storage.resumeWriter(writer.id())).isInstanceOf(IllegalStateException.class);
            writer.suspend();
            try (BlobWriter resumed = storage.resumeWriter(writer.id()).orElseThrow()) {
                assertThatThrownBy(() -> storage.resumeWriter(writer.id())).isInstanceOf(IllegalStateException.class);
                assertThat(resumed.size()).isEqualTo(4);
            }
        }
        assertThat(storage.purgeStaging(Duration.ZERO))
                .as("closing the resumed writer cancelled the write")
                .isZero();
    }

    /**
     * A process that dies mid-write never suspends. Another instance resumes what reached the staging
     * area, a prefix of what was written, and the client continues from the size it reports.
     */
    @Test
    void writeOfADeadProcessResumesFromAPrefix() throws Exception {
        long size = 5L * MIB + 1000;
        MessageDigest expected = sha256();
        BlobWriter dead = storage.openWriter();
        writeGenerated(dead, 0, size, expected);
        dead.flush();

        BlobStorage replica = another();
        try (BlobWriter resumed = replica.resumeWriter(dead.id()).orElseThrow()) {
            long staged = resumed.size();
            assertThat(staged).isBetween(0L, size);
            writeGenerated(resumed, staged, size - staged, sha256());
            resumed.commit("after/crash");
        }
        dead.close();

        assertThat(storage.stat("after/crash").orElseThrow().size()).isEqualTo(size);
        assertThat(sha256Hex("after/crash")).isEqualTo(HexFormat.of().formatHex(expected.digest()));
        delete("after/crash");
    }

    // --- list and delete ------------------------------------------------------------------------------

    @Test
    void listReturnsKeysUnderAPrefixAtAnyDepth() {
        List<String> all = List.of("a/b/1", "a/b/2", "a/c/d/3", "ab/4", "a.b/5", "top");
        all.forEach(key -> put(key, key));

        assertThat(keys("")).containsExactlyInAnyOrderElementsOf(all);
        assertThat(keys("a")).containsExactlyInAnyOrder("a/b/1", "a/b/2", "a/c/d/3");
        assertThat(keys("a/b")).containsExactlyInAnyOrder("a/b/1", "a/b/2");
        assertThat(keys("a/c")).containsExactly("a/c/d/3");
        assertThat(keys("a/b/1")).as("a key is not its own prefix").isEmpty();
        assertThat(keys("top")).isEmpty();
        assertThat(keys("nothing/here")).isEmpty();

        all.forEach(this::delete);
    }

    @Test
    void listIgnoresStagedWrites() throws IOException {
        try (BlobWriter writer = storage.openWriter()) {
            writer.write(1);
            writer.flush();
            assertThat(keys("")).isEmpty();
        }
    }

    @Test
    void deleteRemovesOnlyThatBlob() {
        put("del/one", "1");
        put("del/two", "2");

        assertThat(storage.delete("del/one")).isTrue();

        assertThat(storage.stat("del/one")).isEmpty();
        assertThat(storage.delete("del/one")).as("second delete").isFalse();
        assertThat(keys("del")).containsExactly("del/two");
        delete("del/two");
    }

    @Test
    void keyCanBeWrittenAgainAfterDelete() throws IOException {
        put("again/and/again", "first");
        delete("again/and/again");

        put("again/and/again", "second");

        assertThat(read("again/and/again")).isEqualTo("second");
        delete("again/and/again");
    }

    // --- keys -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "/abs",
                "a//b",
                "a/",
                "..",
                "../x",
                "a/../b",
                "a/..",
                ".",
                "a/./b",
                "a\\b",
                "..\\x",
                "C:/x",
                "a b",
                "a/ä",
                "a\nb",
                "_uploads/x",
                "_private",
                "a/b?c",
                "~/x",
                "%2e%2e/x",
                "a./b",
                "x/...",
                "name."
            })
    void invalidKeysAreRejectedByEveryMethod(String key) {
        assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.openReader(key, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.delete(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.put(key, InputStream.nullInputStream()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.redirectUrl(key, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        if (!key.isEmpty()) {
            assertThatThrownBy(() -> storage.list(key)).isInstanceOf(IllegalArgumentException.class);
        }
        try (BlobWriter writer = storage.openWriter()) {
            assertThatThrownBy(() -> writer.commit(key)).isInstanceOf(IllegalArgumentException.class);
            writer.commit("still/usable");
        }
        delete("still/usable");
    }

    @Test
    void tooLongKeyIsRejected() {
        String key = "k/" + "x".repeat(BlobKeys.MAX_LENGTH);

        assertThatThrownBy(() -> storage.stat(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a",
                "Z9",
                "sha256/ab/abcdef0123",
                "team/app/v1.0.0",
                "a-b_c.d",
                "x/_y",
                "a..b/.c/c-",
                "..a/x",
                "a/b/c/d/e/f/g/h"
            })
    void validKeysWork(String key) throws IOException {
        put(key, key);

        assertThat(read(key)).isEqualTo(key);
        assertThat(keys("")).containsExactly(key);
        delete(key);
    }

    // --- large blobs and redirects --------------------------------------------------------------------

    /** 64 MiB generated on the fly and hashed on both sides; never more than one chunk in memory. */
    @Test
    void largeBlobIsStreamedThroughIntact() throws IOException {
        long size = 64L * MIB + 123;
        MessageDigest written = sha256();
        try (BlobWriter writer = storage.openWriter()) {
            writeGenerated(writer, 0, size, written);
            writer.commit("large/blob");
        }

        assertThat(storage.stat("large/blob").orElseThrow().size()).isEqualTo(size);
        assertThat(sha256Hex("large/blob")).isEqualTo(HexFormat.of().formatHex(written.digest()));

        long offset = size - 5000;
        byte[] expectedTail = new byte[5000];
        fill(expectedTail, expectedTail.length, offset);
        try (InputStream in = storage.openReader("large/blob", offset)) {
            assertThat(in.readAllBytes()).isEqualTo(expectedTail);
        }
        delete("large/blob");
    }

    @Test
    void redirectUrlIsEmptyOrAnHttpUrl() {
        put("redirect/me", "bytes");

        storage.redirectUrl("redirect/me", Duration.ofMinutes(5))
                .ifPresent(url -> assertThat(url.getScheme()).isIn("http", "https"));
        assertThatThrownBy(() -> storage.redirectUrl("redirect/me", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        delete("redirect/me");
    }

    // --- helpers --------------------------------------------------------------------------------------

    /** Another instance on the same store, closed after the test. */
    private BlobStorage another() throws Exception {
        BlobStorage other = newInstanceOnSameStore();
        others.add(other);
        return other;
    }

    /** Writes {@code length} generated bytes that belong at {@code position}; returns the new position. */
    private static long writeGenerated(BlobWriter writer, long position, long length, MessageDigest digest)
            throws IOException {
        byte[] chunk = new byte[64 * 1024];
        long end = position + length;
        while (position < end) {
            int n = (int) Math.min(chunk.length, end - position);
            fill(chunk, n, position);
            digest.update(chunk, 0, n);
            writer.write(chunk, 0, n);
            position += n;
        }
        return position;
    }

    private String sha256Hex(String key) throws IOException {
        MessageDigest digest = sha256();
        byte[] chunk = new byte[64 * 1024];
        try (InputStream in = storage.openReader(key)) {
            for (int n; (n = in.read(chunk)) > 0; ) {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private long put(String key, String content) {
        return storage.put(key, new ByteArrayInputStream(content.getBytes(UTF_8)));
    }

    private String read(String key) throws IOException {
        try (InputStream in = storage.openReader(key)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private void delete(String key) {
        assertThat(storage.delete(key)).as("delete " + key).isTrue();
    }

    private List<String> keys(String prefix) {
        try (Stream<String> keys = storage.list(prefix)) {
            return keys.toList();
        }
    }

    /** Deterministic bytes that depend on their position, so any slice can be regenerated. */
    private static void fill(byte[] buffer, int length, long position) {
        for (int i = 0; i < length; i++) {
            buffer[i] = (byte) (((position + i) * 0x9E3779B97F4A7C15L) >>> 56);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
