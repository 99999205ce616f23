package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.RetriableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Pool exhaustion, pool statistics and health checks. */
class PoolTest {

    @Test
    void exhaustedPool_failsWithAClearTimeout() {
        InMemoryDatabaseMetrics metrics = new InMemoryDatabaseMetrics();
        try (Database db =
                Database.create(
                        TestPostgres.config("tiny")
                                .maximumPoolSize(1)
                                .connectionTimeout(Duration.ofMillis(250))
                                .metrics(metrics)
                                .build())) {
            // Hold the only connection, then ask for another on the same thread.
            Throwable thrown =
                    db.withConnection(
                            held -> {
                                assertThat(db.poolStats().active()).isEqualTo(1);
                                try {
                                    db.query("SELECT 1", r -> r.getLong(1));
                                    return null;
                                } catch (PoolTimeoutException e) {
                                    return e;
                                }
                            });
            assertThat(thrown)
                    .isInstanceOf(PoolTimeoutException.class)
                    .isInstanceOf(RetriableException.class)
                    .hasMessage(
                            "database pool 'tiny' had no free connection within 250 ms (pool size 1,"
                                    + " active 1, idle 0, waiting 0); raise maximumPoolSize or"
                                    + " connectionTimeout, or find who holds connections too long");
            PoolTimeoutException pte = (PoolTimeoutException) thrown;
            assertThat(pte.timeout()).isEqualTo(Duration.ofMillis(250));
            assertThat(pte.pool().maximumSize()).isEqualTo(1);
            assertThat(metrics.snapshot().poolTimeouts()).isEqualTo(1);
            assertThat(metrics.snapshot().maxConnectionWaitNanos())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
            // Released: the pool works again.
            assertThat(db.<Long>queryOne("SELECT 1", r -> r.getLong(1))).isEqualTo(1L);
            assertThat(db.poolStats().active()).isZero();
        }
    }

    @Test
    void health_isUpWithLatencyAndPoolStats() {
        try (Database db =
                Database.create(
                        TestPostgres.config("health-up")
                                .maximumPoolSize(1)
                                .healthTimeout(Duration.ofSeconds(10))
                                .build())) {
            Health up = db.health();
            assertThat(up.isUp()).isTrue();
            assertThat(up.error()).isNull();
            assertThat(up.latency()).isPositive();
            assertThat(up.pool().total()).isEqualTo(1);
            assertThat(up.pool().maximumSize()).isEqualTo(1);
        }
    }

    @Test
    void health_isDownWhenNoConnectionComesInTime() {
        // The health budget is shorter than the pool's connection timeout: the check gives up.
        try (Database db =
                Database.create(
                        TestPostgres.config("health-budget")
                                .maximumPoolSize(1)
                                .connectionTimeout(Duration.ofSeconds(5))
                                .healthTimeout(Duration.ofMillis(200))
                                .build())) {
            Health down = db.withConnection(c -> db.health());
            assertThat(down.status()).isEqualTo(Health.Status.DOWN);
            assertThat(down.error()).isEqualTo("no answer to the validation query within 200 ms");
            assertThat(down.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
        // The pool's connection timeout is shorter: the check reports the pool timeout.
        try (Database db =
                Database.create(
                        TestPostgres.config("health-pool")
                                .maximumPoolSize(1)
                                .connectionTimeout(Duration.ofMillis(250))
                                .healthTimeout(Duration.ofSeconds(10))
                                .build())) {
            Health down = db.withConnection(c -> db.health());
            assertThat(down.status()).isEqualTo(Health.Status.DOWN);
            assertThat(down.error()).contains("had no free connection within 250 ms");
        }
    }

    @Test
    void unreachableServer_failsAtCreate_transiently() {
        assertThatThrownBy(
                        () ->
                                Database.create(
                                        DatabaseConfig.builder("jdbc:postgresql://127.0.0.1:1/none")
                                                .user("nobody")
                                                .poolName("nowhere")
                                                .connectionTimeout(Duration.ofMillis(250))
                                                .build()))
                .isInstanceOf(TransientDatabaseException.class)
                .hasMessageContaining("cannot open database pool 'nowhere'")
                .hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void closedDatabase_refusesCalls() {
        Database db = Database.create(TestPostgres.config("closing").build());
        db.close();
        db.close();
        assertThatThrownBy(() -> db.query("SELECT 1", r -> r.getLong(1)))
                .isInstanceOf(DatabaseException.class)
                .hasMessage("database pool 'closing' is closed");
        assertThat(db.async().update("SELECT 1"))
                .failsWithin(Duration.ofSeconds(5))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(DatabaseException.class)
                .withMessageContaining("is closed");
    }
}
