package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.KeyportConfig;
import io.keyport.backend.platform.PeriodicJob;
import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.ShiftedClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The staging purge as the platform runs it: a periodic job over {@link BlobStorage#purgeStaging}. */
class StagingPurgeTest {

    private final ShiftedClock clock = new ShiftedClock();
    private final InMemoryStorage storage = new InMemoryStorage(clock);
    private final AtomicInteger runs = new AtomicInteger();

    private PeriodicJob job(Duration purgeAfter) {
        StagingPurge purge = new StagingPurge(storage, purgeAfter);
        return new PeriodicJob("storage-purge", Duration.ofMillis(20), () -> {
            purge.run();
            runs.incrementAndGet();
        });
    }

    private String suspendedWrite() throws Exception {
        BlobWriter writer = storage.openWriter();
        writer.write("half an upload".getBytes(StandardCharsets.UTF_8));
        writer.suspend();
        return writer.id();
    }

    /** Waits until a whole run of the job started after now. */
    private void twoMoreRuns() throws Exception {
        int before = runs.get();
        Eventually.until(Duration.ofSeconds(10), "two runs of the purge job", () -> runs.get() >= before + 2);
    }

    @Test
    void aStagedWriteOlderThanThePurgeAgeIsRemovedByTheTimer() throws Exception {
        String id = suspendedWrite();
        clock.advance(Duration.ofMinutes(61));
        try (PeriodicJob job = job(Duration.ofHours(1))) {
            job.start();
            twoMoreRuns();
        }
        assertThat(storage.resumeWriter(id)).isEmpty();
    }

    @Test
    void aYoungerStagedWriteIsKept() throws Exception {
        String id = suspendedWrite();
        clock.advance(Duration.ofMinutes(59));
        try (PeriodicJob job = job(Duration.ofHours(1))) {
            job.start();
            twoMoreRuns();
        }
        Optional<BlobWriter> resumed = storage.resumeWriter(id);
        assertThat(resumed).isPresent();
        resumed.get().cancel();
    }

    @Test
    void aFailingRunDoesNotStopTheJob() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        try (PeriodicJob job = new PeriodicJob("failing", Duration.ofMillis(20), () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("storage unavailable");
        })) {
            job.start();
            Eventually.until(Duration.ofSeconds(10), "three attempts", () -> attempts.get() >= 3);
        }
    }

    @Test
    void aNegativeAgeOrAnEmptyIntervalIsRefused() {
        assertThatThrownBy(() -> new StagingPurge(storage, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeriodicJob("x", Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_STORAGE_PURGE_INTERVAL", "PT0S")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_STORAGE_PURGE_INTERVAL");
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_STORAGE_PURGE_AFTER", "-PT1S")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_STORAGE_PURGE_AFTER");
    }
}
