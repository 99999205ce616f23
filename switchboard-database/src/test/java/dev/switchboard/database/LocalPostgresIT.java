package dev.switchboard.database;

import java.time.Duration;

/**
 * The contract against the machine's own PostgreSQL (127.0.0.1:5432, trust auth, user postgres,
 * database test). Fails when the server is missing.
 */
class LocalPostgresIT extends PostgresContract {
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    protected DatabaseConfig.Builder config(String poolName) {
        ExternalServer.require("PostgreSQL", "127.0.0.1", 5432);
        return DatabaseConfig.builder(URL)
                .user("postgres")
                .poolName("local-" + poolName)
                .maximumPoolSize(4)
                .minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(5));
    }
}
