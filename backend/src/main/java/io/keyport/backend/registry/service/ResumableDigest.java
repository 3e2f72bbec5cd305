package io.keyport.backend.registry.service;

import io.keyport.model.registry.Digest;
import java.nio.ByteBuffer;

/**
 * SHA-256 and SHA-512 (FIPS 180-4) whose running state can be saved and restored: an upload
 * session is hashed while its bytes stream in, one pass, and the state travels with the session's
 * database row, so another replica (or this one after a restart) continues the hash where the
 * previous request stopped, without reading a byte back. The JDK's {@code MessageDigest} cannot
 * export its state, which is why this class exists; it is not a general-purpose digest.
 */
public abstract sealed class ResumableDigest permits ResumableDigest.Sha256, ResumableDigest.Sha512 {

    /** A fresh hash of {@code algorithm}. */
    public static ResumableDigest start(Digest.Algorithm algorithm) {
        return algorithm == Digest.Algorithm.SHA256 ? new Sha256() : new Sha512();
    }

    /** The hash saved by {@link #state()}; {@link IllegalArgumentException} for bytes that are not one. */
    public static ResumableDigest restore(byte[] state) {
        if (state == null || state.length < 1) {
            throw new IllegalArgumentException("no digest state");
        }
        ResumableDigest d = state[0] == 1 ? new Sha256() : state[0] == 2 ? new Sha512() : null;
        if (d == null) {
            throw new IllegalArgumentException("unknown digest state");
        }
        d.load(ByteBuffer.wrap(state, 1, state.length - 1));
        return d;
    }

    protected final byte[] block;
    protected int buffered;
    protected long length;

    ResumableDigest(int blockSize) {
        this.block = new byte[blockSize];
    }

    public abstract Digest.Algorithm algorithm();

    /** Adds bytes to the hash. */
    public final void update(byte[] b, int off, int len) {
        length += len;
        if (buffered > 0) {
            int take = Math.min(len, block.length - buffered);
            System.arraycopy(b, off, block, buffered, take);
            buffered += take;
            off += take;
            len -= take;
            if (buffered < block.length) {
                return;
            }
            compress(block, 0);
            buffered = 0;
        }
        while (len >= block.length) {
            compress(b, off);
            off += block.length;
            len -= block.length;
        }
        if (len > 0) {
            System.arraycopy(b, off, block, 0, len);
            buffered = len;
        }
    }

    /** How many bytes were hashed. */
    public final long length() {
        return length;
    }

    /** The digest of everything hashed so far; the running state is left as it was. */
    public final Digest digest() {
        ResumableDigest copy = restore(state());
        return Digest.of(algorithm(), copy.finish());
    }

