package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseConfigTest {

    @Test
    void defaults_areUsable() {
        DatabaseConfig c = DatabaseConfig.builder("jdbc:postgresql://h/db").build();
        assertThat(c.dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(c.maximumPoolSize()).isEqualTo(10);
        assertThat(c.minimumIdle()).isEqualTo(10);
        assertThat(c.connectionTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.fetchSize()).isEqualTo(1000);
        assertThat(c.prepareThreshold()).isEqualTo(5);
        assertThat(c.rewriteBatchedInserts()).isTrue();
        assertThat(c.retryPolicy()).isSameAs(RetryPolicy.defaults());
        assertThat(c.retryPolicy().maxAttempts()).isEqualTo(3);
        assertThat(c.cacheMaximumSize()).isEqualTo(10_000);
        assertThat(c.metrics()).isSameAs(DatabaseMetrics.noop());
    }

    @Test
    void dialect_isDetectedFromTheUrl() {
        assertThat(Dialect.fromJdbcUrl("jdbc:mariadb://h/db")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.fromJdbcUrl("JDBC:MySQL://h/db")).isEqualTo(Dialect.MARIADB);
        assertThatThrownBy(() -> DatabaseConfig.builder("jdbc:oracle:thin:@h:1521:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:")
                .hasMessageContaining("jdbc:oracle");
    }

    @Test
    void setters_validateAtOnce() {
        DatabaseConfig.Builder b = DatabaseConfig.builder("jdbc:postgresql://h/db");
        assertThatThrownBy(() -> b.maximumPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maximumPoolSize must be in [1, 1000], got 0");
        assertThatThrownBy(() -> b.connectionTimeout(Duration.ofMillis(100)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connectionTimeout must be at least 250 ms");
        assertThatThrownBy(() -> b.maxLifetime(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLifetime must be 0 or at least 30000 ms");
        assertThatThrownBy(() -> b.statementTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.fetchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.prepareThreshold(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.poolName("has space"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.cacheMaximumSize(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxPendingAsync(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.metrics(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.clock(null)).isInstanceOf(NullPointerException.class);
        assertThat(b.build().maximumPoolSize()).isEqualTo(10);
    }

    @Test
    void build_checksCrossFieldRules_andToStringHidesThePassword() {
        assertThatThrownBy(
                        () ->
                                DatabaseConfig.builder("jdbc:postgresql://h/db")
                                        .maximumPoolSize(2)
                                        .minimumIdle(3)
                                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("minimumIdle (3) must not exceed maximumPoolSize (2)");
        DatabaseConfig c =
                DatabaseConfig.builder("jdbc:postgresql://h/db")
                        .user("u")
                        .password("s3cret")
                        .build();
        assertThat(c.toString()).contains("password=****").doesNotContain("s3cret");
    }

    @Test
    void txOptions_areImmutable() {
        TxOptions d = TxOptions.defaults();
        TxOptions s =
                d.withIsolation(Isolation.SERIALIZABLE)
                        .withReadOnly(true)
                        .withRetry(RetryPolicy.none());
        assertThat(d.isolation()).isEqualTo(Isolation.DEFAULT);
        assertThat(d.retry()).isNull();
        assertThat(s.isolation()).isEqualTo(Isolation.SERIALIZABLE);
        assertThat(s.readOnly()).isTrue();
        assertThat(s.retry().maxAttempts()).isEqualTo(1);
    }
}
