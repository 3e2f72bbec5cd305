package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keyport.backend.KeyportConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoragesTest {

    @TempDir
    Path data;

    @Test
    void filesystemIsTheDefaultAndLivesInTheDataFolder() throws Exception {
        try (BlobStorage storage = BlobStorages.create(config(Map.of()))) {
            assertThat(storage).isInstanceOf(FilesystemStorage.class);
            assertThat(((FilesystemStorage) storage).root()).isEqualTo(data.resolve("blobs").toRealPath());
        }
    }

    @Test
    void s3IsRefusedUntilItExists() {
        assertThatThrownBy(() -> BlobStorages.create(config(Map.of("KEYPORT_STORAGE", "s3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("KEYPORT_STORAGE=s3 arrives with the image registry");
    }

    @Test
    void unknownBackendIsRefusedByName() {
        assertThatThrownBy(() -> BlobStorages.create(config(Map.of("KEYPORT_STORAGE", "gcs"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_STORAGE=gcs");
    }

    private KeyportConfig config(Map<String, String> extra) {
        var settings = new java.util.HashMap<>(extra);
        settings.put("KEYPORT_DATA_DIR", data.toString());
        return KeyportConfig.of(settings);
    }
}
