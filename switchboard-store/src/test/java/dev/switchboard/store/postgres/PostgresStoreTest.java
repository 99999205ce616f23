package dev.switchboard.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.switchboard.core.ManualClock;
import dev.switchboard.database.Database;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StoreError;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StreamStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the PostgreSQL backend does beyond the contract: migrations, the exclusive writer, group
 * commit, set-based retention, asynchronous commit for the relaxed fsync policies.
 */
class PostgresStoreTest {
    private final ManualClock clock = new ManualClock();
    private DatabaseConfig config;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void schema() {
        config = TestPostgres.freshSchema("pg-store").build();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private PostgresStorage backend() {
        PostgresStorage b = PostgresStorage.open(config, clock);
        toClose.add(b);
        return b;
    }

    private static long count(PostgresStorage b, String where, Object... params) {
        return b.database()
                .queryOne(
                        "SELECT count(*) AS n FROM store_messages" + where,
                        r -> r.getLong("n"),
                        params);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void migrations_applyOnce_andRerunAsNoOp() {
        Database db = Database.create(config);
        toClose.add(db);
        assertThat(Migrations.apply(db)).isEqualTo(Migrations.SCRIPTS.size());
        assertThat(Migrations.apply(db)).isZero();
        assertThat(
                        db.query(
                                "SELECT version FROM store_schema_version ORDER BY version",
                                r -> r.getInt("version")))
                .containsExactly(1);
        // A backend opened on the migrated schema migrates nothing and works.
        PostgresStorage b = PostgresStorage.open(db, clock);
        toClose.add(b);
        b.create(StoreConfig.builder("s").build(), new byte[0]);
        assertThat(b.names()).containsExactly("s");
    }

    @Test
    void secondBackend_cannotOpenOrDeleteAnOpenStream() {
        PostgresStorage a = backend();
        PostgresStorage b = backend();
        StreamStore s = a.create(StoreConfig.builder("s").build(), new byte[0]);
        s.append("x", new byte[0], utf8("1"), -1, null);
        s.sync();

        assertThatThrownBy(() -> b.open("s"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("open in another Switchboard backend")
                .satisfies(e -> assertThat(((StoreException) e).error()).isEqualTo(StoreError.IO));
        assertThatThrownBy(() -> b.delete("s")).hasMessageContaining("open in another");
        assertThat(errorOf(() -> b.create(StoreConfig.builder("s").build(), new byte[0])))
                .isEqualTo(StoreError.ALREADY_EXISTS);

        s.close();
        StreamStore taken = b.open("s");
        assertThat(taken.get(1).payload()).isEqualTo(utf8("1"));
        assertThat(errorOf(() -> a.open("s"))).isEqualTo(StoreError.IO);
    }

    @Test
    void lostSession_failsTheWriter_andFreesTheStream() {
        PostgresStorage a = backend();
        StreamStore s = a.create(StoreConfig.builder("s").build(), new byte[0]);
        s.append("x", new byte[0], utf8("1"), -1, null);
        s.sync();
        // Kill the session that holds the stream's lock, as a network partition would.
        PostgresStorage admin = backend();
        int killed =
                admin.database()
                        .queryOne(
                                "SELECT count(pg_terminate_backend(pid)) AS n FROM pg_locks"
                                        + " WHERE locktype = 'advisory' AND objsubid = 1"
                                        + " AND ((classid::bigint << 32) | objid::bigint) = "
                                        + PostgresStreamWriter.STREAM_LOCK_KEY,
                                r -> r.getInt("n"),
                                "switchboard.store.stream/s");
        assertThat(killed).isEqualTo(1);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        s.append("x", new byte[0], utf8("2"), -1, (q, e) -> errors.add(e));
        await().until(() -> errors.size() == 1);
        assertThat(errors.get(0)).isNotNull();
        assertThat(errorOf(() -> s.append("x", new byte[0], utf8("3"), -1, null)))
                .isEqualTo(StoreError.IO);
        // The lock went with the session: another backend takes the stream over.
        StreamStore taken = backend().open("s");
        assertThat(taken.state().lastSequence()).isEqualTo(1);
        s.close();
    }

    @Test
    void groupCommit_appendsQueuedDuringACommitShareOneTransaction() throws Exception {
        PostgresStorage b = backend();
        PostgresStreamStore s =
                (PostgresStreamStore) b.create(StoreConfig.builder("s").build(), new byte[0]);
        long before = s.transactions();
        CountDownLatch inListener = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The first listener holds the writer thread, so the next appends pile up in the queue.
        s.append(
                "a",
                new byte[0],
                utf8("first"),
                -1,
                (q, e) -> {
                    inListener.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                    }
                });
        assertThat(inListener.await(10, TimeUnit.SECONDS)).isTrue();
        int threads = 8;
        int each = 250;
        List<Long> durable = new CopyOnWriteArrayList<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th =
                    Thread.ofPlatform()
                            .start(
                                    () -> {
                                        for (int i = 0; i < each; i++) {
                                            s.append(
                                                    "a",
                                                    new byte[0],
                                                    new byte[128],
                                                    -1,
                                                    (q, e) -> durable.add(q));
                                        }
                                    });
            ts.add(th);
        }
        for (Thread th : ts) {
            th.join();
        }
        release.countDown();
        s.sync();
        await().until(() -> durable.size() == threads * each);
        assertThat(durable).isSorted();
        // One for the first append, one for the 2,000 queued behind it, maybe one for the sync.
        assertThat(s.transactions() - before).isBetween(2L, 3L);
        assertThat(count(b, "")).isEqualTo(1 + threads * each);
    }

    @Test
    void retention_deletesRows() {
        PostgresStorage b = backend();
        StreamStore s =
                b.create(
                        StoreConfig.builder("s")
                                .maxMessages(10)
                                .maxAge(Duration.ofMinutes(1))
                                .maxMessagesPerSubject(3)
                                .build(),
                        new byte[0]);
        for (int i = 0; i < 100; i++) {
            s.append(i < 95 ? "bulk" : "k." + i, new byte[0], utf8("m" + i), -1, null);
        }
        s.sync();
        // Per subject: 3 of "bulk" and the five k.* (the message limit of 10 is not reached).
        assertThat(count(b, "")).isEqualTo(8);
        assertThat(s.remove(99)).isTrue();
        assertThat(s.purge("bulk", Long.MAX_VALUE)).isEqualTo(3);
        s.sync();
        assertThat(count(b, "")).isEqualTo(4);
        assertThat(count(b, " WHERE seq = 99")).isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(s.expire()).isEqualTo(4);
        s.sync();
        assertThat(count(b, "")).isZero();
        // The sequence survives in store_streams.
        s.close();
        assertThat(b.open("s").state().lastSequence()).isEqualTo(100);
    }

    @Test
    void relaxedFsync_commitsAsynchronously_andSurvivesARestart() {
        PostgresStorage b = backend();
        StreamStore s =
                b.create(StoreConfig.builder("s").fsync(FsyncPolicy.never()).build(), new byte[0]);
        List<Long> durable = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            s.append("a", new byte[0], utf8("m" + i), -1, (q, e) -> durable.add(q));
        }
        await().until(() -> durable.size() == 50);
        b.close();
        StreamStore again = backend().open("s");
        assertThat(again.state().messages()).isEqualTo(50);
        assertThat(again.get(50).payload()).isEqualTo(utf8("m49"));
    }

    private static StoreError errorOf(Runnable r) {
        try {
            r.run();
        } catch (StoreException e) {
            return e.error();
        }
        throw new AssertionError("no StoreException");
    }
}
