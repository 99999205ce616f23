package dev.switchboard.store.memory;

import dev.switchboard.core.ManualClock;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.contract.StreamStoreContractTest;

/** The storage contract on the heap; a "restart" reopens streams of the same instance. */
class MemoryStorageTest extends StreamStoreContractTest {
    @Override
    protected StorageBackend newBackend(ManualClock clock) {
        return new MemoryStorage(clock);
    }

    @Override
    protected StorageBackend reopen(StorageBackend previous, ManualClock clock) {
        previous.close();
        return previous;
    }
}
