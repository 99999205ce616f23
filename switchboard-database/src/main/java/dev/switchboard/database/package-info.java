/**
 * The Database System's public API.
 *
 * <p>Start with {@link dev.switchboard.database.Database#create(DatabaseConfig)}; configure it with
 * {@link dev.switchboard.database.DatabaseConfig#builder(String)}. Queries map rows with a {@link
 * dev.switchboard.database.RowMapper}; transactions run a {@link dev.switchboard.database.TxWork}
 * and nest with savepoints; failures are {@link dev.switchboard.database.DatabaseException}s or,
 * when transient, {@link dev.switchboard.database.TransientDatabaseException}s.
 */
package dev.switchboard.database;
