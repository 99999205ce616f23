package dev.switchboard.store.postgres;

import dev.switchboard.core.ManualClock;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.contract.StreamStoreContractTest;
import org.junit.jupiter.api.AfterAll;

/**
 * The storage contract against the machine's PostgreSQL (127.0.0.1:5432, user postgres, database
 * test), a fresh schema per test, dropped at the end. Fails when the server is missing.
 */
class PostgresStorageIT extends StreamStoreContractTest {
    private DatabaseConfig config;

    @AfterAll
    static void dropSchemas() {
        TestPostgres.dropLocalSchemas();
    }

    @Override
    protected StorageBackend newBackend(ManualClock clock) {
        config = TestPostgres.freshLocalSchema("pg-contract").build();
        return PostgresStorage.open(config, clock);
    }

    @Override
    protected StorageBackend reopen(StorageBackend previous, ManualClock clock) {
        previous.close();
        return PostgresStorage.open(config, clock);
    }
}
