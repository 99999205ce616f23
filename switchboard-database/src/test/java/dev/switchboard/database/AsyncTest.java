package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Async calls on virtual threads, bounded by the pool. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AsyncTest {
    private Database db;

    @BeforeAll
    void open() {
        // A short connection timeout: any call that waited in HikariCP's queue behind the others
        // would fail, so success shows the semaphore kept them out of it.
        db =
                Database.create(
                        TestPostgres.config("async")
                                .maximumPoolSize(2)
                                .minimumIdle(2)
                                .connectionTimeout(Duration.ofMillis(500))
                                .build());
        db.update("DROP TABLE IF EXISTS a_items");
        db.update("CREATE TABLE a_items (n int NOT NULL)");
    }

    @AfterAll
    void close() {
        db.close();
    }

    @Test
    void manyCallsOnASmallPool_waitForPermits_notForHikari() {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            futures.add(
                    db.async()
                            .queryOne("SELECT ?::bigint FROM pg_sleep(0.1)", r -> r.getLong(1), i));
        }
        // 20 calls × 100 ms on 2 connections ≈ 1 s, well past the 500 ms connection timeout.
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < 20; i++) {
            assertThat(futures.get(i).join()).isEqualTo(i);
        }
    }

    @Test
    void everyKindOfCall_isAvailableAsync() {
        assertThat(db.async().update("INSERT INTO a_items VALUES (?)", 1).join()).isEqualTo(1);
        assertThat(
                        db.async()
                                .batch(
                                        "INSERT INTO a_items VALUES (?)",
                                        List.of(2, 3),
                                        n -> new Object[] {n})
                                .join())
                .hasSize(2);
        assertThat(db.async().query("SELECT n FROM a_items ORDER BY n", r -> r.getInt(1)).join())
                .containsExactly(1, 2, 3);
        assertThat(
                        db.async()
                                .queryOptional(
                                        "SELECT n FROM a_items WHERE n = 9", r -> r.getInt(1))
                                .join())
                .isEmpty();
        assertThat(
                        db.async()
                                .inTransaction(
                                        tx -> tx.update("DELETE FROM a_items WHERE n = ?", 1))
                                .join())
                .isEqualTo(1);
        assertThat(
                        db.async()
                                .call(
                                        d ->
                                                d.cached("a_items")
                                                        .query(
                                                                "SELECT n FROM a_items",
                                                                r -> r.getInt(1)))
                                .join())
                .hasSize(2);
        assertThat(db.async().health().join().isUp()).isTrue();
        assertThat(db.async().update("INSERT INTO a_items VALUES (NULL)"))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(DatabaseException.class)
                .withMessageContaining("23502");
        assertThat(db.async().call(d -> Thread.currentThread().isVirtual()).join()).isTrue();
    }

    @Test
    void beyondMaxPending_callsFailAtOnce() throws Exception {
        try (Database small =
                Database.create(TestPostgres.config("async-small").maxPendingAsync(2).build())) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Boolean> a = small.async().call(d -> awaitQuietly(release));
            CompletableFuture<Boolean> b = small.async().call(d -> awaitQuietly(release));
            CompletableFuture<Integer> c = small.async().update("SELECT 1");
            assertThat(c)
                    .isCompletedExceptionally()
                    .failsWithin(Duration.ZERO)
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(TransientDatabaseException.class)
                    .withMessageContaining("has 2 async calls pending (maxPendingAsync 2)");
            release.countDown();
            assertThat(a.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(b.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
