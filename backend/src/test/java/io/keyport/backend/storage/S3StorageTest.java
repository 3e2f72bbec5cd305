package io.keyport.backend.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The storage contract on S3: s3proxy embedded in the test (one server for the class, a new bucket
 * per test), 5 MiB parts so that the suite's large writes cross part boundaries.
 */
class S3StorageTest extends StorageContractTest {

    private static EmbeddedS3 s3;
    private S3Settings settings;

    @BeforeAll
    static void startS3() {
        s3 = EmbeddedS3.start();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Override
    protected BlobStorage newStorage() {
        settings = s3.settings(s3.newBucket());
        return new S3Storage(settings);
    }

    @Override
    protected BlobStorage newInstanceOnSameStore() {
        return new S3Storage(settings);
    }
}
