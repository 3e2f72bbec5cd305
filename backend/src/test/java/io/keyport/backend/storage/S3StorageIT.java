package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server with {@code KEYPORT_STORAGE=s3}, configured with the example of docs/operations.md
 * (only endpoint, bucket and keys replaced), against s3proxy embedded in the test: it starts, answers
 * health, and its storage keeps blobs and resumable writes in the bucket across a restart.
 */
class S3StorageIT {

    @RegisterExtension
    static final EmbeddedS3 s3 = EmbeddedS3.perClass();

    @Test
    void serverOnS3StartsAnswersHealthAndKeepsWritesAcrossARestart() throws IOException {
        String bucket = s3.newBucket();
        try (TestServer server = TestServer.start(documentedExample(bucket))) {
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

            assertThat(server.client().get("/.well-known/health", null).status())
                    .isEqualTo(200);
            BlobStorage restarted = server.server().storage();
            try (InputStream in = restarted.openReader("kept/blob")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("in the bucket");
            }
            try (BlobWriter resumed = restarted.resumeWriter(writer.id()).orElseThrow()) {
                assertThat(resumed.size()).isEqualTo(5);
                resumed.write("and whole".getBytes(StandardCharsets.UTF_8));
                resumed.commit("resumed/after/restart");
            }
            try (InputStream in = restarted.openReader("resumed/after/restart")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .isEqualTo("half and whole");
            }
            assertThat(restarted.redirectUrl("kept/blob", Duration.ofMinutes(1)))
                    .as("KEYPORT_S3_REDIRECT is off")
                    .isEmpty();
            assertThat(restarted.delete("kept/blob")).isTrue();
            assertThat(restarted.delete("resumed/after/restart")).isTrue();
            assertThat(restarted.purgeStaging(Duration.ZERO)).isZero();
        }
    }

    /**
     * The {@code KEYPORT_*} settings of the shell block after the {@code s3-example} marker in
     * docs/operations.md, with this test's endpoint, bucket and keys in place of the example's.
     */
    private static Map<String, String> documentedExample(String bucket) throws IOException {
        Path doc = Files.exists(Path.of("../docs/operations.md"))
                ? Path.of("../docs/operations.md")
                : Path.of("docs/operations.md");
        String text = Files.readString(doc);
        int marker = text.indexOf("<!-- s3-example");
        assertThat(marker).as("the s3-example marker in " + doc).isNotNegative();
        int start = text.indexOf("```sh", marker);
        String block = text.substring(start, text.indexOf("```", start + 5));
        Map<String, String> documented = new TreeMap<>();
        Matcher m = Pattern.compile("(KEYPORT_[A-Z0-9_]+)=(\\S+)").matcher(block);
        while (m.find()) {
            documented.put(m.group(1), m.group(2));
        }
        Map<String, String> ours = s3.serverSettings(bucket);
        assertThat(documented)
                .as("the documented example sets what the server needs")
                .containsOnlyKeys(ours.keySet())
                .containsEntry("KEYPORT_STORAGE", "s3")
                .containsEntry("KEYPORT_S3_REGION", ours.get("KEYPORT_S3_REGION"))
                .containsEntry("KEYPORT_S3_PATH_STYLE", ours.get("KEYPORT_S3_PATH_STYLE"));
        for (String replaced : new String[] {
            "KEYPORT_S3_ENDPOINT", "KEYPORT_S3_BUCKET", "KEYPORT_S3_ACCESS_KEY", "KEYPORT_S3_SECRET_KEY"
        }) {
            documented.put(replaced, ours.get(replaced));
        }
        return documented;
    }
}
