package io.keyport.backend.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failure(user, address);
        }
    }

    private void advanceSeconds(double seconds) {
        now.addAndGet((long) (seconds * 1000));
    }

    @Test
    void firstFailuresAreFree() {
        fail("alice", "10.0.0.1", 3);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
    }

    @Test
    void waitDoublesWithEachFurtherFailure() {
        fail("alice", "10.0.0.1", 3);
        long[] expected = {1, 2, 4, 8, 16, 32, 64};
        for (long seconds : expected) {
            throttle.failure("alice", "10.0.0.1");
            assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(seconds);
        }
    }

    @Test
    void waitEndsWhenItsTimeHasPassed() {
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(1);
        advanceSeconds(0.999);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(1);
        advanceSeconds(0.001);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
    }

    @Test
    void retryAfterRoundsUpToWholeSeconds() {
        fail("alice", "10.0.0.1", 6);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(4);
        advanceSeconds(2.5);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(2);
    }

    @Test
    void pairWaitIsCappedAtFifteenMinutes() {
        fail("alice", "10.0.0.1", 60);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isEqualTo(900);
    }

    @Test
    void successClearsThePersonsCount() {
        fail("alice", "10.0.0.1", 4);
        advanceSeconds(1);
        throttle.success("alice", "10.0.0.1");
        throttle.failure("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
    }

    @Test
    void countsAreForgottenFifteenMinutesAfterTheLastFailure() {
        fail("alice", "10.0.0.1", 10);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isPositive();
        advanceSeconds(15 * 60 + 1);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
        // A new failure starts counting from one again: it is free.
        throttle.failure("alice", "10.0.0.1");
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isZero();
    }

    @Test
    void oneAddressTryingManyUsersIsSlowedDownForEveryUser() {
        for (int i = 0; i < 20; i++) {
            throttle.failure("user-" + i, "10.6.6.6");
        }
        assertThat(throttle.retryAfter("someone-else", "10.6.6.6")).isZero();
        throttle.failure("user-20", "10.6.6.6");
        assertThat(throttle.retryAfter("someone-else", "10.6.6.6")).isEqualTo(1);
        // Other addresses are not affected.
        assertThat(throttle.retryAfter("someone-else", "10.0.0.1")).isZero();
    }

    @Test
    void successDoesNotClearTheAddressCount() {
        for (int i = 0; i < 21; i++) {
            throttle.failure("user-" + i, "10.6.6.6");
        }
        throttle.success("user-0", "10.6.6.6");
        assertThat(throttle.retryAfter("user-0", "10.6.6.6")).isEqualTo(1);
    }

    @Test
    void manyAddressesTryingOneUserSlowThatUserDownEverywhere() {
        for (int i = 0; i < 10; i++) {
            throttle.failure("alice", "10.1.0." + i);
        }
        assertThat(throttle.retryAfter("alice", "192.168.1.1")).isZero();
        throttle.failure("alice", "10.1.0.10");
        assertThat(throttle.retryAfter("alice", "192.168.1.1")).isEqualTo(1);
        assertThat(throttle.retryAfter("bob", "192.168.1.1")).isZero();
    }

    @Test
    void floodAgainstAdminNeverLocksTheRealAdminOutForMoreThanThirtySeconds() {
        for (int i = 0; i < 5000; i++) {
            throttle.failure("admin", "172.16." + (i / 250) + "." + (i % 250));
            advanceSeconds(0.01);
        }
        long wait = throttle.retryAfter("admin", "192.168.1.1");
        assertThat(wait).isPositive().isLessThanOrEqualTo(LoginThrottle.USER_CAP_SECONDS);
        advanceSeconds(LoginThrottle.USER_CAP_SECONDS);
        assertThat(throttle.retryAfter("admin", "192.168.1.1")).isZero();
        throttle.success("admin", "192.168.1.1");
        assertThat(throttle.retryAfter("admin", "192.168.1.1")).isZero();
    }

    @Test
    void floodWaitIsExactlyTheCap() {
        for (int i = 0; i < 100; i++) {
            throttle.failure("admin", "172.16.0." + i);
        }
        assertThat(throttle.retryAfter("admin", "192.168.1.1")).isEqualTo(LoginThrottle.USER_CAP_SECONDS);
        // Other people are not slowed down by a flood against admin.
        assertThat(throttle.retryAfter("alice", "192.168.1.1")).isZero();
    }

    @Test
    void separateUsersAndAddressesAreIndependent() {
        fail("alice", "10.0.0.1", 5);
        assertThat(throttle.retryAfter("alice", "10.0.0.1")).isPositive();
        assertThat(throttle.retryAfter("bob", "10.0.0.2")).isZero();
        assertThat(throttle.retryAfter("alice", "10.0.0.2")).isZero();
        assertThat(throttle.retryAfter("bob", "10.0.0.1")).isZero();
    }
}
