package dev.switchboard.benchmarks.bus;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import dev.switchboard.bus.InProcessBus;
import dev.switchboard.bus.OverflowPolicy;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The in-process bus: publish → deliver 1→1 on the publishing thread and across threads, fan-out to
 * 10 subscribers, request/reply round trips; and LMAX Disruptor 1P1C in the same run as the
 * physical reference for a cross-thread hand-off. One pre-built message is published repeatedly
 * (building messages is measured by MessageCreationBenchmark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class BusBenchmark {
    static final int BATCH = 10_000;

    private final Message message =
            Message.builder("bench.subject").body(Container.builder().put("n", 1).build()).build();
    private final Message urgent =
            Message.builder("bench.subject")
                    .priority(Priority.HIGH)
                    .body(Container.builder().put("n", 1).build())
                    .build();
    private final Message request =
            Message.builder("bench.service").body(Container.builder().put("n", 1).build()).build();

    private InProcessBus sameThreadBus;
    private InProcessBus crossThreadBus;
    private InProcessBus twoLevelBus;
    private ExecutorService twoLevelThread;
    private final PaddedCounter twoLevelDelivered = new PaddedCounter();
    private InProcessBus fanOutBus;
    private InProcessBus requestBus;
    private ExecutorService consumerThread;
    private final PaddedCounter crossThreadDelivered = new PaddedCounter();
    private long sameThreadDelivered;
    private long fanOutDelivered;

    /**
     * The Disruptor lives in its own state so that its busy-spinning consumer thread only exists
     * while its own benchmark runs (on 2 cores it would otherwise steal one from the others).
     */
    @State(Scope.Benchmark)
    public static class DisruptorState {
        Disruptor<long[]> disruptor;
        RingBuffer<long[]> ring;
        final PaddedCounter consumed = new PaddedCounter();

        /** Starts the ring and its consumer. */
        @Setup(Level.Trial)
        public void start() {
            disruptor =
                    new Disruptor<>(
                            () -> new long[1],
                            65_536,
                            DaemonThreadFactory.INSTANCE,
                            ProducerType.SINGLE,
                            new BusySpinWaitStrategy());
            disruptor.handleEventsWith((event, sequence, endOfBatch) -> consumed.set(sequence + 1));
            ring = disruptor.start();
        }

        /** Stops the consumer. */
        @TearDown(Level.Trial)
        public void stop() {
            disruptor.halt();
        }
    }

    /** Builds the buses and the Disruptor. */
    @Setup(Level.Trial)
    public void setUp() {
        sameThreadBus = InProcessBus.builder().tickInterval(Duration.ZERO).build();
        sameThreadBus.subscribe(
                "bench.>",
                d -> sameThreadDelivered++,
                SubscriptionOptions.builder().callerThread().build());

        consumerThread = Executors.newSingleThreadExecutor();
        crossThreadBus = crossThreadBus(consumerThread, crossThreadDelivered);
        twoLevelThread = Executors.newSingleThreadExecutor();
        twoLevelBus = crossThreadBus(twoLevelThread, twoLevelDelivered);

        fanOutBus = InProcessBus.builder().tickInterval(Duration.ZERO).build();
        for (int i = 0; i < 10; i++) {
            fanOutBus.subscribe(
                    "bench.*",
                    d -> fanOutDelivered++,
                    SubscriptionOptions.builder().callerThread().build());
        }

        requestBus = InProcessBus.builder().build();
        requestBus.subscribe(
                "bench.service",
                d -> d.reply(Message.builder("bench.reply").build()),
                SubscriptionOptions.builder().callerThread().build());
    }

    /** A bus whose one subscriber counts deliveries on {@code consumer}, blocking when full. */
    private static InProcessBus crossThreadBus(ExecutorService consumer, PaddedCounter delivered) {
        InProcessBus bus = InProcessBus.builder().tickInterval(Duration.ZERO).build();
        bus.subscribe(
                "bench.>",
                d -> delivered.increment(),
                SubscriptionOptions.builder()
                        .executor(consumer)
                        .capacity(65_536)
                        .overflow(OverflowPolicy.BLOCK)
                        .block(Duration.ofSeconds(30))
                        .build());
        return bus;
    }

    /** Stops threads. */
    @TearDown(Level.Trial)
    public void tearDown() {
        sameThreadBus.close();
        crossThreadBus.close();
        twoLevelBus.close();
        twoLevelThread.shutdownNow();
        fanOutBus.close();
        requestBus.close();
        consumerThread.shutdownNow();
    }

    /**
     * @return deliveries so far
     */
    @Benchmark
    public long publishSameThread() {
        sameThreadBus.publish(message);
        return sameThreadDelivered;
    }

    /**
     * Publishes a batch to a subscriber on another thread and waits until it has all arrived.
     *
     * @return deliveries so far
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishCrossThread() {
        long target = crossThreadDelivered.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            crossThreadBus.publish(message);
        }
        while (crossThreadDelivered.get() < target) {
            Thread.onSpinWait();
        }
        return target;
    }

    /**
     * As {@link #publishCrossThread}, every eighth message at a higher priority, so the
     * subscription keeps two priority queues and each take looks at both.
     *
     * @return deliveries so far
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publishCrossThreadTwoPriorities() {
        long target = twoLevelDelivered.get() + BATCH;
        for (int i = 0; i < BATCH; i++) {
            twoLevelBus.publish((i & 7) == 0 ? urgent : message);
        }
        while (twoLevelDelivered.get() < target) {
            Thread.onSpinWait();
        }
        return target;
    }

    /**
     * One publish delivered to 10 subscribers on the publishing thread: 10 deliveries per op.
     *
     * @return deliveries so far
     */
    @Benchmark
    @OperationsPerInvocation(10)
    public long fanOutTo10() {
        fanOutBus.publish(message);
        return fanOutDelivered;
    }

    /**
     * @return the reply
     */
    @Benchmark
    public Message requestReply() {
        return requestBus.request(request, Duration.ofSeconds(5)).join();
    }

    /**
     * The physical reference: a batch through a Disruptor ring to its consumer thread.
     *
     * @param d the ring
     * @return events consumed so far
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long disruptor1P1C(DisruptorState d) {
        RingBuffer<long[]> ring = d.ring;
        long last = 0;
        for (int i = 0; i < BATCH; i++) {
            long seq = ring.next();
            ring.get(seq)[0] = i;
            ring.publish(seq);
            last = seq;
        }
        while (d.consumed.get() <= last) {
            Thread.onSpinWait();
        }
        return last;
    }
}
