package dev.switchboard.benchmarks.store;

import dev.switchboard.core.Clock;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.FsyncPolicy;
import dev.switchboard.store.StoreConfig;
import dev.switchboard.store.StreamStore;
import dev.switchboard.store.file.FileStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The segment log itself ({@link FileStorage}), without the broker or the network: 128 B appends
 * made durable, and the replay read path.
 *
 * <ul>
 *   <li>{@code appendWait*}: each JMH thread appends one message and waits (parked) until its
 *       {@link AppendListener} reports it durable, so with N threads up to N appends share one
 *       fsync: group commit. With {@code fsync=always} one thread measures 1 / (append + fsync).
 *   <li>{@code appendWindow}: one thread appends {@value #WINDOW} messages back to back and waits
 *       for the last (durability is reported in sequence order): what a broker sees from a
 *       pipelining publisher.
 *   <li>{@code scan}: reads slices of {@value #SCAN_BATCH} of the {@code scanMessages} stored
 *       messages with {@link StreamStore#scan}; score in messages per second.
 * </ul>
 *
 * The store lives in a fresh directory under {@code java.io.tmpdir} (the disk the load tool's
 * broker uses), deleted after the trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow"
        })
public class SegmentLogBenchmark {
    /** Appends per {@code appendWindow} operation. */
    public static final int WINDOW = 1024;

    /** Messages per {@code scan} operation. */
    public static final int SCAN_BATCH = 10_000;

    static final String SUBJECT = "bench.store";
    static final byte[] NO_HEADERS = new byte[0];

    @Param({"always", "never"})
    public String fsync;

    @Param({"128"})
    public int size;

    @Param({"500000"})
    public int scanMessages;

    /**
     * The append stream's message limit (-1: none). With a limit, each append past it also queues a
     * purge marker for the oldest message.
     */
    @Param({"-1"})
    public long maxMessages;

    private Path dir;
    private FileStorage storage;
    private StreamStore appendStore;
    private StreamStore scanStore;
    private byte[] payload;
    private long scanFrom = 1;

    /** Opens a fresh storage directory with one stream to append to and one filled to scan. */
    @Setup(Level.Trial)
    public void setUp() {
        try {
            dir = Files.createTempDirectory("segment-log-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (scanMessages < SCAN_BATCH) {
            throw new IllegalArgumentException("scanMessages must be >= " + SCAN_BATCH);
        }
        payload = new byte[size];
        storage = FileStorage.open(dir, Clock.system());
        appendStore =
                storage.create(
                        StoreConfig.builder("APPEND")
                                .fsync(policy(fsync))
                                .maxMessages(maxMessages)
                                .build(),
                        new byte[0]);
        scanStore =
                storage.create(
                        StoreConfig.builder("SCAN").fsync(FsyncPolicy.never()).build(),
                        new byte[0]);
        for (int i = 0; i < scanMessages; i++) {
            scanStore.append(SUBJECT, NO_HEADERS, payload, StreamStore.ANY_LAST_SEQUENCE, null);
        }
        scanStore.sync();
    }

    private static FsyncPolicy policy(String name) {
        return switch (name) {
            case "always" -> FsyncPolicy.always();
            case "never" -> FsyncPolicy.never();
            default -> throw new IllegalArgumentException("fsync must be always or never");
        };
    }

    /** Closes the storage and deletes its directory. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        storage.close();
        FileStorage.deleteTree(dir);
    }

    /** One appending thread's listener: parks the thread until its append is durable. */
    @State(Scope.Thread)
    public static class Waiter implements AppendListener {
        private volatile long durable = -1;
        private volatile Throwable error;
        private Thread thread;

        /** Binds the waiter to the JMH thread running this trial. */
        @Setup(Level.Trial)
        public void bind() {
            thread = Thread.currentThread();
        }

        /** Called on the store's writer thread. */
        @Override
        public void completed(long sequence, Throwable e) {
            if (e != null) {
                error = e;
            }
            durable = sequence;
            LockSupport.unpark(thread);
        }

        long await(long sequence) {
            while (durable < sequence) {
                if (error != null) {
                    throw new IllegalStateException("append failed", error);
                }
                LockSupport.park(this);
            }
            return sequence;
        }
    }

    long appendAndWait(Waiter w) {
        return w.await(
                appendStore.append(SUBJECT, NO_HEADERS, payload, StreamStore.ANY_LAST_SEQUENCE, w));
    }

    /**
     * @param w this thread's waiter
     * @return the durable sequence
     */
    @Benchmark
    @Threads(1)
    public long appendWait1(Waiter w) {
        return appendAndWait(w);
    }

    /**
     * @param w this thread's waiter
     * @return the durable sequence
     */
    @Benchmark
    @Threads(4)
    public long appendWait4(Waiter w) {
        return appendAndWait(w);
    }

    /**
     * @param w this thread's waiter
     * @return the durable sequence
     */
    @Benchmark
    @Threads(32)
    public long appendWait32(Waiter w) {
        return appendAndWait(w);
    }

    /**
     * @param w this thread's waiter (only the last append of the window registers it)
     * @return the last durable sequence
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(WINDOW)
    public long appendWindow(Waiter w) {
        for (int i = 1; i < WINDOW; i++) {
            appendStore.append(SUBJECT, NO_HEADERS, payload, StreamStore.ANY_LAST_SEQUENCE, null);
        }
        return appendAndWait(w);
    }

    /**
     * Reads {@value #SCAN_BATCH} stored messages of the scan stream (the next slice of it, wrapping
     * around), as one pull request does; the score is per message.
     *
     * @return the bytes read
     */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(SCAN_BATCH)
    public long scan() {
        long[] sum = new long[1];
        int n = scanStore.scan(scanFrom, SCAN_BATCH, null, m -> sum[0] += m.payload().length + 1);
        if (n != SCAN_BATCH) {
            throw new IllegalStateException(
                    "scanned " + n + " of " + SCAN_BATCH + " at " + scanFrom);
        }
        scanFrom += SCAN_BATCH;
        if (scanFrom + SCAN_BATCH > scanMessages + 1) {
            scanFrom = 1;
        }
        return sum[0];
    }
}
