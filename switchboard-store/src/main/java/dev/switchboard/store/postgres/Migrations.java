package dev.switchboard.store.postgres;

import dev.switchboard.database.Database;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings the store's tables to the newest schema version. The versions are SQL resources {@code
 * db/store/V<n>__<name>.sql}, listed in {@link #SCRIPTS}; {@code store_schema_version} records
 * which ran. Everything happens in one transaction that first takes a transaction-level advisory
 * lock, so brokers starting together apply each version once, and a failed version leaves the
 * schema as it was.
 *
 * <p>Thread-safe (stateless).
 */
final class Migrations {
    /** The migrations in order: version {@code i + 1} is {@code SCRIPTS.get(i)}. Append only. */
    static final List<String> SCRIPTS = List.of("V1__streams.sql");

    /** The advisory-lock key of the migration, per schema (see {@link #LOCK_KEY}). */
    private static final String LOCK_NAME = "switchboard.store.migrations";

    /**
     * A 64-bit advisory-lock key from a name and the current schema: two schemas of one database
     * have separate locks.
     */
    static final String LOCK_KEY =
            "('x' || substr(md5(coalesce(current_schema(), '') || '/' || ?), 1, 16))::bit(64)::bigint";

    private Migrations() {}

    /**
     * Applies the versions not yet applied.
     *
     * @param db the database, whose connections' search path names the schema to use
     * @return how many versions were applied now (0 if the schema was current)
     * @throws StoreException {@link StoreError#IO} if a migration fails (nothing is applied then)
     */
    static int apply(Database db) {
        try {
            return db.withConnection(Migrations::apply);
        } catch (RuntimeException e) {
            throw new StoreException(
                    StoreError.IO, "migrating the PostgreSQL stream store failed: " + e, e);
        }
    }

    private static int apply(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement lock =
                    c.prepareStatement("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")")) {
                lock.setString(1, LOCK_NAME);
                lock.execute();
            }
            try (Statement st = c.createStatement()) {
                st.execute(
                        "CREATE TABLE IF NOT EXISTS store_schema_version ("
                                + " version integer PRIMARY KEY,"
                                + " script text NOT NULL,"
                                + " applied_at timestamptz NOT NULL DEFAULT now())");
            }
            int current;
            try (Statement st = c.createStatement();
                    ResultSet rs =
                            st.executeQuery(
                                    "SELECT coalesce(max(version), 0) FROM store_schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > SCRIPTS.size()) {
                throw new StoreException(
                        StoreError.IO,
                        "the PostgreSQL stream store's schema is at version "
                                + current
                                + ", newer than this code knows ("
                                + SCRIPTS.size()
                                + "); upgrade Switchboard");
            }
            for (int v = current + 1; v <= SCRIPTS.size(); v++) {
                String script = SCRIPTS.get(v - 1);
                try (Statement st = c.createStatement()) {
                    st.execute(load(script));
                }
                try (PreparedStatement ins =
                        c.prepareStatement(
                                "INSERT INTO store_schema_version(version, script) VALUES (?, ?)")) {
                    ins.setInt(1, v);
                    ins.setString(2, script);
                    ins.executeUpdate();
                }
            }
            c.commit();
            return SCRIPTS.size() - current;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static String load(String script) {
        String path = "/db/store/" + script;
        try (InputStream in = Migrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration " + path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading migration " + path + " failed", e);
        }
    }
}
