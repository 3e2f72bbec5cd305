package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.model.registry.Digest;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ResumableDigestTest {

    /** Lengths around the block and padding boundaries of both algorithms. */
    private static final int[] LENGTHS = {0, 1, 55, 56, 63, 64, 65, 111, 112, 119, 127, 128, 129, 1000, 70_000};

    @ParameterizedTest
    @EnumSource(Digest.Algorithm.class)
    void equalsTheJdkDigestForEveryLength(Digest.Algorithm algorithm) {
        Random random = new Random(42);
        for (int length : LENGTHS) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            ResumableDigest d = ResumableDigest.start(algorithm);
            d.update(bytes, 0, bytes.length);
            assertThat(d.digest()).as("length %d", length).isEqualTo(Digest.compute(algorithm, bytes));
            assertThat(d.length()).isEqualTo(length);
        }
    }

    @ParameterizedTest
    @EnumSource(Digest.Algorithm.class)
    void savedAndRestoredAtAnySplitGivesTheSameDigest(Digest.Algorithm algorithm) {
        Random random = new Random(7);
        byte[] bytes = new byte[3000];
        random.nextBytes(bytes);
        Digest expected = Digest.compute(algorithm, bytes);
        for (int split = 0; split <= bytes.length; split += 37) {
            ResumableDigest first = ResumableDigest.start(algorithm);
            first.update(bytes, 0, split);
            byte[] state = first.state();
            ResumableDigest second = ResumableDigest.restore(state);
            second.update(bytes, split, bytes.length - split);
            assertThat(second.digest()).as("split at %d", split).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @EnumSource(Digest.Algorithm.class)
    void digestLeavesTheRunningStateAsItWas(Digest.Algorithm algorithm) {
        ResumableDigest d = ResumableDigest.start(algorithm);
        d.update(new byte[] {1, 2, 3}, 0, 3);
        d.digest();
        d.update(new byte[] {4}, 0, 1);
        assertThat(d.digest()).isEqualTo(Digest.compute(algorithm, new byte[] {1, 2, 3, 4}));
    }

    @ParameterizedTest
    @EnumSource(Digest.Algorithm.class)
    void corruptStateIsRefused(Digest.Algorithm algorithm) {
        byte[] state = ResumableDigest.start(algorithm).state();
        state[0] = 9;
        assertThatThrownBy(() -> ResumableDigest.restore(state)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResumableDigest.restore(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
