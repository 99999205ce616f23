package dev.switchboard.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.core.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link Database} is built from. Immutable and thread-safe; made by {@link
 * #builder(String)}, whose setters check their argument at once and whose {@link Builder#build()}
 * checks the rules that span settings.
 *
 * <pre>{@code
 * DatabaseConfig config = DatabaseConfig.builder("jdbc:postgresql://db:5432/orders")
 *         .user("orders").password(secret)
 *         .maximumPoolSize(16)
 *         .connectionTimeout(Duration.ofSeconds(2))
 *         .statementTimeout(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 */
public final class DatabaseConfig {
    private final String jdbcUrl;
    private final Dialect dialect;
    private final String user;
    private final String password;
    private final String poolName;
    private final int maximumPoolSize;
    private final int minimumIdle;
    private final Duration connectionTimeout;
    private final Duration idleTimeout;
    private final Duration maxLifetime;
    private final Duration statementTimeout;
    private final Duration healthTimeout;
    private final int fetchSize;
    private final int prepareThreshold;
    private final boolean rewriteBatchedInserts;
    private final Map<String, String> driverProperties;
    private final RetryPolicy retryPolicy;
    private final long cacheMaximumSize;
    private final Duration cacheTtl;
    private final int maxPendingAsync;
    private final DatabaseMetrics metrics;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ObjectMapper objectMapper;

    private DatabaseConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.dialect = b.dialect;
        this.user = b.user;
        this.password = b.password;
        this.poolName = b.poolName;
        this.maximumPoolSize = b.maximumPoolSize;
        this.minimumIdle = b.minimumIdle < 0 ? b.maximumPoolSize : b.minimumIdle;
        this.connectionTimeout = b.connectionTimeout;
        this.idleTimeout = b.idleTimeout;
        this.maxLifetime = b.maxLifetime;
        this.statementTimeout = b.statementTimeout;
        this.healthTimeout = b.healthTimeout;
        this.fetchSize = b.fetchSize;
        this.prepareThreshold = b.prepareThreshold;
        this.rewriteBatchedInserts = b.rewriteBatchedInserts;
        this.driverProperties =
                Collections.unmodifiableMap(new LinkedHashMap<>(b.driverProperties));
        this.retryPolicy = b.retryPolicy;
        this.cacheMaximumSize = b.cacheMaximumSize;
        this.cacheTtl = b.cacheTtl;
        this.maxPendingAsync = b.maxPendingAsync;
        this.metrics = b.metrics;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
        this.objectMapper = b.objectMapper;
    }

    /**
     * @param jdbcUrl {@code jdbc:postgresql:...}, {@code jdbc:mariadb:...} or {@code
     *     jdbc:mysql:...}
     * @return a builder with the defaults documented on each setter
     * @throws IllegalArgumentException if the URL names no supported database
     */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    /**
     * @return the JDBC URL
     */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * @return the dialect detected from the JDBC URL
     */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * @return the user name, or {@code null} to take it from the URL
     */
    public String user() {
        return user;
    }

    /**
     * @return the password, or {@code null}; never printed by {@link #toString()}
     */
    public String password() {
        return password;
    }

    /**
     * @return the pool's name, used in thread names and error messages
     */
    public String poolName() {
        return poolName;
    }

    /**
     * @return the most connections the pool opens
     */
    public int maximumPoolSize() {
        return maximumPoolSize;
    }

    /**
     * @return the fewest idle connections the pool keeps
     */
    public int minimumIdle() {
        return minimumIdle;
    }

    /**
     * @return how long a caller waits for a pooled connection before a {@link PoolTimeoutException}
     */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /**
     * @return how long a connection above {@link #minimumIdle()} may sit idle; zero for ever
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * @return the age at which a connection is retired once it is returned to the pool
     */
    public Duration maxLifetime() {
        return maxLifetime;
    }

    /**
     * @return the default statement timeout; zero for none
     */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /**
     * @return how long {@link Database#health()} waits for the validation query
     */
    public Duration healthTimeout() {
        return healthTimeout;
    }

    /**
     * @return rows fetched per round trip by {@link Sql#stream}
     */
    public int fetchSize() {
        return fetchSize;
    }

    /**
     * @return executions of a statement before pgjdbc prepares it on the server; 0 never
     */
    public int prepareThreshold() {
        return prepareThreshold;
    }

    /**
     * @return whether pgjdbc rewrites batched INSERTs into multi-row INSERTs
     */
    public boolean rewriteBatchedInserts() {
        return rewriteBatchedInserts;
    }

    /**
     * @return extra driver properties, applied last (they override the settings above)
     */
    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    /**
     * @return the retry policy of transactions that do not set their own
     */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /**
     * @return the most entries in the query cache; 0 disables caching
     */
    public long cacheMaximumSize() {
        return cacheMaximumSize;
    }

    /**
     * @return how long a cached result lives after it was loaded
     */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /**
     * @return the most asynchronous calls waiting for or holding a pool permit at once
     */
    public int maxPendingAsync() {
        return maxPendingAsync;
    }

    /**
     * @return where call events go
     */
    public DatabaseMetrics metrics() {
        return metrics;
    }

    /**
     * @return the clock for call timing, health latency and cache expiry
     */
    public Clock clock() {
        return clock;
    }

    /**
     * @return what waits between transaction retries
     */
    public Sleeper sleeper() {
        return sleeper;
    }

    /**
     * @return the mapper for JSON columns and parameters
     */
    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    @Override
    public String toString() {
        return "DatabaseConfig{jdbcUrl="
                + jdbcUrl
                + ", user="
                + user
                + ", password="
                + (password == null ? "null" : "****")
                + ", poolName="
                + poolName
                + ", maximumPoolSize="
                + maximumPoolSize
                + ", minimumIdle="
                + minimumIdle
                + ", connectionTimeout="
                + connectionTimeout
                + ", statementTimeout="
                + statementTimeout
                + ", fetchSize="
                + fetchSize
                + ", retryPolicy="
                + retryPolicy
                + ", cacheMaximumSize="
                + cacheMaximumSize
                + ", cacheTtl="
                + cacheTtl
                + '}';
    }

    /**
     * Builds a {@link DatabaseConfig}. Each setter throws {@link IllegalArgumentException} (or
     * {@link NullPointerException}) at once for a bad value. Not thread-safe.
     */
    public static final class Builder {
        private final String jdbcUrl;
        private final Dialect dialect;
        private String user;
        private String password;
        private String poolName = "switchboard-db";
        private int maximumPoolSize = 10;
        private int minimumIdle = -1;
        private Duration connectionTimeout = Duration.ofSeconds(10);
        private Duration idleTimeout = Duration.ofMinutes(10);
        private Duration maxLifetime = Duration.ofMinutes(30);
        private Duration statementTimeout = Duration.ofSeconds(30);
        private Duration healthTimeout = Duration.ofSeconds(2);
        private int fetchSize = 1000;
        private int prepareThreshold = 5;
        private boolean rewriteBatchedInserts = true;
        private final Map<String, String> driverProperties = new LinkedHashMap<>();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private long cacheMaximumSize = 10_000;
        private Duration cacheTtl = Duration.ofMinutes(1);
        private int maxPendingAsync = 10_000;
        private DatabaseMetrics metrics = DatabaseMetrics.noop();
        private Clock clock = Clock.system();
        private Sleeper sleeper = Sleeper.system();
        private ObjectMapper objectMapper = new ObjectMapper();

        private Builder(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.dialect = Dialect.fromJdbcUrl(jdbcUrl);
            this.jdbcUrl = jdbcUrl;
        }

        /**
         * @param user the user name; {@code null} to take it from the URL
         * @return this builder
         */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /**
         * @param password the password; {@code null} for none
         * @return this builder
         */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /**
         * @param name 1 to 64 characters of {@code [A-Za-z0-9._-]}; default {@code switchboard-db}
         * @return this builder
         */
        public Builder poolName(String name) {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(
                        "poolName must be 1-64 characters of [A-Za-z0-9._-], got '" + name + "'");
            }
            this.poolName = name;
            return this;
        }

        /**
         * @param size the most connections, 1 to 1000; default 10
         * @return this builder
         */
        public Builder maximumPoolSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException(
                        "maximumPoolSize must be in [1, 1000], got " + size);
            }
            this.maximumPoolSize = size;
            return this;
        }

        /**
         * @param idle the fewest idle connections kept, from 0; default the maximum pool size (a
         *     fixed-size pool, as HikariCP recommends)
         * @return this builder
         */
        public Builder minimumIdle(int idle) {
            if (idle < 0) {
                throw new IllegalArgumentException("minimumIdle must not be negative, got " + idle);
            }
            this.minimumIdle = idle;
            return this;
        }

        /**
         * @param timeout how long a caller waits for a connection, at least 250 ms; default 10 s
         * @return this builder
         */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = atLeast("connectionTimeout", timeout, Duration.ofMillis(250));
            return this;
        }

        /**
         * @param timeout idle time after which a connection above {@code minimumIdle} is closed; 0
         *     for never, else at least 10 s; default 10 min
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = zeroOrAtLeast("idleTimeout", timeout, Duration.ofSeconds(10));
            return this;
        }

        /**
         * @param lifetime age at which a connection is retired; 0 for never, else at least 30 s;
         *     default 30 min. Keep it below any timeout the network or database imposes.
         * @return this builder
         */
        public Builder maxLifetime(Duration lifetime) {
            this.maxLifetime = zeroOrAtLeast("maxLifetime", lifetime, Duration.ofSeconds(30));
            return this;
        }

        /**
         * @param timeout default statement timeout, 0 for none, else at least 1 ms; default 30 s.
         *     On PostgreSQL it is the server's {@code statement_timeout}; on MariaDB a JDBC query
         *     timeout rounded up to whole seconds.
         * @return this builder
         */
        public Builder statementTimeout(Duration timeout) {
            this.statementTimeout =
                    zeroOrAtLeast("statementTimeout", timeout, Duration.ofMillis(1));
            return this;
        }

        /**
         * @param timeout how long {@link Database#health()} waits, at least 1 ms; default 2 s
         * @return this builder
         */
        public Builder healthTimeout(Duration timeout) {
            this.healthTimeout = atLeast("healthTimeout", timeout, Duration.ofMillis(1));
            return this;
        }

        /**
         * @param rows rows per round trip when streaming, 1 to 1,000,000; default 1000
         * @return this builder
         */
        public Builder fetchSize(int rows) {
            if (rows < 1 || rows > 1_000_000) {
                throw new IllegalArgumentException(
                        "fetchSize must be in [1, 1000000], got " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /**
         * @param executions pgjdbc's {@code prepareThreshold}: executions of the same statement
         *     before it becomes a named server-side prepared statement; 0 to never, from 0 to 1000;
         *     default 5. Set 0 behind a transaction-mode PgBouncer.
         * @return this builder
         */
        public Builder prepareThreshold(int executions) {
            if (executions < 0 || executions > 1000) {
                throw new IllegalArgumentException(
                        "prepareThreshold must be in [0, 1000], got " + executions);
            }
            this.prepareThreshold = executions;
            return this;
        }

        /**
         * @param rewrite whether pgjdbc turns a batch of single-row INSERTs into multi-row INSERTs
         *     ({@code reWriteBatchedInserts}); default true. Ignored on MariaDB.
         * @return this builder
         */
        public Builder rewriteBatchedInserts(boolean rewrite) {
            this.rewriteBatchedInserts = rewrite;
            return this;
        }

        /**
         * Sets a driver property, applied after all others (so it overrides them).
         *
         * @param key the property name, for example {@code ApplicationName} or {@code sslmode}
         * @param value its value
         * @return this builder
         */
        public Builder driverProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            driverProperties.put(key, value);
            return this;
        }

        /**
         * @param policy the retry policy of transactions that do not set their own; default {@link
         *     RetryPolicy#defaults()} (3 attempts). {@link RetryPolicy#none()} to run each once.
         * @return this builder
         */
        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @param entries the most entries in the query cache, 0 (disabled) to 10,000,000; default
         *     10,000
         * @return this builder
         */
        public Builder cacheMaximumSize(long entries) {
            if (entries < 0 || entries > 10_000_000) {
                throw new IllegalArgumentException(
                        "cacheMaximumSize must be in [0, 10000000], got " + entries);
            }
            this.cacheMaximumSize = entries;
            return this;
        }

        /**
         * @param ttl how long a cached result lives after loading, at least 1 ms; default 1 min
         * @return this builder
         */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = atLeast("cacheTtl", ttl, Duration.ofMillis(1));
            return this;
        }

        /**
         * @param calls the most asynchronous calls admitted at once (running or waiting for one of
         *     the pool-sized permits), 1 to 1,000,000; default 10,000. Beyond it an async call's
         *     future fails at once with a {@link TransientDatabaseException}.
         * @return this builder
         */
        public Builder maxPendingAsync(int calls) {
            if (calls < 1 || calls > 1_000_000) {
                throw new IllegalArgumentException(
                        "maxPendingAsync must be in [1, 1000000], got " + calls);
            }
            this.maxPendingAsync = calls;
            return this;
        }

        /**
         * @param metrics where call events go; default {@link DatabaseMetrics#noop()}
         * @return this builder
         */
        public Builder metrics(DatabaseMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * @param clock the time source; tests pass a {@link dev.switchboard.core.ManualClock}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param sleeper what waits between transaction retries; default {@link Sleeper#system()}
         * @return this builder
         */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /**
         * @param mapper the Jackson mapper for JSON; default a plain {@link ObjectMapper}; pass one
         *     with the modules you need (java.time, records) registered
         * @return this builder
         */
        public Builder objectMapper(ObjectMapper mapper) {
            this.objectMapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if {@code minimumIdle > maximumPoolSize}
         */
        public DatabaseConfig build() {
            if (minimumIdle > maximumPoolSize) {
                throw new IllegalArgumentException(
                        "minimumIdle ("
                                + minimumIdle
                                + ") must not exceed maximumPoolSize ("
                                + maximumPoolSize
                                + ")");
            }
            return new DatabaseConfig(this);
        }

        private static Duration atLeast(String name, Duration value, Duration min) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0) {
                throw new IllegalArgumentException(
                        name + " must be at least " + min.toMillis() + " ms, got " + value);
            }
            return value;
        }

        private static Duration zeroOrAtLeast(String name, Duration value, Duration min) {
            Objects.requireNonNull(value, name);
            if (!value.isZero() && value.compareTo(min) < 0) {
                throw new IllegalArgumentException(
                        name + " must be 0 or at least " + min.toMillis() + " ms, got " + value);
            }
            return value;
        }
    }
}
