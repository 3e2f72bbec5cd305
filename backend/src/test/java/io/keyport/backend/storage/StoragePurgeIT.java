package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.Eventually;
import io.keyport.backend.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The running server purges abandoned staged writes on its own: the purge is one of the platform's
 * background jobs, started after migration ({@code KEYPORT_STORAGE_PURGE_*}).
 */
class StoragePurgeIT {

    @Test
    void theServerPurgesAnAbandonedStagedWrite() throws Exception {
        try (TestServer server = TestServer.start(Map.of(
                "KEYPORT_STORAGE_PURGE_AFTER", "PT0S",
                "KEYPORT_STORAGE_PURGE_INTERVAL", "PT0.05S"))) {
            BlobWriter writer = server.server().storage().openWriter();
            writer.write("an upload its client abandoned".getBytes(StandardCharsets.UTF_8));
            writer.suspend();
            Path staged = server.dataDir()
                    .resolve(BlobStorages.FILESYSTEM_FOLDER)
                    .resolve(FilesystemStorage.STAGING)
                    .resolve(writer.id());
            // (with a purge age of zero the next run may already have removed it)
            Eventually.until(Duration.ofSeconds(20), "the staged write purged", () -> !Files.exists(staged));
            assertThat(server.server().storage().resumeWriter(writer.id())).isEmpty();
        }
    }
}