    /** The running state: compact bytes that {@link #restore} turns back into this hash. */
    public final byte[] state() {
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 4 + block.length + stateWords() * 8);
        out.put((byte) (algorithm() == Digest.Algorithm.SHA256 ? 1 : 2));
        out.putLong(length);
        out.putInt(buffered);
        out.put(block, 0, buffered);
        saveWords(out);
        byte[] bytes = new byte[out.position()];
        out.flip();
        out.get(bytes);
        return bytes;
    }

    private void load(ByteBuffer in) {
        length = in.getLong();
        buffered = in.getInt();
        if (buffered < 0 || buffered >= block.length || length < buffered) {
            throw new IllegalArgumentException("corrupt digest state");
        }
        in.get(block, 0, buffered);
        loadWords(in);
    }

    /** Pads and compresses the last block(s), then returns the hash bytes. Destroys the state. */
    private byte[] finish() {
        int lengthBytes = block.length / 8; // the message length field: 8 bytes for SHA-256, 16 for SHA-512
        long bits = length * 8;
        block[buffered++] = (byte) 0x80;
        if (buffered > block.length - lengthBytes) {
            java.util.Arrays.fill(block, buffered, block.length, (byte) 0);
            compress(block, 0);
            buffered = 0;
        }
        java.util.Arrays.fill(block, buffered, block.length, (byte) 0);
        for (int i = 0; i < 8; i++) {
            block[block.length - 1 - i] = (byte) (bits >>> (8 * i));
        }
        compress(block, 0);
        return output();
    }

    abstract void compress(byte[] b, int off);

    abstract int stateWords();

    abstract void saveWords(ByteBuffer out);

    abstract void loadWords(ByteBuffer in);

    abstract byte[] output();

    /** SHA-256: 64-byte blocks, eight 32-bit words. */
    static final class Sha256 extends ResumableDigest {
        private static final int[] K = {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
        };

        private final int[] h = {
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
        };
        private final int[] w = new int[64];

        Sha256() {
            super(64);
        }

        @Override
        public Digest.Algorithm algorithm() {
            return Digest.Algorithm.SHA256;
        }

        @Override
        void compress(byte[] b, int off) {
            for (int t = 0; t < 16; t++) {
                int i = off + 4 * t;
                w[t] = (b[i] << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            }
            for (int t = 16; t < 64; t++) {
                int x = w[t - 15];
                int y = w[t - 2];
                int s0 = Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
                int s1 = Integer.rotateRight(y, 17) ^ Integer.rotateRight(y, 19) ^ (y >>> 10);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            int a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int t = 0; t < 64; t++) {
                int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
                int ch = (e & f) ^ (~e & g);
                int t1 = hh + s1 + ch + K[t] + w[t];
                int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
                int maj = (a & bb) ^ (a & c) ^ (bb & c);
                int t2 = s0 + maj;
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = bb;
                bb = a;
                a = t1 + t2;
            }
            h[0] += a;
            h[1] += bb;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }

        @Override
        int stateWords() {
            return 8;
        }

        @Override
        void saveWords(ByteBuffer out) {
            for (int v : h) {
                out.putInt(v);
            }
        }

        @Override
        void loadWords(ByteBuffer in) {
            for (int i = 0; i < 8; i++) {
                h[i] = in.getInt();
            }
        }

        @Override
        byte[] output() {
            ByteBuffer out = ByteBuffer.allocate(32);
            for (int v : h) {
                out.putInt(v);
            }
            return out.array();
        }
    }

    /** SHA-512: 128-byte blocks, eight 64-bit words. */
    static final class Sha512 extends ResumableDigest {
        private static final long[] K = {
            0x428a2f98d728ae22L, 0x7137449123ef65cdL, 0xb5c0fbcfec4d3b2fL, 0xe9b5dba58189dbbcL, 0x3956c25bf348b538L,
            0x59f111f1b605d019L, 0x923f82a4af194f9bL, 0xab1c5ed5da6d8118L, 0xd807aa98a3030242L, 0x12835b0145706fbeL,
            0x243185be4ee4b28cL, 0x550c7dc3d5ffb4e2L, 0x72be5d74f27b896fL, 0x80deb1fe3b1696b1L, 0x9bdc06a725c71235L,
            0xc19bf174cf692694L, 0xe49b69c19ef14ad2L, 0xefbe4786384f25e3L, 0x0fc19dc68b8cd5b5L, 0x240ca1cc77ac9c65L,
            0x2de92c6f592b0275L, 0x4a7484aa6ea6e483L, 0x5cb0a9dcbd41fbd4L, 0x76f988da831153b5L, 0x983e5152ee66dfabL,
            0xa831c66d2db43210L, 0xb00327c898fb213fL, 0xbf597fc7beef0ee4L, 0xc6e00bf33da88fc2L, 0xd5a79147930aa725L,
            0x06ca6351e003826fL, 0x142929670a0e6e70L, 0x27b70a8546d22ffcL, 0x2e1b21385c26c926L, 0x4d2c6dfc5ac42aedL,
            0x53380d139d95b3dfL, 0x650a73548baf63deL, 0x766a0abb3c77b2a8L, 0x81c2c92e47edaee6L, 0x92722c851482353bL,
            0xa2bfe8a14cf10364L, 0xa81a664bbc423001L, 0xc24b8b70d0f89791L, 0xc76c51a30654be30L, 0xd192e819d6ef5218L,
            0xd69906245565a910L, 0xf40e35855771202aL, 0x106aa07032bbd1b8L, 0x19a4c116b8d2d0c8L, 0x1e376c085141ab53L,
            0x2748774cdf8eeb99L, 0x34b0bcb5e19b48a8L, 0x391c0cb3c5c95a63L, 0x4ed8aa4ae3418acbL, 0x5b9cca4f7763e373L,
            0x682e6ff3d6b2b8a3L, 0x748f82ee5defb2fcL, 0x78a5636f43172f60L, 0x84c87814a1f0ab72L, 0x8cc702081a6439ecL,
            0x90befffa23631e28L, 0xa4506cebde82bde9L, 0xbef9a3f7b2c67915L, 0xc67178f2e372532bL, 0xca273eceea26619cL,
            0xd186b8c721c0c207L, 0xeada7dd6cde0eb1eL, 0xf57d4f7fee6ed178L, 0x06f067aa72176fbaL, 0x0a637dc5a2c898a6L,
            0x113f9804bef90daeL, 0x1b710b35131c471bL, 0x28db77f523047d84L, 0x32caab7b40c72493L, 0x3c9ebe0a15c9bebcL,
            0x431d67c49c100d4cL, 0x4cc5d4becb3e42b6L, 0x597f299cfc657e2aL, 0x5fcb6fab3ad6faecL, 0x6c44198c4a475817L
        };

        private final long[] h = {
            0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
            0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L
        };
        private final long[] w = new long[80];

        Sha512() {
            super(128);
        }

        @Override
        public Digest.Algorithm algorithm() {
            return Digest.Algorithm.SHA512;
        }

        @Override
        void compress(byte[] b, int off) {
            for (int t = 0; t < 16; t++) {
                long v = 0;
                for (int i = 0; i < 8; i++) {
                    v = (v << 8) | (b[off + 8 * t + i] & 0xff);
                }
                w[t] = v;
            }
            for (int t = 16; t < 80; t++) {
                long x = w[t - 15];
                long y = w[t - 2];
                long s0 = Long.rotateRight(x, 1) ^ Long.rotateRight(x, 8) ^ (x >>> 7);
                long s1 = Long.rotateRight(y, 19) ^ Long.rotateRight(y, 61) ^ (y >>> 6);
                w[t] = w[t - 16] + s0 + w[t - 7] + s1;
            }
            long a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
            for (int t = 0; t < 80; t++) {
                long s1 = Long.rotateRight(e, 14) ^ Long.rotateRight(e, 18) ^ Long.rotateRight(e, 41);
                long ch = (e & f) ^ (~e & g);
                long t1 = hh + s1 + ch + K[t] + w[t];
                long s0 = Long.rotateRight(a, 28) ^ Long.rotateRight(a, 34) ^ Long.rotateRight(a, 39);
                long maj = (a & bb) ^ (a & c) ^ (bb & c);
                long t2 = s0 + maj;
                hh = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = bb;
                bb = a;
                a = t1 + t2;
            }
            h[0] += a;
            h[1] += bb;
            h[2] += c;
            h[3] += d;
            h[4] += e;
            h[5] += f;
            h[6] += g;
            h[7] += hh;
        }

        @Override
        int stateWords() {
            return 8;
        }

        @Override
        void saveWords(ByteBuffer out) {
            for (long v : h) {
                out.putLong(v);
            }
        }

        @Override
        void loadWords(ByteBuffer in) {
            for (int i = 0; i < 8; i++) {
                h[i] = in.getLong();
            }
        }

        @Override
        byte[] output() {
            ByteBuffer out = ByteBuffer.allocate(64);
            for (long v : h) {
                out.putLong(v);
            }
            return out.array();
        }
    }
}
