package dev.switchboard.cli.config;

import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.database.RetryPolicy;
import java.util.Optional;

/**
 * Maps {@code [database]} onto a {@link DatabaseConfig}. The broker does not use a database yet, so
 * the section is only validated. Stateless.
 */
public final class DatabaseSettings {
    private DatabaseSettings() {}

    /**
     * @param c the configuration
     * @return the database settings, or empty when {@code [database] url} is not set
     * @throws IllegalArgumentException if they are invalid (e.g. an unsupported URL)
     */
    public static Optional<DatabaseConfig> toDatabaseConfig(EffectiveConfig c) {
        String url = c.string("database.url");
        if (url == null) {
            return Optional.empty();
        }
        DatabaseConfig.Builder b =
                DatabaseConfig.builder(url)
                        .maximumPoolSize(c.integer("database.pool_size"))
                        .connectionTimeout(c.duration("database.connection_timeout"))
                        .retryPolicy(
                                RetryPolicy.builder()
                                        .maxAttempts(c.integer("database.retry_count") + 1)
                                        .build());
        if (c.string("database.user") != null) {
            b.user(c.string("database.user"));
        }
        if (c.string("database.password") != null) {
            b.password(c.string("database.password"));
        }
        return Optional.of(b.build());
    }
}
