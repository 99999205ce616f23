package dev.switchboard.benchmarks.concurrent;

import dev.switchboard.concurrent.JobScheduler;
import dev.switchboard.concurrent.SchedulerConfig;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Trivial jobs per second through Switchboard's {@link JobScheduler} and, in the same run, through
 * the two JDK pools a user would otherwise pick: a {@link ThreadPoolExecutor} (2 workers, bounded
 * {@link LinkedBlockingQueue}) and a {@link ForkJoinPool} (parallelism 2). All three have two
 * workers, so the scores read as ratios.
 *
 * <p>One operation: a submitting thread hands {@value #BATCH} trivial jobs to the pool and waits
 * (parked, not spinning) until all have run; {@code @OperationsPerInvocation} turns the score into
 * jobs per second. The job decrements a per-thread counter and the last one unparks the submitter,
 * so the harness adds the same small cost to every pool. {@code api=execute} is fire-and-forget
 * ({@code Executor.execute}); {@code api=submit} asks each pool for a future ({@code
 * CompletableFuture}, {@code FutureTask}, {@code ForkJoinTask}). Run with 1, 2 and 4 submitting
 * threads.
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
public class SchedulerBenchmark {
    /** Jobs per operation and submitting thread. */
    public static final int BATCH = 1000;

    static final int WORKERS = 2;

    @Param({"execute", "submit"})
    public String api;

    JobScheduler scheduler;
    ThreadPoolExecutor threadPool;
    ForkJoinPool forkJoin;

    /** Starts the three pools. */
    @Setup(Level.Trial)
    public void setUp() {
        scheduler =
                JobScheduler.create(
                        SchedulerConfig.builder()
                                .workers(WORKERS)
                                .queueCapacity(8192)
                                .daemonThreads(true)
                                .build());
        threadPool =
                new ThreadPoolExecutor(
                        WORKERS,
                        WORKERS,
                        0,
                        TimeUnit.MILLISECONDS,
                        new LinkedBlockingQueue<>(4 * 8192));
        threadPool.prestartAllCoreThreads();
        forkJoin = new ForkJoinPool(WORKERS);
    }

    /** Stops the three pools. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        scheduler.shutdownNow();
        threadPool.shutdownNow();
        forkJoin.shutdownNow();
        scheduler.awaitTermination(Duration.ofSeconds(10));
        threadPool.awaitTermination(10, TimeUnit.SECONDS);
        forkJoin.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** One submitting thread's batch: the job, and the count of jobs still to run. */
    @State(Scope.Thread)
    public static class Batch {
        final AtomicInteger remaining = new AtomicInteger();
        volatile Thread waiter;
        long completed;
        final Runnable job =
                () -> {
                    if (remaining.decrementAndGet() == 0) {
                        LockSupport.unpark(waiter);
                    }
                };

        void begin() {
            waiter = Thread.currentThread();
            remaining.set(BATCH);
        }

        void awaitAll() {
            while (remaining.get() != 0) {
                LockSupport.park(this);
            }
            completed += BATCH;
        }

        /**
         * @return jobs run so far, for the smoke test
         */
        public long completed() {
            return completed;
        }
    }

    void runSwitchboard(Batch b) {
        b.begin();
        Runnable job = b.job;
        JobScheduler s = scheduler;
        if (api.equals("submit")) {
            for (int i = 0; i < BATCH; i++) {
                s.submit(job, Priority.NORMAL);
            }
        } else {
            for (int i = 0; i < BATCH; i++) {
                s.execute(job, Priority.NORMAL);
            }
        }
        b.awaitAll();
    }

    void runThreadPool(Batch b) {
        b.begin();
        Runnable job = b.job;
        ThreadPoolExecutor p = threadPool;
        if (api.equals("submit")) {
            for (int i = 0; i < BATCH; i++) {
                p.submit(job);
            }
        } else {
            for (int i = 0; i < BATCH; i++) {
                p.execute(job);
            }
        }
        b.awaitAll();
    }

    void runForkJoin(Batch b) {
        b.begin();
        Runnable job = b.job;
        ForkJoinPool p = forkJoin;
        if (api.equals("submit")) {
            for (int i = 0; i < BATCH; i++) {
                p.submit(job);
            }
        } else {
            for (int i = 0; i < BATCH; i++) {
                p.execute(job);
            }
        }
        b.awaitAll();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void switchboard_1submitter(Batch b) {
        runSwitchboard(b);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void switchboard_2submitters(Batch b) {
        runSwitchboard(b);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void switchboard_4submitters(Batch b) {
        runSwitchboard(b);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void threadPool_1submitter(Batch b) {
        runThreadPool(b);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void threadPool_2submitters(Batch b) {
        runThreadPool(b);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void threadPool_4submitters(Batch b) {
        runThreadPool(b);
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(BATCH)
    public void forkJoin_1submitter(Batch b) {
        runForkJoin(b);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(BATCH)
    public void forkJoin_2submitters(Batch b) {
        runForkJoin(b);
    }

    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(BATCH)
    public void forkJoin_4submitters(Batch b) {
        runForkJoin(b);
    }
}
