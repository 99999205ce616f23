package dev.switchboard.benchmarks.database;

import dev.switchboard.core.Clock;
import dev.switchboard.database.DatabaseConfig;
import dev.switchboard.store.StorageBackend;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.file.FileStorage;
import dev.switchboard.store.postgres.PostgresStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * The two durable backends of the storage interface side by side in one run: the segment log (a
 * fresh directory under the temp dir) and the PostgreSQL stream store (the machine's PostgreSQL,
 * {@code -Dbench.pg.url}), both with fsync {@code always} (PostgreSQL: synchronous commit). One
 * operation appends {@link #WINDOW} 128 B messages back to back and waits for the last to be
 * durable, so group commit can batch them; the score is appends per second.
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
public class StoreBackendBenchmark {
    /** Appends per operation. */
    public static final int WINDOW = 1024;

    @Param({"file", "postgres"})
    public String backend;

    @Param({"128"})
    public int size;

    private Path dir;
    private StorageBackend storage;
    private StreamStore store;
    private byte[] payload;

    @Setup(Level.Trial)
    public void open() {
        payload = new byte[size];
        if (backend.equals("file")) {
            try {
                dir = Files.createTempDirectory("store-backend-bench");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            storage = FileStorage.open(dir, Clock.system());
        } else {
            String url =
                    System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/test");
            storage =
                    PostgresStorage.open(
                            DatabaseConfig.builder(url)
                                    .user(System.getProperty("bench.pg.user", "postgres"))
                                    .poolName("store-bench")
                                    .maximumPoolSize(4)
                                    .connectionTimeout(Duration.ofSeconds(10))
                                    .build(),
                            Clock.system());
            storage.delete("BENCH"); // a leftover of an interrupted run
        }
        store = storage.create(StoreConfig.builder("BENCH").build(), new byte[0]);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        storage.delete("BENCH");
        storage.close();
        if (dir != null) {
            FileStorage.deleteTree(dir);
        }
    }

    /** {@link #WINDOW} appends, then wait for the last to be durable. */
    @Benchmark
    @OperationsPerInvocation(WINDOW)
    public long appendWindow() throws InterruptedException {
        CountDownLatch last = new CountDownLatch(1);
        long seq = 0;
        for (int i = 0; i < WINDOW - 1; i++) {
            seq =
                    store.append(
                            "bench.store",
                            new byte[0],
                            payload,
                            StreamStore.ANY_LAST_SEQUENCE,
                            null);
        }
        seq =
                store.append(
                        "bench.store",
                        new byte[0],
                        payload,
                        StreamStore.ANY_LAST_SEQUENCE,
                        (s, e) -> last.countDown());
        last.await();
        return seq;
    }
}
