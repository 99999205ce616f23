package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.RetriableException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Whole-transaction retry on real transient failures from PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetryTest {
    private static final String FORCE_40001 =
            "DO $$ BEGIN RAISE EXCEPTION 'forced conflict' USING ERRCODE = 'serialization_failure';"
                    + " END $$";

    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final InMemoryDatabaseMetrics metrics = new InMemoryDatabaseMetrics();
    private Database db;

    @BeforeAll
    void open() {
        db =
                Database.create(
                        TestPostgres.config("retry")
                                .metrics(metrics)
                                .sleeper(sleeps::add)
                                .retryPolicy(
                                        RetryPolicy.builder()
                                                .maxAttempts(3)
                                                .initialBackoff(Duration.ofMillis(10))
                                                .maxBackoff(Duration.ofMillis(100))
                                                .build())
                                .build());
        db.update("DROP TABLE IF EXISTS r_shifts");
        db.update("CREATE TABLE r_shifts (doctor text NOT NULL, on_call boolean NOT NULL)");
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void reset() {
        db.update("TRUNCATE r_shifts");
        sleeps.clear();
    }

    /**
     * The textbook write skew: two doctors on call, each transaction checks that someone else is on
     * call and takes itself off. Under SERIALIZABLE one of them must fail with 40001; the barrier
     * makes both read before either writes, so the conflict happens every time. The loser is
     * retried, sees the winner's commit, and leaves its doctor on call.
     */
    @Test
    void serializationConflict_isRetried_andTheResultIsCorrect() throws Exception {
        db.batch(
                "INSERT INTO r_shifts VALUES (?, true)",
                List.of(new Object[] {"alice"}, new Object[] {"bob"}));
        long retriesBefore = metrics.snapshot().retries();
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        TxOptions serializable = TxOptions.defaults().withIsolation(Isolation.SERIALIZABLE);

        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Boolean>> results =
                    List.of("alice", "bob").stream()
                            .map(
                                    doctor ->
                                            pool.submit(
                                                    () ->
                                                            db.inTransaction(
                                                                    serializable,
                                                                    tx -> {
                                                                        int attempt =
                                                                                attempts
                                                                                        .incrementAndGet();
                                                                        long others =
                                                                                tx.queryOne(
                                                                                        "SELECT count(*) FROM r_shifts WHERE on_call AND doctor <> ?",
                                                                                        r ->
                                                                                                r
                                                                                                        .getLong(
                                                                                                                1),
                                                                                        doctor);
                                                                        if (attempt <= 2) {
                                                                            await(bothRead);
                                                                        }
                                                                        if (others == 0) {
                                                                            return false;
                                                                        }
                                                                        tx.update(
                                                                                "UPDATE r_shifts SET on_call = false WHERE doctor = ?",
                                                                                doctor);
                                                                        return true;
                                                                    })))
                            .toList();
            int wentOff = 0;
            for (Future<Boolean> f : results) {
                if (f.get(30, TimeUnit.SECONDS)) {
                    wentOff++;
                }
            }
            assertThat(wentOff).isEqualTo(1);
        }
        assertThat(attempts.get()).isEqualTo(3);
        assertThat(metrics.snapshot().retries() - retriesBefore).isEqualTo(1);
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(
                        db.<Long>queryOne(
                                "SELECT count(*) FROM r_shifts WHERE on_call", r -> r.getLong(1)))
                .isEqualTo(1L);
    }

    @Test
    void persistentTransientFailure_endsWithAClearError() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        tx -> {
                                            attempts.incrementAndGet();
                                            return tx.update(FORCE_40001);
                                        }))
                .isInstanceOf(RetriesExhaustedException.class)
                .isInstanceOf(RetriableException.class)
                .hasMessageContaining("transaction failed after 3 attempts")
                .hasMessageContaining("last SQLState 40001 (serialization failure)")
                .hasMessageContaining("forced conflict")
                .satisfies(
                        e -> assertThat(((RetriesExhaustedException) e).attempts()).isEqualTo(3));
        assertThat(attempts.get()).isEqualTo(3);
        // Backoff grows: 10 ms then 20 ms base, each with half of it jittered.
        assertThat(sleeps).hasSize(2);
        assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(sleeps.get(1)).isBetween(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void permanentFailures_areNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        tx -> {
                                            attempts.incrementAndGet();
                                            return tx.update(
                                                    "INSERT INTO r_shifts VALUES (NULL, true)");
                                        }))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("23502");
        assertThat(attempts.get()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void perTransactionPolicy_overridesTheDefault_andNoneRethrowsTheOriginal() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        TxOptions.defaults().withRetry(RetryPolicy.none()),
                                        tx -> {
                                            attempts.incrementAndGet();
                                            return tx.update(FORCE_40001);
                                        }))
                .isExactlyInstanceOf(TransientDatabaseException.class)
                .hasMessageContaining("SQLState 40001");
        assertThat(attempts.get()).isEqualTo(1);
    }

    @Test
    void swallowedTransientFailure_stillRetriesTheTransaction() {
        AtomicInteger attempts = new AtomicInteger();
        String result =
                db.inTransaction(
                        tx -> {
                            if (attempts.incrementAndGet() == 1) {
                                try {
                                    tx.update(FORCE_40001);
                                } catch (TransientDatabaseException ignored) {
                                    // A careless caller carries on; the commit will fail.
                                }
                            }
                            tx.update("INSERT INTO r_shifts VALUES ('carol', true)");
                            return "done";
                        });
        assertThat(result).isEqualTo("done");
        assertThat(attempts.get()).isEqualTo(2);
        assertThat(db.<Long>queryOne("SELECT count(*) FROM r_shifts", r -> r.getLong(1)))
                .isEqualTo(1L);
    }

    @Test
    void backoff_isBoundedAndJittered() {
        RetryPolicy p =
                RetryPolicy.builder()
                        .initialBackoff(Duration.ofMillis(100))
                        .maxBackoff(Duration.ofMillis(350))
                        .multiplier(2)
                        .jitter(0.5)
                        .build();
        java.util.random.RandomGenerator zero = () -> 0L;
        java.util.random.RandomGenerator top =
                new java.util.random.RandomGenerator() {
                    @Override
                    public long nextLong() {
                        return -1L;
                    }

                    @Override
                    public double nextDouble() {
                        return Math.nextDown(1.0);
                    }
                };
        assertThat(p.backoff(1, zero)).isEqualTo(Duration.ofMillis(50));
        assertThat(p.backoff(2, zero)).isEqualTo(Duration.ofMillis(100));
        assertThat(p.backoff(3, zero)).isEqualTo(Duration.ofMillis(175));
        assertThat(p.backoff(10, top)).isLessThanOrEqualTo(Duration.ofMillis(350));
        assertThat(p.retries("40001")).isTrue();
        assertThat(p.retries("40P01")).isTrue();
        assertThat(p.retries("08006")).isTrue();
        assertThat(p.retries("23505")).isFalse();
        assertThat(p.retries(null)).isFalse();
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(
                        () ->
                                RetryPolicy.builder()
                                        .initialBackoff(Duration.ofSeconds(2))
                                        .maxBackoff(Duration.ofSeconds(1))
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not exceed maxBackoff");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the other transaction never read", e);
        }
    }
}
