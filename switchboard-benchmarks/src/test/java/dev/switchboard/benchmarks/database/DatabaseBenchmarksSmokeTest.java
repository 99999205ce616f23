package dev.switchboard.benchmarks.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke run of the database benchmark bodies against the machine's PostgreSQL (127.0.0.1:5432):
 * skipped where none runs, but a failure under {@code CI=true}, where the machine has one.
 */
class DatabaseBenchmarksSmokeTest {
    @BeforeAll
    static void postgresRuns() {
        boolean up;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 5432), 1_000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but no PostgreSQL listens on 127.0.0.1:5432");
        }
        Assumptions.assumeTrue(up, "no PostgreSQL on 127.0.0.1:5432");
    }

    @Test
    void databaseBodies_insertAndStream() {
        DatabaseBenchmark b = new DatabaseBenchmark();
        b.size = 64;
        b.open();
        try {
            assertThat(b.singleInsert()).isEqualTo(1);
            assertThat(b.batchInsert()).isEqualTo(DatabaseBenchmark.BATCH);
            assertThat(b.streamRead()).isEqualTo(DatabaseBenchmark.STREAM_ROWS);
        } finally {
            b.close();
        }
    }

    @Test
    void bothStoreBackends_append() throws Exception {
        for (String backend : new String[] {"file", "postgres"}) {
            StoreBackendBenchmark b = new StoreBackendBenchmark();
            b.backend = backend;
            b.size = 128;
            b.open();
            try {
                assertThat(b.appendWindow()).isEqualTo(StoreBackendBenchmark.WINDOW);
                assertThat(b.appendWindow()).isEqualTo(2L * StoreBackendBenchmark.WINDOW);
            } finally {
                b.close();
            }
        }
    }
}
