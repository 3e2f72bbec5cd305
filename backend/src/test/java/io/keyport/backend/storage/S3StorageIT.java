package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server with {@code KEYPORT_STORAGE=s3}, configured only through the variables an operator sets
 * (docs/operations.md), against s3proxy embedded in the test: it starts, answers health, and its
 * storage keeps blobs and resumable writes in the bucket across a restart.
 */
class S3StorageIT {

    @RegisterExtension
    static final EmbeddedS3 s3 = EmbeddedS3.perClass();

    @Test
    void serverOnS3StartsAnswersHealthAndKeepsWritesAcrossARestart() throws IOException {
        String bucket = s3.newBucket();
        try (TestServer server = TestServer.start(s3.serverSettings(bucket))) {
            var health = server.client().get("/.well-known/health", null);
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().get("health").asBoolean()).isTrue();

            BlobStorage storage = server.server().storage();
            assertThat(storage).isInstanceOf(S3Storage.class);
            storage.put("kept/blob", new ByteArrayInputStream("in the bucket".getBytes(StandardCharsets.UTF_8)));
            BlobWriter writer = storage.openWriter();
            writer.write("half ".getBytes(StandardCharsets.UTF_8));
            writer.suspend();

            server.restart();

            assertThat(server.client().get("/.well-known/health", null).status()).isEqualTo(200);
            BlobStorage restarted = server.server().storage();
            try (InputStream in = restarted.openReader("kept/blob")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("in the bucket");
            }
            try (BlobWriter resumed = restarted.resumeWriter(writer.id()).orElseThrow()) {
                assertThat(resumed.size()).isEqualTo(5);
                resumed.write("and whole".getBytes(StandardCharsets.UTF_8));
                resumed.commit("resumed/after/restart");
            }
            try (InputStream in = restarted.openReader("resumed/after/restart")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("half and whole");
            }
            assertThat(restarted.redirectUrl("kept/blob", Duration.ofMinutes(1))).as("KEYPORT_S3_REDIRECT is off").isEmpty();
            assertThat(restarted.delete("kept/blob")).isTrue();
            assertThat(restarted.delete("resumed/after/restart")).isTrue();
            assertThat(restarted.purgeStaging(Duration.ZERO)).isZero();
        }
    }
}
