package dev.switchboard.database;

/**
 * The connection pool's state at one moment. The counts are read one after another, not together,
 * so under load they may not add up exactly.
 *
 * @param active connections lent out to callers
 * @param idle connections in the pool, ready to lend
 * @param waiting threads waiting for a connection
 * @param total connections open ({@code active + idle})
 * @param maximumSize the pool's maximum size
 */
public record PoolStats(int active, int idle, int waiting, int total, int maximumSize) {}
