package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class OffloadedDigestTest {

    private static MessageDigest sha256() throws Exception {
        return MessageDigest.getInstance("SHA-256");
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aLargeBodyFedInUnevenPiecesHashesAsOneUpdate() throws Exception {
        byte[] body = bytes(5 * OffloadedDigest.SLAB + 12_345, 1);
        OffloadedDigest d = new OffloadedDigest(sha256(), 0);
        Random sizes = new Random(2);
        byte[] piece = new byte[OffloadedDigest.SLAB * 2];
        int off = 0;
        while (off < body.length) {
            int n = Math.min(body.length - off, 1 + sizes.nextInt(piece.length));
            System.arraycopy(body, off, piece, 0, n);
            d.update(piece, 0, n);
            // the caller reuses its array at once: the digest must have taken its own copy
            java.util.Arrays.fill(piece, 0, n, (byte) 0x5a);
            off += n;
        }
        assertThat(d.length()).isEqualTo(body.length);
        assertThat(d.digest()).isEqualTo(sha256().digest(body));
    }

    @Test
    void smallBodiesStayInTheCallersThreadAndMatch() throws Exception {
        byte[] body = bytes(64 * 1024, 3);
        OffloadedDigest d = new OffloadedDigest(sha256());
        d.update(body, 0, body.length);
        assertThat(d.digest()).isEqualTo(sha256().digest(body));
    }

    @Test
    void crossingTheInlineLimitMidPieceKeepsTheOrder() throws Exception {
        byte[] body = bytes(3 * OffloadedDigest.SLAB, 4);
        OffloadedDigest d = new OffloadedDigest(sha256(), OffloadedDigest.SLAB / 2);
        d.update(body, 0, OffloadedDigest.SLAB / 3);
        d.update(body, OffloadedDigest.SLAB / 3, body.length - OffloadedDigest.SLAB / 3);
        assertThat(d.digest()).isEqualTo(sha256().digest(body));
    }

    @Test
    void aDrainedDigestContinuesWhereTheBytesStopped() throws Exception {
        byte[] first = bytes(2 * OffloadedDigest.SLAB + 7, 5);
        byte[] second = bytes(OffloadedDigest.SLAB + 99, 6);
        OffloadedDigest d = new OffloadedDigest(sha256(), 0);
        d.update(first, 0, first.length);
        MessageDigest kept = d.drained();
        OffloadedDigest next = new OffloadedDigest(kept, 0);
        next.update(second, 0, second.length);

        MessageDigest whole = sha256();
        whole.update(first);
        whole.update(second);
        assertThat(next.digest()).isEqualTo(whole.digest());
    }

    @Test
    void manyDigestsAtOnceEachGetTheirOwnBytes() throws Exception {
        int n = 6;
        byte[][] bodies = new byte[n][];
        OffloadedDigest[] digests = new OffloadedDigest[n];
        for (int i = 0; i < n; i++) {
            bodies[i] = bytes(3 * OffloadedDigest.SLAB + i, 10 + i);
            digests[i] = new OffloadedDigest(sha256(), 0);
        }
        int step = 100_000;
        for (int off = 0; off < bodies[n - 1].length; off += step) {
            for (int i = 0; i < n; i++) {
                int len = Math.min(step, bodies[i].length - off);
                if (len > 0) {
                    digests[i].update(bodies[i], off, len);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertThat(digests[i].digest()).as("body %d", i).isEqualTo(sha256().digest(bodies[i]));
        }
    }

    @Test
    @Timeout(30) // before the fix, the receiver waited for ever for the failed task's slab
    void aHasherThatFailsNeverLeavesTheReceiverWaitingAndTheFailureIsReported() {
        MessageDigest failing = new MessageDigest("failing") {
            private long seen;

            @Override
            protected void engineUpdate(byte input) {
                engineUpdate(new byte[] {input}, 0, 1);
            }

            @Override
            protected void engineUpdate(byte[] input, int offset, int len) {
                seen += len;
                if (seen > OffloadedDigest.SLAB) {
                    throw new IllegalStateException("broken digest");
                }
            }

            @Override
            protected byte[] engineDigest() {
                return new byte[0];
            }

            @Override
            protected void engineReset() {}
        };
        OffloadedDigest d = new OffloadedDigest(failing, 0);
        byte[] piece = new byte[OffloadedDigest.SLAB];
        // far more slabs than are in flight: a lost slab would block this loop for ever
        for (int i = 0; i < 4 * OffloadedDigest.SLABS; i++) {
            d.update(piece, 0, piece.length);
        }
        assertThatThrownBy(d::digest).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("broken digest");
    }
}
