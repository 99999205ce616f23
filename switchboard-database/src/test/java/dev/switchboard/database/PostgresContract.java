package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.sql.JDBCType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every PostgreSQL behind a {@link Database} must do: type mapping and NULLs both ways,
 * queries and their row-count rules, batches, streams, transactions and savepoints. One subclass
 * per server: the embedded one ({@code EmbeddedPostgresContractTest}) and the machine's own ({@code
 * LocalPostgresIT}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PostgresContract {
    /** A JSON payload mapped through Jackson. */
    record Payload(String name, int n) {}

    /** A row mapped by {@link RowMapper#forRecord}. */
    record Account(long id, String owner, BigDecimal balance, Instant createdAt, String note) {}

    enum Colour {
        RED,
        GREEN
    }

    protected Database db;

    /**
     * @param poolName a name for the pool
     * @return a configuration builder for the server under test
     */
    protected abstract DatabaseConfig.Builder config(String poolName);

    @BeforeAll
    void open() {
        db = Database.create(config("contract").build());
        db.update("DROP TABLE IF EXISTS c_types, c_accounts, c_log");
        db.update(
                """
                CREATE TABLE c_types (
                  id bigserial PRIMARY KEY,
                  t text, b boolean, i2 smallint, i4 integer, i8 bigint, r4 real,
                  r8 double precision, num numeric(30, 6), ts timestamptz, tsl timestamp,
                  d date, tm time, u uuid, j jsonb, js json, ba bytea,
                  at text[], ab bigint[], au uuid[], ai integer[], e text)
                """);
        db.update(
                """
                CREATE TABLE c_accounts (
                  id bigint PRIMARY KEY, owner text NOT NULL, balance numeric(20, 2) NOT NULL,
                  created_at timestamptz NOT NULL DEFAULT now(), note text)
                """);
        db.update("CREATE TABLE c_log (id bigserial PRIMARY KEY, msg text NOT NULL)");
    }

    @AfterAll
    void close() {
        db.close();
    }

    @BeforeEach
    void clean() {
        db.update("TRUNCATE c_types, c_accounts, c_log");
    }

    @Test
    void everyTypeMapsBothWays() {
        Instant ts = Instant.parse("2026-03-01T12:34:56.123456Z");
        UUID u = UUID.randomUUID();
        UUID u2 = UUID.randomUUID();
        JsonNode json = new ObjectMapper().createObjectNode().put("k", "v").put("n", 3);
        byte[] bytes = {0, 1, (byte) 0xff, 42};
        long id =
                db.queryOne(
                        """
                        INSERT INTO c_types (t, b, i2, i4, i8, r4, r8, num, ts, tsl, d, tm, u, j, js,
                          ba, at, ab, au, ai, e)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING id
                        """,
                        r -> r.getLong("id"),
                        "héllo ✓",
                        true,
                        (short) 7,
                        42,
                        9_000_000_000L,
                        1.5f,
                        2.25d,
                        new BigDecimal("12345678901234567890.123456"),
                        ts,
                        LocalDateTime.of(2026, 3, 1, 10, 0, 1),
                        LocalDate.of(2026, 2, 28),
                        LocalTime.of(23, 59, 58),
                        u,
                        json,
                        Param.json(new Payload("p", 2)),
                        bytes,
                        new String[] {"a", null, "c"},
                        new long[] {1, 2, 3},
                        Param.array("uuid", List.of(u, u2)),
                        new int[] {4, 5},
                        Colour.GREEN);

        db.queryOne(
                "SELECT * FROM c_types WHERE id = ?",
                r -> {
                    assertThat(r.getString("t")).isEqualTo("héllo ✓");
                    assertThat(r.getBoolean("b")).isTrue();
                    assertThat(r.getShort("i2")).isEqualTo((short) 7);
                    assertThat(r.getInt("i4")).isEqualTo(42);
                    assertThat(r.getLong("i8")).isEqualTo(9_000_000_000L);
                    assertThat(r.getFloat("r4")).isEqualTo(1.5f);
                    assertThat(r.getDouble("r8")).isEqualTo(2.25d);
                    assertThat(r.getBigDecimal("num"))
                            .isEqualByComparingTo("12345678901234567890.123456");
                    assertThat(r.getInstant("ts")).isEqualTo(ts);
                    assertThat(r.getOffsetDateTime("ts"))
                            .isEqualTo(OffsetDateTime.ofInstant(ts, ZoneOffset.UTC));
                    assertThat(r.getLocalDateTime("tsl"))
                            .isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 0, 1));
                    assertThat(r.getLocalDate("d")).isEqualTo(LocalDate.of(2026, 2, 28));
                    assertThat(r.getLocalTime("tm")).isEqualTo(LocalTime.of(23, 59, 58));
                    assertThat(r.getUuid("u")).isEqualTo(u);
                    assertThat(r.getJson("j")).isEqualTo(json);
                    assertThat(r.getJson("js", Payload.class)).isEqualTo(new Payload("p", 2));
                    assertThat(r.getBytes("ba")).containsExactly(bytes);
                    assertThat(r.getList("at", String.class)).containsExactly("a", null, "c");
                    assertThat(r.getList("ab", Long.class)).containsExactly(1L, 2L, 3L);
                    assertThat(r.getList("au", UUID.class)).containsExactly(u, u2);
                    assertThat(r.getList("ai", Integer.class)).containsExactly(4, 5);
                    assertThat(r.get("e", Colour.class)).isEqualTo(Colour.GREEN);
                    assertThat(r.getLong(1)).isEqualTo(id);
                    return null;
                },
                id);
    }

    @Test
    void nullsMapBothWays_andNonNullGettersRefuseThem() {
        Object[] nulls = new Object[21];
        nulls[14] = Param.json(null);
        nulls[17] = Param.nullOf(JDBCType.ARRAY);
        long id =
                db.queryOne(
                        """
                        INSERT INTO c_types (t, b, i2, i4, i8, r4, r8, num, ts, tsl, d, tm, u, j, js,
                          ba, at, ab, au, ai, e)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        RETURNING id
                        """,
                        r -> r.getLong("id"),
                        nulls);
        List<String> columns =
                List.of(
                        "t", "b", "i2", "i4", "i8", "r4", "r8", "num", "ts", "tsl", "d", "tm", "u",
                        "j", "js", "ba", "at", "ab", "au", "ai", "e");
        db.queryOne(
                "SELECT * FROM c_types WHERE id = ?",
                r -> {
                    for (String c : columns) {
                        assertThat(r.isNull(c)).as(c).isTrue();
                    }
                    assertThat(r.getStringOrNull("t")).isNull();
                    assertThat(r.getBooleanOrNull("b")).isNull();
                    assertThat(r.getShortOrNull("i2")).isNull();
                    assertThat(r.getIntOrNull("i4")).isNull();
                    assertThat(r.getLongOrNull("i8")).isNull();
                    assertThat(r.getFloatOrNull("r4")).isNull();
                    assertThat(r.getDoubleOrNull("r8")).isNull();
                    assertThat(r.getBigDecimalOrNull("num")).isNull();
                    assertThat(r.getInstantOrNull("ts")).isNull();
                    assertThat(r.getOffsetDateTimeOrNull("ts")).isNull();
                    assertThat(r.getLocalDateTimeOrNull("tsl")).isNull();
                    assertThat(r.getLocalDateOrNull("d")).isNull();
                    assertThat(r.getLocalTimeOrNull("tm")).isNull();
                    assertThat(r.getUuidOrNull("u")).isNull();
                    assertThat(r.getJsonOrNull("j")).isNull();
                    assertThat(r.getJsonOrNull("js", Payload.class)).isNull();
                    assertThat(r.getBytesOrNull("ba")).isNull();
                    assertThat(r.getListOrNull("at", String.class)).isNull();
                    assertThat(r.getOptional("i8", Long.class)).isEmpty();
                    assertThatThrownBy(() -> r.getLong("i8"))
                            .isInstanceOf(UnexpectedNullException.class)
                            .hasMessageContaining("column 'i8' is NULL")
                            .hasMessageContaining("Long");
                    assertThatThrownBy(() -> r.getInt("i4"))
                            .isInstanceOf(UnexpectedNullException.class);
                    assertThatThrownBy(() -> r.getBoolean("b"))
                            .isInstanceOf(UnexpectedNullException.class);
                    assertThatThrownBy(() -> r.getDouble("r8"))
                            .isInstanceOf(UnexpectedNullException.class);
                    assertThatThrownBy(() -> r.getString("t"))
                            .isInstanceOf(UnexpectedNullException.class);
                    assertThatThrownBy(() -> r.getList("at", String.class))
                            .isInstanceOf(UnexpectedNullException.class);
                    return null;
                },
                id);
        // Typed NULLs where the server cannot infer the type.
        assertThat(
                        db.<Boolean>queryOne(
                                "SELECT ? IS NULL AS a, ? IS NULL AS b",
                                r -> r.getBoolean("a") && r.getBoolean("b"),
                                Param.nullOf(JDBCType.BIGINT),
                                Param.nullOf(JDBCType.VARCHAR)))
                .isTrue();
    }

    @Test
    void queryOneAndOptional_enforceRowCounts() {
        db.batch(
                "INSERT INTO c_log(msg) VALUES (?)",
                List.of(new Object[] {"a"}, new Object[] {"b"}));
        assertThatThrownBy(
                        () ->
                                db.queryOne(
                                        "SELECT msg FROM c_log WHERE msg = 'z'",
                                        r -> r.getString(1)))
                .isInstanceOf(UnexpectedRowCountException.class)
                .hasMessageContaining("expected exactly 1 row, got 0");
        assertThatThrownBy(() -> db.queryOne("SELECT msg FROM c_log", r -> r.getString(1)))
                .isInstanceOf(UnexpectedRowCountException.class)
                .hasMessageContaining("got more than 1");
        assertThatThrownBy(() -> db.queryOptional("SELECT msg FROM c_log", r -> r.getString(1)))
                .isInstanceOf(UnexpectedRowCountException.class)
                .hasMessageContaining("at most 1");
        assertThat(
                        db.queryOptional(
                                "SELECT msg FROM c_log WHERE msg = ?", r -> r.getString(1), "z"))
                .isEmpty();
        assertThat(
                        db.queryOptional(
                                "SELECT msg FROM c_log WHERE msg = ?", r -> r.getString(1), "b"))
                .contains("b");
        assertThat(db.query("SELECT msg FROM c_log ORDER BY msg", r -> r.getString("msg")))
                .containsExactly("a", "b");
    }

    @Test
    void update_returnsCount_andRecordMapperReadsSnakeCase() {
        db.update(
                "INSERT INTO c_accounts(id, owner, balance) VALUES (1, 'ada', 10), (2, 'bob', 5)");
        assertThat(db.update("UPDATE c_accounts SET balance = balance + ?", new BigDecimal("1.5")))
                .isEqualTo(2);
        List<Account> accounts =
                db.query(
                        "SELECT * FROM c_accounts ORDER BY id", RowMapper.forRecord(Account.class));
        assertThat(accounts).extracting(Account::owner).containsExactly("ada", "bob");
        assertThat(accounts.get(0).balance()).isEqualByComparingTo("11.50");
        assertThat(accounts.get(0).createdAt())
                .isCloseTo(
                        Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.HOURS));
        assertThat(accounts.get(0).note()).isNull();
    }

    @Test
    void errors_nameTheStatementAndSqlState() {
        db.update("INSERT INTO c_accounts(id, owner, balance) VALUES (1, 'ada', 10)");
        assertThatThrownBy(
                        () ->
                                db.update(
                                        "INSERT INTO c_accounts(id, owner, balance) VALUES (1, 'x', 1)"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("SQLState 23505")
                .hasMessageContaining("INSERT INTO c_accounts")
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).isEqualTo("23505"));
        assertThatThrownBy(() -> db.update("INSERT INTO c_log(msg) VALUES (?)", new Object()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("parameter 1 has type java.lang.Object");
        assertThatThrownBy(() -> db.queryOne("SELECT 1 AS a", r -> r.getLong("b")))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("no column 'b'")
                .hasMessageContaining("[a]");
    }

    @Test
    void batch_isAtomic() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(new Object[] {(long) i, "owner" + i, BigDecimal.valueOf(i)});
        }
        int[] counts =
                db.batch("INSERT INTO c_accounts(id, owner, balance) VALUES (?, ?, ?)", rows);
        assertThat(counts).hasSize(500);
        assertThat(db.<Long>queryOne("SELECT count(*) FROM c_accounts", r -> r.getLong(1)))
                .isEqualTo(500);

        // A failing row rolls the whole batch back.
        List<Object[]> bad =
                List.of(
                        new Object[] {1000L, "x", BigDecimal.ONE},
                        new Object[] {1L, "dup", BigDecimal.ONE});
        assertThatThrownBy(
                        () ->
                                db.batch(
                                        "INSERT INTO c_accounts(id, owner, balance) VALUES (?, ?, ?)",
                                        bad))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("23505");
        assertThat(db.queryOptional("SELECT id FROM c_accounts WHERE id = 1000", r -> r.getLong(1)))
                .isEmpty();

        int[] byItem =
                db.batch(
                        "UPDATE c_accounts SET note = ? WHERE id = ?",
                        List.of(1L, 2L, 3L),
                        id -> new Object[] {"n" + id, id});
        assertThat(byItem).containsExactly(1, 1, 1);
    }

    @Test
    void stream_readsLazily_andClosingReleasesTheConnection() {
        try (Stream<Long> s =
                db.stream("SELECT g FROM generate_series(1, ?) g", r -> r.getLong(1), 10_000)) {
            assertThat(s.mapToLong(Long::longValue).sum()).isEqualTo(50_005_000L);
        }
        try (Stream<Long> s =
                db.stream("SELECT g FROM generate_series(1, 100000) g", r -> r.getLong(1))) {
            assertThat(s.limit(3)).containsExactly(1L, 2L, 3L);
        }
        assertThat(db.poolStats().active()).isZero();
        // The same inside a transaction: the stream uses the transaction's connection.
        long n =
                db.inTransaction(
                        tx -> {
                            tx.update("INSERT INTO c_log(msg) VALUES ('in tx')");
                            try (Stream<String> s =
                                    tx.stream("SELECT msg FROM c_log", r -> r.getString(1))) {
                                return s.count();
                            }
                        });
        assertThat(n).isEqualTo(1);
    }

    @Test
    void transaction_commitsOnReturn_rollsBackOnThrow() {
        db.inTransaction(tx -> tx.update("INSERT INTO c_log(msg) VALUES ('kept')"));
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        tx -> {
                                            tx.update("INSERT INTO c_log(msg) VALUES ('lost')");
                                            throw new IllegalStateException("boom");
                                        }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(db.query("SELECT msg FROM c_log", r -> r.getString(1))).containsExactly("kept");
    }

    @Test
    void savepoints_threeLevels_innerFailureRollsBackOnlyItsLevel() {
        List<Integer> depths = new ArrayList<>();
        db.inTransaction(
                tx -> {
                    depths.add(tx.depth());
                    tx.update("INSERT INTO c_log(msg) VALUES ('L0')");
                    tx.inTransaction(
                            l1 -> {
                                depths.add(l1.depth());
                                l1.update("INSERT INTO c_log(msg) VALUES ('L1')");
                                try {
                                    l1.inTransaction(
                                            l2 -> {
                                                depths.add(l2.depth());
                                                l2.update("INSERT INTO c_log(msg) VALUES ('L2')");
                                                // A failing statement at level 2...
                                                return l2.update(
                                                        "INSERT INTO c_log(msg) VALUES (NULL)");
                                            });
                                } catch (DatabaseException e) {
                                    // ...is caught by level 1, which carries on.
                                    assertThat(e.sqlState()).isEqualTo("23502");
                                }
                                l1.update("INSERT INTO c_log(msg) VALUES ('L1 after')");
                                return null;
                            });
                    // A level that throws without a SQL error is rolled back too, and level 0
                    // decides to carry on.
                    try {
                        tx.inTransaction(
                                l1 -> {
                                    l1.update("INSERT INTO c_log(msg) VALUES ('L1b')");
                                    return l1.inTransaction(
                                            l2 -> {
                                                l2.update("INSERT INTO c_log(msg) VALUES ('L2b')");
                                                throw new IllegalArgumentException("no");
                                            });
                                });
                    } catch (IllegalArgumentException expected) {
                        // carry on
                    }
                    return null;
                });
        assertThat(depths).containsExactly(0, 1, 2);
        assertThat(db.query("SELECT msg FROM c_log ORDER BY id", r -> r.getString(1)))
                .containsExactly("L0", "L1", "L1 after");

        // Letting the nested failure propagate rolls back the whole transaction.
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        tx -> {
                                            tx.update("INSERT INTO c_log(msg) VALUES ('gone')");
                                            return tx.inTransaction(
                                                    l1 ->
                                                            l1.inTransaction(
                                                                    l2 ->
                                                                            l2.update(
                                                                                    "INSERT INTO c_log(msg) VALUES (NULL)")));
                                        }))
                .isInstanceOf(DatabaseException.class);
        assertThat(db.query("SELECT msg FROM c_log WHERE msg = 'gone'", r -> r.getString(1)))
                .isEmpty();
    }

    @Test
    void transaction_cannotBeUsedAfterItsWork() {
        Transaction[] leaked = new Transaction[1];
        db.inTransaction(
                tx -> {
                    leaked[0] = tx;
                    return null;
                });
        assertThatThrownBy(() -> leaked[0].update("SELECT 1"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is over");
    }

    @Test
    void readOnlyTransaction_refusesWrites() {
        assertThatThrownBy(
                        () ->
                                db.inTransaction(
                                        TxOptions.defaults().withReadOnly(true),
                                        tx -> tx.update("INSERT INTO c_log(msg) VALUES ('x')")))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("25006");
        String level =
                db.inTransaction(
                        TxOptions.defaults().withIsolation(Isolation.REPEATABLE_READ),
                        tx -> tx.queryOne("SHOW transaction_isolation", r -> r.getString(1)));
        assertThat(level).isEqualTo("repeatable read");
        // Isolation does not leak to the next borrower of the connection.
        assertThat(db.<String>queryOne("SHOW transaction_isolation", r -> r.getString(1)))
                .isEqualTo("read committed");
    }

    @Test
    void statementTimeout_defaultAndOverride() {
        assertThatThrownBy(
                        () ->
                                db.withStatementTimeout(java.time.Duration.ofMillis(100))
                                        .query("SELECT pg_sleep(5)", r -> r.getString(1)))
                .isInstanceOf(StatementTimeoutException.class)
                .hasMessageContaining("timeout of 100 ms")
                .hasMessageContaining("pg_sleep");
        // The override does not stick to the pooled connection.
        String setting =
                db.queryOne(
                        "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'",
                        r -> r.getString(1));
        assertThat(setting).isEqualTo(Long.toString(db.config().statementTimeout().toMillis()));
        Optional<String> ok =
                db.withStatementTimeout(java.time.Duration.ofSeconds(10))
                        .queryOptional("SELECT 'ok' FROM pg_sleep(0.01)", r -> r.getString(1));
        assertThat(ok).contains("ok");
    }

    @Test
    void arraysOfMixedElements_roundTrip() {
        Long[] boxed = {5L, null, 7L};
        assertThat(
                        db.<List<Long>>queryOne(
                                "SELECT ?::bigint[] AS a",
                                r -> r.getList("a", Long.class),
                                (Object) boxed))
                .isEqualTo(Arrays.asList(5L, null, 7L));
    }

    @Test
    void statementTimeoutInsideASavepoint_isUndoneWithIt() {
        String setting =
                db.inTransaction(
                        tx -> {
                            try {
                                tx.inTransaction(
                                        sp ->
                                                sp.withStatementTimeout(
                                                                java.time.Duration.ofMillis(50))
                                                        .query(
                                                                "SELECT pg_sleep(5)",
                                                                r -> r.getString(1)));
                            } catch (StatementTimeoutException expected) {
                                // the savepoint rolled back, and the SET with it
                            }
                            return tx.queryOne(
                                    "SELECT setting FROM pg_settings WHERE name = 'statement_timeout'",
                                    r -> r.getString(1));
                        });
        assertThat(setting).isEqualTo(Long.toString(db.config().statementTimeout().toMillis()));
    }
}
