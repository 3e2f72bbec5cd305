package io.keyport.backend.archives;

import io.keyport.backend.storage.EmbeddedS3;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The archive API on S3 storage (s3proxy embedded in the test, as {@code S3StorageIT} uses it). */
class ArchivesS3IT extends ArchivesContract {

    @RegisterExtension
    static final EmbeddedS3 s3 = EmbeddedS3.perClass();

    @Override
    Map<String, String> storageSettings() {
        return s3.serverSettings(s3.newBucket());
    }

    @Override
    String storageKind() {
        return "s3";
    }
}
