package dev.switchboard.benchmarks.database;

import dev.switchboard.database.Database;
import dev.switchboard.database.DatabaseConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Database System against a real PostgreSQL (the machine's, {@code -Dbench.pg.url}, default
 * {@code jdbc:postgresql://127.0.0.1:5432/test} as user {@code postgres}): single inserts (one
 * statement, one auto-commit each) against batch inserts (one {@code batch} call of {@link #BATCH}
 * rows, rewritten by pgjdbc into multi-row inserts), and streaming a large result through a cursor.
 * Scores are rows per second ({@link OperationsPerInvocation}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow"
        })
public class DatabaseBenchmark {
    /** Rows per batch insert. */
    public static final int BATCH = 100;

    /** Rows the streaming read goes through per operation. */
    public static final int STREAM_ROWS = 100_000;

    @Param({"64"})
    public int size;

    private Database db;
    private byte[] payload;
    private final AtomicLong ids = new AtomicLong();
    private List<Object[]> batchRows;

    @Setup(Level.Trial)
    public void open() {
        String url = System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
        db =
                Database.create(
                        DatabaseConfig.builder(url)
                                .user(System.getProperty("bench.pg.user", "postgres"))
                                .poolName("db-bench")
                                .maximumPoolSize(4)
                                .connectionTimeout(Duration.ofSeconds(10))
                                .build());
        db.update("DROP TABLE IF EXISTS sb_bench_rows");
        db.update(
                "CREATE TABLE sb_bench_rows (id bigint PRIMARY KEY, subject text NOT NULL,"
                        + " payload bytea NOT NULL)");
        db.update(
                "CREATE TABLE IF NOT EXISTS sb_bench_read AS SELECT g AS id, 'bench.read' AS"
                        + " subject, decode(repeat('ab', 32), 'hex') AS payload FROM"
                        + " generate_series(1, "
                        + STREAM_ROWS
                        + ") g");
        payload = new byte[size];
        batchRows = new ArrayList<>(BATCH);
    }

    @TearDown(Level.Trial)
    public void close() {
        db.update("DROP TABLE IF EXISTS sb_bench_rows");
        db.update("DROP TABLE IF EXISTS sb_bench_read");
        db.close();
    }

    /** One row, one statement, one commit. */
    @Benchmark
    public int singleInsert() {
        return db.update(
                "INSERT INTO sb_bench_rows (id, subject, payload) VALUES (?, ?, ?)",
                ids.incrementAndGet(),
                "bench.rows",
                payload);
    }

    /** {@link #BATCH} rows in one batch call (one transaction, rewritten multi-row inserts). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batchInsert() {
        batchRows.clear();
        for (int i = 0; i < BATCH; i++) {
            batchRows.add(new Object[] {ids.incrementAndGet(), "bench.rows", payload});
        }
        return db.batch(
                        "INSERT INTO sb_bench_rows (id, subject, payload) VALUES (?, ?, ?)",
                        batchRows)
                .length;
    }

    /** Streams {@link #STREAM_ROWS} rows through a cursor; the score is rows per second. */
    @Benchmark
    @OperationsPerInvocation(STREAM_ROWS)
    public long streamRead() {
        try (var rows =
                db.stream(
                        "SELECT id, subject, payload FROM sb_bench_read ORDER BY id",
                        r -> r.getLong("id"))) {
            return rows.count();
        }
    }
}
