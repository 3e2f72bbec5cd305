package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.service.Authorizer;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.identity.service.Realm;
import io.keyport.backend.registry.store.BlobIndex;
import io.keyport.backend.registry.store.RegistryLayout;
import io.keyport.backend.registry.store.UploadStore;
import io.keyport.backend.storage.FilesystemStorage;
import io.keyport.backend.testing.StoreTest;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.RepositoryName;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chunked upload's running hash when the replica serving a chunk does not hold it (decision
 * 0040): two replicas (two {@link BlobService}s, each with its own {@link LiveDigests}) share the
 * database (H2 file or PostgreSQL) and a filesystem store, and a restart is a new service with an
 * empty cache. Chunks alternate between them; the blob is stored only under its true digest, and a
 * wrong digest is still refused after a re-hash.
 */
@StoreTest
class UploadHashFallbackIT {

    static final RepositoryName REPO = RepositoryName.parse("team-a/fallback");
    static final Principal ALICE =
            new Principal("alice", Realm.EMPLOYEES, Set.of("uid"), false, Set.of("team-a"), Instant.MAX, null, false);
    static final RegistryCaller CALLER = new RegistryCaller(ALICE, null, "http://localhost/v2/token");

    @TempDir
    Path dir;

    final Clock clock = Clock.systemUTC();

    /** A replica: its own storage instance on the shared folder and its own cache of live digests. */
    private record Replica(BlobService blobs, LiveDigests live) {}

