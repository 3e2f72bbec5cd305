package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An upload session outlives the server process that started it: its staged bytes are in the
 * storage and its running hash in the database, so a restarted server (or another replica on the
 * same database and storage) continues it where the last chunk ended (H2 and PostgreSQL).
 */
class RegistryResumeIT {

    @Test
    void chunkedUploadContinuesAfterARestart() {
        byte[] blob = new byte[3 * 1024 * 1024 + 17];
        new Random(11).nextBytes(blob);
        try (TestServer server = TestServer.start()) {
            RegistryClient admin = RegistryClient.basic(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
            String location = admin.startUpload("team-x/resumed");
            int half = blob.length / 2;
            location = expect(admin.patch(location, Arrays.copyOfRange(blob, 0, half), "0-" + (half - 1)), 202)
                    .header("Location")
                    .orElseThrow();

            server.restart();
            RegistryClient again = RegistryClient.basic(server.baseUrl(), "admin", TestServer.ADMIN_PASSWORD);
            assertThat(expect(again.get(location), 204).header("Range")).contains("0-" + (half - 1));
            location = expect(again.patch(location, Arrays.copyOfRange(blob, half, blob.length), null), 202)
                    .header("Location")
                    .orElseThrow();
            Digest digest = Digest.sha256(blob);
            expect(again.send("PUT", location + "?digest=" + digest, null), 201);
            assertThat(expect(again.get("/v2/team-x/resumed/blobs/" + digest), 200)
                            .body())
                    .isEqualTo(blob);
        }
    }
}
