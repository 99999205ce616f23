package dev.switchboard.database;

/** The contract against the embedded PostgreSQL. */
class EmbeddedPostgresContractTest extends PostgresContract {
    @Override
    protected DatabaseConfig.Builder config(String poolName) {
        return TestPostgres.config("embedded-" + poolName);
    }
}
