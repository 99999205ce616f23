package dev.switchboard.benchmarks.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Smoke run of the database benchmark bodies on embedded PostgreSQL (so it runs anywhere; the
 * benchmarks themselves default to the machine's server, {@code -Dbench.pg.url}).
 */
class DatabaseBenchmarksSmokeTest {
    private static EmbeddedPostgres pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(30)).start();
        System.setProperty(
                "bench.pg.url", "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        System.clearProperty("bench.pg.url");
        pg.close();
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
