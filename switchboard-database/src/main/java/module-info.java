/**
 * The Database System: pooled JDBC on PostgreSQL (and MariaDB/MySQL) with typed parameters and row
 * mappers, transactions with savepoints, retry of transient failures, streaming through cursors, a
 * tagged query cache, async calls on virtual threads and health checks. Start with {@link
 * dev.switchboard.database.Database#create(dev.switchboard.database.DatabaseConfig)}. Only {@code
 * dev.switchboard.database} is API; {@code dev.switchboard.database.internal} is not exported.
 */
@SuppressWarnings("requires-automatic")
module dev.switchboard.database {
    requires transitive dev.switchboard.core;
    requires transitive java.sql;
    requires transitive com.fasterxml.jackson.databind;
    requires com.zaxxer.hikari;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports dev.switchboard.database;
}
