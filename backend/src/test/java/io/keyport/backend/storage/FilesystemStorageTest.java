package io.keyport.backend.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on a local directory. */
class FilesystemStorageTest extends StorageContractTest {

    @TempDir
    Path root;

    @Override
    protected BlobStorage newStorage() {
        return new FilesystemStorage(root, clock);
    }

    @Override
    protected BlobStorage newInstanceOnSameStore() {
        return new FilesystemStorage(root, clock);
    }
}
