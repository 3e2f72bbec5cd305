package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.KeyportConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoragesTest {

    @TempDir
    Path data;

    @Test
    void filesystemIsTheDefaultAndLivesInTheDataFolder() throws Exception {
        try (BlobStorage storage = create(Map.of())) {
            assertThat(storage).isInstanceOf(FilesystemStorage.class);
            assertThat(((FilesystemStorage) storage).root())
                    .isEqualTo(data.resolve("blobs").toRealPath());
        }
    }

    @Test
    void s3OpensTheConfiguredBucket() throws Exception {
        try (EmbeddedS3 s3 = EmbeddedS3.start()) {
            String bucket = s3.newBucket();
            try (BlobStorage storage = create(s3.serverSettings(bucket))) {
                assertThat(storage).isInstanceOf(S3Storage.class);
                assertThat(((S3Storage) storage).settings().bucket()).isEqualTo(bucket);
                assertThat(((S3Storage) storage).settings().pathStyle()).isTrue();
                assertThat(((S3Storage) storage).settings().redirect()).isFalse();
                storage.put("hello", new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
                assertThat(storage.stat("hello"))
                        .hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(3));
                assertThat(storage.delete("hello")).isTrue();
            }
        }
    }

    @Test
    void s3WithoutABucketIsRefusedWithTheVariableToSet() {
        assertThatThrownBy(() -> create(Map.of("KEYPORT_STORAGE", "s3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KEYPORT_S3_BUCKET is required with KEYPORT_STORAGE=s3");
    }

    @Test
    void malformedS3SettingsAreRefusedByName() {
        assertThatThrownBy(() -> create(
                        Map.of("KEYPORT_STORAGE", "s3", "KEYPORT_S3_BUCKET", "b", "KEYPORT_S3_PATH_STYLE", "yes")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KEYPORT_S3_PATH_STYLE must be true or false, not 'yes'");
        assertThatThrownBy(() -> create(Map.of(
                        "KEYPORT_STORAGE", "s3", "KEYPORT_S3_BUCKET", "b", "KEYPORT_S3_ENDPOINT", "localhost:9000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("KEYPORT_S3_ENDPOINT must be an http or https URL");
        assertThatThrownBy(() -> create(Map.of(
                        "KEYPORT_STORAGE", "s3", "KEYPORT_S3_BUCKET", "b", "KEYPORT_S3_ACCESS_KEY", "only-half")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_S3_SECRET_KEY");
    }

    @Test
    void s3BucketThatCannotBeReachedFailsAtOnce() {
        try (EmbeddedS3 s3 = EmbeddedS3.start()) {
            var settings = new java.util.HashMap<>(s3.serverSettings("no-such-bucket"));
            assertThatThrownBy(() -> create(settings))
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("cannot reach the S3 bucket no-such-bucket");
        }
    }

    @Test
    void unknownBackendIsRefusedByName() {
        assertThatThrownBy(() -> create(Map.of("KEYPORT_STORAGE", "gcs")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_STORAGE=gcs");
    }

    /** The storage settings as the server parses them from these variables. */
    /** The storage the server would open with these settings. */
    private BlobStorage create(Map<String, String> settings) {
        return BlobStorages.create(config(settings), Clock.systemUTC());
    }

    private StorageConfig config(Map<String, String> extra) {
        var settings = new java.util.HashMap<>(extra);
        settings.put("KEYPORT_DATA_DIR", data.toString());
        return KeyportConfig.of(settings).storage();
    }
}
