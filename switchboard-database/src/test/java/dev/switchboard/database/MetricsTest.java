package dev.switchboard.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Calls are counted, timed and failed per operation through the recorder. */
class MetricsTest {

    @Test
    void everyCallIsRecorded() {
        InMemoryDatabaseMetrics m = new InMemoryDatabaseMetrics();
        try (Database db = Database.create(TestPostgres.config("metrics").metrics(m).build())) {
            db.update("DROP TABLE IF EXISTS m_items");
            db.update("CREATE TABLE m_items (n int NOT NULL)");
            db.batch("INSERT INTO m_items VALUES (?)", List.of(new Object[] {1}, new Object[] {2}));
            db.query("SELECT n FROM m_items", r -> r.getInt(1));
            assertThatThrownBy(() -> db.update("INSERT INTO m_items VALUES (NULL)"))
                    .isInstanceOf(DatabaseException.class);
            db.inTransaction(tx -> tx.update("DELETE FROM m_items WHERE n = 1"));
            try (Stream<Integer> s = db.stream("SELECT n FROM m_items", r -> r.getInt(1))) {
                assertThat(s.count()).isEqualTo(1);
            }
            db.withConnection(c -> c.isValid(1));
        }
        assertThat(m.snapshot(DatabaseOperation.UPDATE).completed()).isEqualTo(3);
        assertThat(m.snapshot(DatabaseOperation.UPDATE).failed()).isEqualTo(1);
        assertThat(m.snapshot(DatabaseOperation.BATCH).completed()).isEqualTo(1);
        assertThat(m.snapshot(DatabaseOperation.QUERY).completed()).isEqualTo(1);
        assertThat(m.snapshot(DatabaseOperation.TRANSACTION).completed()).isEqualTo(1);
        assertThat(m.snapshot(DatabaseOperation.STREAM).completed()).isEqualTo(1);
        assertThat(m.snapshot(DatabaseOperation.CONNECTION).completed()).isEqualTo(1);
        DatabaseMetricsSnapshot all = m.snapshot();
        assertThat(all.calls()).isEqualTo(9);
        assertThat(all.failed()).isEqualTo(1);
        assertThat(all.totalNanos()).isPositive();
        assertThat(all.maxNanos()).isLessThanOrEqualTo(all.totalNanos());
        assertThat(all.meanNanos()).isPositive();
        assertThat(DatabaseMetricsSnapshot.EMPTY.meanNanos()).isZero();
    }
}
