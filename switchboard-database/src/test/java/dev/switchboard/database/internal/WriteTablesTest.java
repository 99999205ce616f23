package dev.switchboard.database.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteTablesTest {

    @Test
    void findsTheTablesAStatementWrites() {
        assertThat(WriteTables.of("insert into Users(id) values (1)")).containsExactly("users");
        assertThat(WriteTables.of("UPDATE public.\"Orders\" SET x = 1")).containsExactly("orders");
        assertThat(WriteTables.of("DELETE FROM ONLY audit WHERE id = ?")).containsExactly("audit");
        assertThat(WriteTables.of("TRUNCATE TABLE a")).containsExactly("a");
        assertThat(WriteTables.of("MERGE INTO stock s USING x ON true WHEN MATCHED THEN DELETE"))
                .containsExactly("stock");
        assertThat(WriteTables.of("DROP TABLE IF EXISTS old_stuff")).containsExactly("old_stuff");
        assertThat(
                        WriteTables.of(
                                "WITH moved AS (DELETE FROM inbox RETURNING *) INSERT INTO archive SELECT * FROM moved"))
                .containsExactlyInAnyOrder("inbox", "archive");
    }

    @Test
    void ignoresLocksUpsertsAndPlainQueries() {
        assertThat(WriteTables.of("SELECT * FROM jobs FOR UPDATE SKIP LOCKED")).isEmpty();
        assertThat(WriteTables.of("SELECT * FROM jobs FOR NO KEY UPDATE")).isEmpty();
        assertThat(
                        WriteTables.of(
                                "INSERT INTO kv(k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v"))
                .containsExactly("kv");
        assertThat(WriteTables.of("SELECT updated_at FROM t")).isEmpty();
    }

    @Test
    void normalizesNames() {
        assertThat(WriteTables.normalize("Public.Users")).isEqualTo("users");
        assertThat(WriteTables.normalize("`db`.`T`")).isEqualTo("t");
        assertThat(WriteTables.normalize("\"Mixed\"")).isEqualTo("mixed");
    }
}
