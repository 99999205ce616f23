package dev.switchboard.store.file;

import dev.switchboard.core.ManualClock;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.contract.StreamStoreContractTest;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract on the segment log; a restart closes the backend and opens the directory.
 */
class FileStorageTest extends StreamStoreContractTest {
    @TempDir Path dir;

    @Override
    protected StorageBackend newBackend(ManualClock clock) {
        return FileStorage.open(dir, clock);
    }

    @Override
    protected StorageBackend reopen(StorageBackend previous, ManualClock clock) {
        previous.close();
        return FileStorage.open(dir, clock);
    }
}
