package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Streaming a million rows through a cursor. Memory is shown constant on the server side, which is
 * deterministic where heap measurements are not: each row draws {@code nextval} of a sequence,
 * evaluated by PostgreSQL only when the row is fetched, and the sequence is read from another
 * connection while the stream is consumed. Without a cursor the whole result (and every nextval)
 * would be produced before the first row arrives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamTest {
    private static final int ROWS = 1_000_000;
    private static final int FETCH = 1000;
    private Database db;

    @BeforeAll
    void open() {
        db = Database.create(TestPostgres.config("stream").fetchSize(FETCH).build());
        db.update("DROP SEQUENCE IF EXISTS s_drawn");
    }

    @AfterAll
    void close() {
        db.close();
    }

    private long drawn() {
        return db.queryOne(
                "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM s_drawn",
                r -> r.getLong(1));
    }

    @Test
    void millionRows_areFetchedInFetchSizeChunks() {
        db.update("CREATE SEQUENCE s_drawn");
        long count = 0;
        long sum = 0;
        try (Stream<long[]> rows =
                db.stream(
                        "SELECT g, nextval('s_drawn') FROM generate_series(1, ?) g",
                        r -> new long[] {r.getLong(1), r.getLong(2)},
                        ROWS)) {
            Iterator<long[]> it = rows.iterator();
            while (it.hasNext()) {
                long[] row = it.next();
                count++;
                sum += row[0];
                if (count == 1 || count == ROWS / 2) {
                    // The server has produced at most one fetch beyond what was consumed.
                    assertThat(drawn()).isBetween(count, count + FETCH);
                }
            }
        }
        assertThat(count).isEqualTo(ROWS);
        assertThat(sum).isEqualTo((long) ROWS * (ROWS + 1) / 2);
        assertThat(db.poolStats().active()).isZero();
        db.update("DROP SEQUENCE s_drawn");
    }

    @Test
    void failureWhileReading_surfacesAndReleasesTheConnection() {
        assertThatThrownBy(
                        () -> {
                            try (Stream<Long> s =
                                    db.stream(
                                            "SELECT 1 / (2500 - g) FROM generate_series(1, 5000) g",
                                            r -> r.getLong(1))) {
                                s.forEach(x -> {});
                            }
                        })
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("22012");
        assertThat(db.poolStats().active()).isZero();
        assertThatThrownBy(() -> db.stream("SELECT nonsense", r -> r.getLong(1)))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("42703");
        assertThat(db.poolStats().active()).isZero();
    }
}