    private Replica replica(Database db) {
        LiveDigests live = new LiveDigests(LiveDigests.DEFAULT_CAPACITY);
        BlobService blobs = new BlobService(
                db,
                new FilesystemStorage(dir.resolve("blobs"), clock),
                new BlobIndex(),
                new UploadStore(),
                new RegistryAccess(new TeamWrite(), team -> false),
                clock,
                Duration.ofHours(1),
                live,
                BlobListener.NONE);
        return new Replica(blobs, live);
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static BlobService.Body body(byte[] bytes) {
        return new BlobService.Body(new ByteArrayInputStream(bytes), () -> {});
    }

    private static BlobService.Session patch(Replica r, String id, byte[] blob, int from, int to) {
        return r.blobs()
                .append(
                        CALLER,
                        REPO,
                        id,
                        Optional.of(new BlobService.ChunkRange(from, to - 1)),
                        body(Arrays.copyOfRange(blob, from, to)));
    }

    private byte[] stored(Database db, Digest digest) throws IOException {
        Optional<Long> linked = db.read(c -> new BlobIndex().linkedSize(c, REPO, digest));
        assertThat(linked).isPresent();
        try (InputStream in =
                new FilesystemStorage(dir.resolve("blobs"), clock).openReader(RegistryLayout.blobKey(digest))) {
            return in.readAllBytes();
        }
    }

    @Test
    void chunksAlternatingBetweenReplicasHashEveryByteOnce(Database db) throws IOException {
        Replica a = replica(db);
        Replica b = replica(db);
        byte[] blob = random(3 * 1024 * 1024 + 7, 1);
        int[] cuts = {0, 700_001, 1_500_000, 2_600_000, blob.length};
        String id = a.blobs().start(CALLER, REPO, Digest.Algorithm.SHA256).id();

        patch(a, id, blob, cuts[0], cuts[1]);
        assertThat(a.live().size()).as("A keeps the session's digest").isEqualTo(1);
        patch(b, id, blob, cuts[1], cuts[2]); // B re-hashes the staged bytes
        assertThat(b.live().size()).isEqualTo(1);
        patch(a, id, blob, cuts[2], cuts[3]); // A's digest stopped at cuts[1]: stale, re-hashed
        patch(a, id, blob, cuts[3], cuts[4]); // A's own digest again
        Digest digest = Digest.sha256(blob);
        b.blobs().complete(CALLER, REPO, id, digest, Optional.empty(), body(new byte[0]));

        assertThat(stored(db, digest)).isEqualTo(blob);
        assertThat(b.live().size())
                .as("B's stale digest was dropped at the PUT")
                .isZero();
        assertThat(a.live().size())
                .as("A still holds one (LRU-bounded); the session is gone, so it is never used")
                .isEqualTo(1);
    }

    /**
     * Chunks of several MiB are hashed on the digest pool past their first MiB (decision 0063);
     * the digest a PATCH keeps, continued by the next PATCH and by the PUT's own last chunk, still
     * covers every byte in order, and a monolithic upload of the same size matches too.
     */
    @Test
    void largeChunksHashedOffTheReceivingThreadContinueAcrossRequests(Database db) throws IOException {
        Replica a = replica(db);
        byte[] blob = random(9 * 1024 * 1024 + 11, 5);
        int[] cuts = {0, 3 * 1024 * 1024 + 1, 6 * 1024 * 1024 + 5, blob.length};
        String id = a.blobs().start(CALLER, REPO, Digest.Algorithm.SHA256).id();
        patch(a, id, blob, cuts[0], cuts[1]);
        patch(a, id, blob, cuts[1], cuts[2]);
        Digest digest = Digest.sha256(blob);
        a.blobs()
                .complete(
                        CALLER,
                        REPO,
                        id,
                        digest,
                        Optional.of(new BlobService.ChunkRange(cuts[2], cuts[3] - 1)),
                        body(Arrays.copyOfRange(blob, cuts[2], cuts[3])));
        assertThat(stored(db, digest)).isEqualTo(blob);

        byte[] whole = random(5 * 1024 * 1024 + 3, 6);
        Digest wholeDigest = Digest.sha256(whole);
        assertThat(a.blobs().upload(CALLER, REPO, wholeDigest, body(whole))).isEqualTo(wholeDigest);
        assertThat(stored(db, wholeDigest)).isEqualTo(whole);
        Digest wrong = Digest.sha256(random(16, 7));
        assertThatThrownBy(() -> a.blobs().upload(CALLER, REPO, wrong, body(whole)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void aRestartBetweenChunksRehashesAndTheLastChunkInThePutCompletes(Database db) throws IOException {
        byte[] blob = random(2 * 1024 * 1024 + 3, 2);
        int half = blob.length / 2;
        Replica before = replica(db);
        String id = before.blobs().start(CALLER, REPO, Digest.Algorithm.SHA256).id();
        patch(before, id, blob, 0, half);

        Replica after = replica(db); // the restarted server: nothing in memory
        Digest digest = Digest.sha256(blob);
        after.blobs()
                .complete(
                        CALLER,
                        REPO,
                        id,
                        digest,
                        Optional.of(new BlobService.ChunkRange(half, blob.length - 1)),
                        body(Arrays.copyOfRange(blob, half, blob.length)));

        assertThat(stored(db, digest)).isEqualTo(blob);
        assertThat(after.live().size()).isZero();
    }

    @Test
    void aWrongDigestIsRefusedAfterARehashAndNothingIsStored(Database db) {
        byte[] blob = random(1024 * 1024 + 1, 3);
        Replica a = replica(db);
        Replica b = replica(db);
        String id = a.blobs().start(CALLER, REPO, Digest.Algorithm.SHA256).id();
        patch(a, id, blob, 0, 1000);
        patch(b, id, blob, 1000, blob.length);

        byte[] other = blob.clone();
        other[5] ^= 1; // a client that believes byte 5 was different
        Digest wrong = Digest.sha256(other);
        assertThatThrownBy(() -> a.blobs().complete(CALLER, REPO, id, wrong, Optional.empty(), body(new byte[0])))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo(OciError.DIGEST_INVALID));

        Optional<Long> underWrong = db.read(c -> new BlobIndex().size(c, wrong));
        Optional<Long> underTrue = db.read(c -> new BlobIndex().size(c, Digest.sha256(blob)));
        assertThat(underWrong).isEmpty();
        assertThat(underTrue).isEmpty();
        assertThat(a.live().size())
                .as("A's stale digest was dropped at the PUT")
                .isZero();
    }

    @Test
    void aSha512SessionContinuesOnAnotherReplica(Database db) throws IOException {
        byte[] blob = random(600_000, 4);
        Replica a = replica(db);
        Replica b = replica(db);
        String id = a.blobs().start(CALLER, REPO, Digest.Algorithm.SHA512).id();
        patch(a, id, blob, 0, 250_000);
        Digest digest = Digest.compute(Digest.Algorithm.SHA512, blob);
        b.blobs()
                .complete(
                        CALLER,
                        REPO,
                        id,
                        digest,
                        Optional.of(new BlobService.ChunkRange(250_000, blob.length - 1)),
                        body(Arrays.copyOfRange(blob, 250_000, blob.length)));

        assertThat(stored(db, digest)).isEqualTo(blob);
    }

    /** Team write for members of the team, as identity's rule for people. */
    private static final class TeamWrite implements Authorizer {
        @Override
        public void requireTeamWrite(Principal caller, String team) {
            if (!caller.memberOf(team)) {
                throw new ApiException(OciError.DENIED, "not a member of " + team);
            }
        }

        @Override
        public Optional<String> responsiblePerson(Principal caller) {
            return Optional.of(caller.uid());
        }

        @Override
        public void requireRead(Principal caller) {}

        @Override
        public void requireAdmin(Principal caller) {
            throw new ApiException(OciError.DENIED, "not an admin");
        }
    }
}
