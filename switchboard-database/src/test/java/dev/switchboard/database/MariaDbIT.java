package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The same API against the machine's MariaDB (127.0.0.1:3306, root without password, database
 * test): types, NULLs, savepoints, batches, streams, timeouts. Fails when the server is missing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MariaDbIT {
    // Connector/J 3+ asks for TLS by default; the local server has none.
    private static final String URL = "jdbc:mariadb://127.0.0.1:3306/test?sslMode=disable";

    record Payload(String name, int n) {}

    private Database db;

    @BeforeAll
    void open() {
        ExternalServer.require("MariaDB", "127.0.0.1", 3306);
        db =
                Database.create(
                        DatabaseConfig.builder(URL)
                                .user("root")
                                .password("")
                                .poolName("mariadb")
                                .maximumPoolSize(4)
                                .minimumIdle(0)
                                .statementTimeout(Duration.ofSeconds(30))
                                .build());
        db.update("DROP TABLE IF EXISTS m_types, m_log");
        db.update(
                """
                CREATE TABLE m_types (
                  id bigint AUTO_INCREMENT PRIMARY KEY,
                  t varchar(100), b boolean, i4 int, i8 bigint, r8 double, num decimal(30, 6),
                  ts timestamp(6) NULL, dt datetime(6), d date, tm time, u uuid, j json,
                  ba varbinary(100)) ENGINE=InnoDB
                """);
        db.update(
                "CREATE TABLE m_log (id bigint AUTO_INCREMENT PRIMARY KEY, msg varchar(50) NOT NULL) ENGINE=InnoDB");
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @BeforeEach
    void clean() {
        db.update("DELETE FROM m_types");
        db.update("DELETE FROM m_log");
    }

    @Test
    void dialectIsDetected() {
        assertThat(db.dialect()).isEqualTo(Dialect.MARIADB);
        assertThat(db.health().isUp()).isTrue();
    }

    @Test
    void typesAndNullsMapBothWays() {
        Instant ts = Instant.parse("2026-03-01T12:34:56.123456Z");
        UUID u = UUID.randomUUID();
        JsonNode json = new ObjectMapper().createObjectNode().put("k", "v");
        byte[] bytes = {0, 1, (byte) 0xff};
        db.update(
                "INSERT INTO m_types (t, b, i4, i8, r8, num, ts, dt, d, tm, u, j, ba)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "héllo",
                true,
                42,
                9_000_000_000L,
                2.25d,
                new BigDecimal("1234.5"),
                ts,
                LocalDateTime.of(2026, 3, 1, 10, 0, 1),
                LocalDate.of(2026, 2, 28),
                LocalTime.of(23, 59, 58),
                u,
                json,
                bytes);
        db.update("INSERT INTO m_types (j) VALUES (?)", Param.json(new Payload("p", 2)));
        db.update(
                "INSERT INTO m_types (t, b, i4, i8, r8, num, ts, dt, d, tm, u, j, ba)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new Object[13]);
        List<Row0> rows =
                db.query(
                        "SELECT * FROM m_types ORDER BY id",
                        r ->
                                new Row0(
                                        r.getStringOrNull("t"),
                                        r.getBooleanOrNull("b"),
                                        r.getIntOrNull("i4"),
                                        r.getLongOrNull("i8"),
                                        r.getDoubleOrNull("r8"),
                                        r.getBigDecimalOrNull("num"),
                                        r.getInstantOrNull("ts"),
                                        r.getLocalDateTimeOrNull("dt"),
                                        r.getLocalDateOrNull("d"),
                                        r.getLocalTimeOrNull("tm"),
                                        r.getUuidOrNull("u"),
                                        r.getJsonOrNull("j"),
                                        r.getBytesOrNull("ba")));
        Row0 full = rows.get(0);
        assertThat(full.t()).isEqualTo("héllo");
        assertThat(full.b()).isTrue();
        assertThat(full.i4()).isEqualTo(42);
        assertThat(full.i8()).isEqualTo(9_000_000_000L);
        assertThat(full.r8()).isEqualTo(2.25d);
        assertThat(full.num()).isEqualByComparingTo("1234.5");
        assertThat(full.ts()).isEqualTo(ts);
        assertThat(full.dt()).isEqualTo(LocalDateTime.of(2026, 3, 1, 10, 0, 1));
        assertThat(full.d()).isEqualTo(LocalDate.of(2026, 2, 28));
        assertThat(full.tm()).isEqualTo(LocalTime.of(23, 59, 58));
        assertThat(full.u()).isEqualTo(u);
        assertThat(full.j()).isEqualTo(json);
        assertThat(full.ba()).containsExactly(bytes);
        assertThat(
                        db.<Payload>queryOne(
                                "SELECT j FROM m_types WHERE t IS NULL AND j IS NOT NULL",
                                r -> r.getJson("j", Payload.class)))
                .isEqualTo(new Payload("p", 2));
        assertThat(rows.get(2))
                .isEqualTo(
                        new Row0(
                                null, null, null, null, null, null, null, null, null, null, null,
                                null, null));
        assertThatThrownBy(
                        () ->
                                db.query(
                                        "SELECT i8 FROM m_types WHERE t IS NULL",
                                        r -> r.getLong("i8")))
                .isInstanceOf(UnexpectedNullException.class);
        assertThatThrownBy(
                        () ->
                                db.update(
                                        "INSERT INTO m_log(msg) VALUES (?)",
                                        (Object) new String[] {"a"}))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("MARIADB does not support");
    }

    /** Every column of m_types, nullable, with array equality for the bytes. */
    record Row0(
            String t,
            Boolean b,
            Integer i4,
            Long i8,
            Double r8,
            BigDecimal num,
            Instant ts,
            LocalDateTime dt,
            LocalDate d,
            LocalTime tm,
            UUID u,
            JsonNode j,
            byte[] ba) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Row0 r
                    && java.util.Objects.equals(t, r.t)
                    && java.util.Objects.equals(i8, r.i8)
                    && java.util.Objects.equals(ts, r.ts)
                    && java.util.Objects.equals(u, r.u)
                    && java.util.Objects.equals(j, r.j)
                    && java.util.Arrays.equals(ba, r.ba);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(t, i8, ts, u);
        }
    }

    @Test
    void savepoints_threeLevels() {
        db.inTransaction(
                tx -> {
                    tx.update("INSERT INTO m_log(msg) VALUES ('L0')");
                    return tx.inTransaction(
                            l1 -> {
                                l1.update("INSERT INTO m_log(msg) VALUES ('L1')");
                                try {
                                    l1.inTransaction(
                                            l2 -> {
                                                l2.update("INSERT INTO m_log(msg) VALUES ('L2')");
                                                return l2.update(
                                                        "INSERT INTO m_log(msg) VALUES (NULL)");
                                            });
                                } catch (DatabaseException expected) {
                                    assertThat(expected.sqlState()).isEqualTo("23000");
                                }
                                return l1.update("INSERT INTO m_log(msg) VALUES ('L1 after')");
                            });
                });
        assertThat(db.query("SELECT msg FROM m_log ORDER BY id", r -> r.getString("msg")))
                .containsExactly("L0", "L1", "L1 after");
    }

    @Test
    void batchStreamAndRowCounts() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(new Object[] {"m" + i});
        }
        assertThat(db.batch("INSERT INTO m_log(msg) VALUES (?)", rows)).hasSize(2000);
        try (Stream<String> s =
                db.stream("SELECT msg FROM m_log ORDER BY id", r -> r.getString(1))) {
            assertThat(s.count()).isEqualTo(2000);
        }
        assertThat(db.poolStats().active()).isZero();
        assertThatThrownBy(() -> db.queryOne("SELECT msg FROM m_log", r -> r.getString(1)))
                .isInstanceOf(UnexpectedRowCountException.class);
        assertThat(
                        db.queryOptional(
                                "SELECT msg FROM m_log WHERE msg = ?", r -> r.getString(1), "m7"))
                .contains("m7");
    }

    @Test
    void statementTimeout_isEnforcedInWholeSeconds() {
        assertThatThrownBy(
                        () ->
                                db.withStatementTimeout(Duration.ofMillis(500))
                                        .query("SELECT SLEEP(5)", r -> r.getLong(1)))
                .isInstanceOf(StatementTimeoutException.class)
                .hasMessageContaining("timeout of 500 ms");
    }
}
