package dev.switchboard.database;

import java.time.Duration;

/**
 * No pooled connection became free within the pool's connection timeout. The message names the
 * pool, the timeout and the pool's state when the wait ended, for example:
 *
 * <pre>
 * database pool 'orders' had no free connection within 250 ms (pool size 1, active 1, idle 0,
 * waiting 0); raise maximumPoolSize or connectionTimeout, or find who holds connections too long
 * </pre>
 *
 * <p>Transient: nothing was sent to the database, so the call is safe to try again later.
 */
public final class PoolTimeoutException extends TransientDatabaseException {
    private static final long serialVersionUID = 1L;

    /** The state of the pool when the wait ended. */
    private final transient PoolStats pool;

    private final Duration timeout;

    /**
     * @param poolName the pool's name
     * @param timeout how long the caller waited
     * @param pool the pool's state when the wait ended
     * @param cause the pool's own exception
     */
    public PoolTimeoutException(
            String poolName, Duration timeout, PoolStats pool, Throwable cause) {
        super(
                "database pool '"
                        + poolName
                        + "' had no free connection within "
                        + timeout.toMillis()
                        + " ms (pool size "
                        + pool.maximumSize()
                        + ", active "
                        + pool.active()
                        + ", idle "
                        + pool.idle()
                        + ", waiting "
                        + pool.waiting()
                        + "); raise maximumPoolSize or connectionTimeout, or find who holds"
                        + " connections too long",
                null,
                cause);
        this.pool = pool;
        this.timeout = timeout;
    }

    /**
     * @return the pool's state when the wait ended; {@code null} after deserialization
     */
    public PoolStats pool() {
        return pool;
    }

    /**
     * @return how long the caller waited for a connection
     */
    public Duration timeout() {
        return timeout;
    }
}
