package dev.switchboard.database;

import java.sql.Connection;

/** A transaction isolation level. */
public enum Isolation {
    /** Whatever the connection has: the database's default (READ COMMITTED on PostgreSQL). */
    DEFAULT(-1),
    /** READ UNCOMMITTED (PostgreSQL runs it as READ COMMITTED). */
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    /** READ COMMITTED. */
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    /** REPEATABLE READ (snapshot isolation on PostgreSQL; may fail with {@code 40001}). */
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    /** SERIALIZABLE (may fail with {@code 40001}; pair it with a {@link RetryPolicy}). */
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

    private final int jdbcLevel;

    Isolation(int jdbcLevel) {
        this.jdbcLevel = jdbcLevel;
    }

    /**
     * @return the {@code java.sql.Connection.TRANSACTION_*} constant, or -1 for {@link #DEFAULT}
     */
    public int jdbcLevel() {
        return jdbcLevel;
    }
}
