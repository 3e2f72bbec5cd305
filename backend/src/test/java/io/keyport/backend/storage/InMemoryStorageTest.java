package io.keyport.backend.storage;

/** The storage contract in the heap; "another instance" shares the first one's {@link InMemoryStorage.Store}. */
class InMemoryStorageTest extends StorageContractTest {

    private InMemoryStorage.Store store;

    @Override
    protected BlobStorage newStorage() {
        store = new InMemoryStorage.Store();
        return new InMemoryStorage(store, clock);
    }

    @Override
    protected BlobStorage newInstanceOnSameStore() {
        return new InMemoryStorage(store, clock);
    }
}
