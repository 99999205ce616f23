package dev.switchboard.database;

import java.util.Locale;

/**
 * The SQL database behind a {@link Database}, detected from the JDBC URL. The API is the same for
 * every dialect; what differs is listed in {@code docs/DATABASE.md} (JSON is {@code jsonb} on
 * PostgreSQL and a text column on MariaDB; arrays exist only on PostgreSQL).
 */
public enum Dialect {
    /** PostgreSQL through pgjdbc ({@code jdbc:postgresql:}). */
    POSTGRESQL,
    /**
     * MariaDB or MySQL through MariaDB Connector/J ({@code jdbc:mariadb:} or {@code jdbc:mysql:}).
     */
    MARIADB;

    /**
     * @param jdbcUrl a JDBC URL
     * @return the dialect it names
     * @throws IllegalArgumentException if the URL names no supported database
     */
    public static Dialect fromJdbcUrl(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        throw new IllegalArgumentException(
                "jdbcUrl must start with jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:, got '"
                        + jdbcUrl
                        + "'");
    }
}
