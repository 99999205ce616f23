package dev.switchboard.store.postgres;

import dev.switchboard.core.ManualClock;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.contract.StreamStoreContractTest;

/**
 * The storage contract on the embedded PostgreSQL, a fresh schema per test; a restart closes the
 * backend (and its pool) and opens the same schema again.
 */
class PostgresStorageTest extends StreamStoreContractTest {
    private DatabaseConfig config;

    @Override
    protected StorageBackend newBackend(ManualClock clock) {
        config = TestPostgres.freshSchema("pg-contract").build();
        return PostgresStorage.open(config, clock);
    }

    @Override
    protected StorageBackend reopen(StorageBackend previous, ManualClock clock) {
        previous.close();
        return PostgresStorage.open(config, clock);
    }
}
