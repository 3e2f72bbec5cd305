package io.keyport.backend.registry.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.model.registry.Digest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.junit.jupiter.api.Test;

class LiveDigestsTest {

    private static LiveDigests.Live sha256(long length) throws NoSuchAlgorithmException {
        return new LiveDigests.Live(Digest.Algorithm.SHA256, MessageDigest.getInstance("SHA-256"), length);
    }

    @Test
    void aDigestIsTakenOnceAndOnlyAtTheSessionsSize() throws Exception {
        LiveDigests live = new LiveDigests(10);
        LiveDigests.Live kept = sha256(100);
        live.keep("s", kept);

        assertThat(live.take("s", 100, Digest.Algorithm.SHA256)).containsSame(kept);
        assertThat(live.take("s", 100, Digest.Algorithm.SHA256))
                .as("taken already")
                .isEmpty();

        live.keep("s", kept);
        assertThat(live.take("s", 200, Digest.Algorithm.SHA256))
                .as("another replica moved the session on")
                .isEmpty();
        assertThat(live.size()).as("a stale digest is dropped").isZero();

        live.keep("s", kept);
        assertThat(live.take("s", 100, Digest.Algorithm.SHA512)).isEmpty();
        assertThat(live.size()).isZero();
    }

    @Test
    void beyondItsCapacityTheSessionServedLongestAgoGoes() throws Exception {
        LiveDigests live = new LiveDigests(2);
        live.keep("first", sha256(1));
        live.keep("second", sha256(2));
        live.keep("first", sha256(3)); // served again: now the newest
        live.keep("third", sha256(4));

        assertThat(live.size()).isEqualTo(2);
        assertThat(live.take("second", 2, Digest.Algorithm.SHA256)).isEmpty();
        assertThat(live.take("first", 3, Digest.Algorithm.SHA256)).isPresent();
        assertThat(live.take("third", 4, Digest.Algorithm.SHA256)).isPresent();
    }

    @Test
    void forgetDropsASessionAndTheCapacityMustBePositive() throws Exception {
        LiveDigests live = new LiveDigests(1);
        live.keep("s", sha256(1));
        live.forget("s");
        assertThat(live.size()).isZero();
        assertThatThrownBy(() -> new LiveDigests(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
