package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.core.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The query cache: hits, misses, TTL, size, invalidation by table tags. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CacheTest {
    private static final RowMapper<String> NAME = r -> r.getString("name");
    private static final String SELECT = "SELECT name FROM k_items ORDER BY name";

    private final ManualClock clock = new ManualClock();
    private InMemoryDatabaseMetrics metrics;
    private Database db;

    @BeforeAll
    void open() {
        Database setup = Database.create(TestPostgres.config("cache-setup").build());
        setup.update("DROP TABLE IF EXISTS k_items, k_other");
        setup.update("CREATE TABLE k_items (name text NOT NULL, data bytea)");
        setup.update("CREATE TABLE k_other (x int)");
        setup.close();
    }

    @BeforeEach
    void fresh() {
        if (db != null) {
            db.close();
        }
        metrics = new InMemoryDatabaseMetrics();
        db =
                Database.create(
                        TestPostgres.config("cache")
                                .clock(clock)
                                .metrics(metrics)
                                .cacheTtl(Duration.ofMinutes(1))
                                .cacheMaximumSize(100)
                                .build());
        db.update("TRUNCATE k_items, k_other");
        db.update("INSERT INTO k_items(name) VALUES ('a')");
    }

    @AfterAll
    void close() {
        db.close();
    }

    private List<String> cachedNames() {
        return db.cached("k_items").query(SELECT, NAME);
    }

    private DatabaseMetricsSnapshot snap() {
        return metrics.snapshot();
    }

    @Test
    void secondLookup_isAHit_andServesTheSameResult() {
        List<String> first = cachedNames();
        List<String> second = cachedNames();
        assertThat(second).isSameAs(first).containsExactly("a");
        assertThat(snap().cacheMisses()).isEqualTo(1);
        assertThat(snap().cacheHits()).isEqualTo(1);
        assertThat(metrics.snapshot(DatabaseOperation.QUERY).completed()).isEqualTo(1);
    }

    @Test
    void writeThroughTheDatabase_invalidatesTheTablesItWrites() {
        cachedNames();
        db.update("INSERT INTO public.\"k_items\"(name) VALUES ('b')");
        assertThat(cachedNames()).containsExactly("a", "b");
        assertThat(snap().cacheMisses()).isEqualTo(2);

        // A write to another table leaves the entry alone.
        db.update("INSERT INTO k_other VALUES (1)");
        cachedNames();
        assertThat(snap().cacheHits()).isEqualTo(1);

        db.batch("DELETE FROM k_items WHERE name = ?", List.<Object[]>of(new Object[] {"a"}));
        assertThat(cachedNames()).containsExactly("b");
        // INSERT ... RETURNING through a query call counts as a write too.
        db.queryOne("INSERT INTO k_items(name) VALUES ('c') RETURNING name", NAME);
        assertThat(cachedNames()).containsExactly("b", "c");
    }

    @Test
    void transaction_invalidatesAfterCommit_notBefore() throws Exception {
        cachedNames();
        db.inTransaction(
                tx -> {
                    tx.update("INSERT INTO k_items(name) VALUES ('b')");
                    // Another caller, on another connection, still sees the committed state,
                    // served from the cache.
                    List<String> during = CompletableFuture.supplyAsync(this::cachedNames).join();
                    assertThat(during).containsExactly("a");
                    return null;
                });
        assertThat(snap().cacheHits()).isEqualTo(1);
        assertThat(cachedNames()).containsExactly("a", "b");

        // A rolled-back transaction's writes did not happen; invalidating anyway is harmless.
        // Declared writes invalidate tables the SQL scan cannot see.
        List<String> other =
                db.cached("k_other").query("SELECT x::text AS name FROM k_other", NAME);
        assertThat(other).isEmpty();
        db.inTransaction(
                tx -> {
                    tx.writes("K_OTHER");
                    return tx.withStatementTimeout(Duration.ofSeconds(5))
                            .queryOne("SELECT 1 AS x", r -> r.getLong("x"));
                });
        long misses = snap().cacheMisses();
        db.cached("k_other").query("SELECT x::text AS name FROM k_other", NAME);
        assertThat(snap().cacheMisses()).isEqualTo(misses + 1);
    }

    @Test
    void entries_expireAfterTheTtl() {
        cachedNames();
        clock.advance(Duration.ofSeconds(59));
        cachedNames();
        assertThat(snap().cacheHits()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        cachedNames();
        assertThat(snap().cacheMisses()).isEqualTo(2);
    }

    @Test
    void manualInvalidation_andKeysByParameterValue() {
        RowMapper<Long> count = r -> r.getLong(1);
        String q = "SELECT count(*) FROM k_items WHERE name = ? OR data = ?";
        db.cached("k_items").queryOne(q, count, "a", new byte[] {1, 2});
        db.cached("k_items").queryOne(q, count, "a", new byte[] {1, 2});
        db.cached("k_items").queryOne(q, count, "b", new byte[] {1, 2});
        assertThat(snap().cacheHits()).isEqualTo(1);
        assertThat(snap().cacheMisses()).isEqualTo(2);

        db.invalidate("k_items");
        db.cached("k_items").queryOne(q, count, "a", new byte[] {1, 2});
        assertThat(snap().cacheMisses()).isEqualTo(3);

        db.invalidateAll();
        db.cached("k_items").queryOne(q, count, "a", new byte[] {1, 2});
        assertThat(snap().cacheMisses()).isEqualTo(4);

        // queryOne and query of the same SQL are distinct entries (different row limits).
        db.cached("k_items").query(q, count, "a", new byte[] {1, 2});
        assertThat(snap().cacheMisses()).isEqualTo(5);
    }

    @Test
    void disabledCache_alwaysQueries() {
        try (Database off =
                Database.create(
                        TestPostgres.config("cache-off")
                                .cacheMaximumSize(0)
                                .metrics(metrics)
                                .build())) {
            off.cached("k_items").query(SELECT, NAME);
            off.cached("k_items").query(SELECT, NAME);
        }
        assertThat(snap().cacheHits()).isZero();
        assertThat(metrics.snapshot(DatabaseOperation.QUERY).completed()).isEqualTo(2);
    }
}
