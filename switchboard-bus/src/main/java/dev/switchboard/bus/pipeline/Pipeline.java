package dev.switchboard.bus.pipeline;

import dev.switchboard.bus.MessageBus;
import dev.switchboard.bus.Subscription;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.core.Clock;
import dev.switchboard.core.container.Container;
import dev.switchboard.core.container.Value;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Subjects;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A chain of message-processing stages (filter, map, enrich, batch, then a consumer or a bus
 * subject), each run by its own worker and fed by its own bounded queue: producer → input queue →
 * stage → queue → stage → … → consumer.
 *
 * <p>Backpressure. {@link #offer(Message)} never blocks: it returns {@code false} when the first
 * queue is full; {@link #offer(Message, Duration)} waits up to a timeout. Between stages a worker
 * <em>blocks</em> on a full downstream queue, so a slow consumer stalls the stages before it and
 * then the producer; nothing is dropped inside the pipeline, and at most {@code stages × (queue
 * capacity + 1)} messages (plus one partial batch) are held. Fed from a bus ({@link #from}), the
 * subscription's handler blocks the same way, so the subscription's own buffer and {@link
 * dev.switchboard.bus.OverflowPolicy} take over when the pipeline is full.
 *
 * <p>Lifecycle: {@link #start()} starts the workers (and the bus subscription); {@link #close()}
 * stops accepting, drains the subscription, lets every queued message through all stages (partial
 * batches are emitted), then stops the workers. {@link #flush()} emits partial batches without
 * stopping.
 *
 * <p>Threads: each stage's function runs on that stage's worker (a virtual thread unless an
 * executor was given), one message at a time, in arrival order. Thread-safe: any thread may offer,
 * flush, read stats or close.
 */
public final class Pipeline implements AutoCloseable {
    private static final AtomicInteger PIPELINE_IDS = new AtomicInteger();

    private final List<Stage> stages;
    private final BlockingQueue<Object> input;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final Duration drainTimeout;
    private final MessageBus sourceBus;
    private final String sourcePattern;
    private final SubscriptionOptions sourceOptions;
    private final CountDownLatch done;
    private final List<StageWorker> workers = new ArrayList<>();
    private final ReentrantReadWriteLock acceptLock = new ReentrantReadWriteLock();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile boolean accepting = true;
    private volatile boolean stopped;
    private volatile Subscription subscription;

    private Pipeline(Builder b, List<Stage> stages) {
        this.stages = List.copyOf(stages);
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            s.init(b.queueCapacity);
            if (i > 0) {
                stages.get(i - 1).next = s;
            }
        }
        this.input = stages.getFirst().input;
        if (b.executor != null) {
            this.executor = b.executor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor =
                    Executors.newThreadPerTaskExecutor(
                            Thread.ofVirtual()
                                    .name(
                                            "switchboard-pipeline-"
                                                    + PIPELINE_IDS.incrementAndGet()
                                                    + "-",
                                            0)
                                    .factory());
            this.executor = ownedExecutor;
        }
        this.drainTimeout = b.drainTimeout;
        this.sourceBus = b.sourceBus;
        this.sourcePattern = b.sourcePattern;
        this.sourceOptions = b.sourceOptions;
        this.done = new CountDownLatch(stages.size());
    }

    /**
     * @return a builder for a pipeline fed by {@link #offer}
     */
    public static Builder builder() {
        return new Builder(null, null, null);
    }

    /**
     * A pipeline also fed by a bus subscription, made at {@link #start()} with {@link
     * SubscriptionOptions#defaults()}.
     *
     * @param bus the bus
     * @param pattern the subject pattern to subscribe to
     * @return a builder
     */
    public static Builder from(MessageBus bus, String pattern) {
        return from(bus, pattern, SubscriptionOptions.defaults());
    }

    /**
     * A pipeline also fed by a bus subscription, made at {@link #start()}.
     *
     * @param bus the bus
     * @param pattern the subject pattern to subscribe to
     * @param options the subscription's options: its buffer and overflow policy apply when the
     *     pipeline is full
     * @return a builder
     */
    public static Builder from(MessageBus bus, String pattern, SubscriptionOptions options) {
        Objects.requireNonNull(bus, "bus");
        Subjects.requireValidPattern(pattern);
        return new Builder(bus, pattern, Objects.requireNonNull(options, "options"));
    }

    /**
     * Starts the stage workers and, for {@link #from} pipelines, subscribes. Idempotent.
     *
     * @throws IllegalStateException if the pipeline is closing
     */
    public void start() {
        if (closing.get()) {
            throw new IllegalStateException("pipeline is closed");
        }
        startWorkers(true);
    }

    private void startWorkers(boolean subscribe) {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        for (Stage s : stages) {
            StageWorker w = new StageWorker(s, done);
            workers.add(w);
            executor.execute(w);
        }
        if (subscribe && sourceBus != null) {
            subscription =
                    sourceBus.subscribe(
                            sourcePattern,
                            d -> {
                                // Waits for room like a stage does, but gives up once stopped.
                                while (!input.offer(d.message(), 10, TimeUnit.MILLISECONDS)) {
                                    if (stopped) {
                                        rejected.incrementAndGet();
                                        return;
                                    }
                                }
                                accepted.incrementAndGet();
                            },
                            sourceOptions);
        }
    }

    /**
     * Offers a message without waiting. Messages offered before {@link #start()} wait in the input
     * queue.
     *
     * @param message the message
     * @return {@code false} if the input queue is full or the pipeline is closing
     */
    public boolean offer(Message message) {
        Objects.requireNonNull(message, "message");
        acceptLock.readLock().lock();
        try {
            return count(accepting && input.offer(message));
        } finally {
            acceptLock.readLock().unlock();
        }
    }

    /**
     * Offers a message, waiting up to {@code timeout} for room. {@link #close()} waits for such an
     * offer to finish.
     *
     * @param message the message
     * @param timeout how long to wait for room
     * @return {@code false} if there was no room in time or the pipeline is closing
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean offer(Message message, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(message, "message");
        acceptLock.readLock().lock();
        try {
            return count(
                    accepting && input.offer(message, timeout.toNanos(), TimeUnit.NANOSECONDS));
        } finally {
            acceptLock.readLock().unlock();
        }
    }

    private boolean count(boolean ok) {
        (ok ? accepted : rejected).incrementAndGet();
        return ok;
    }

    /**
     * Makes batch stages emit their partial batches once every message offered before this call
     * reached them. Blocks while the input queue is full.
     *
     * @throws InterruptedException if interrupted while waiting for room
     * @throws IllegalStateException if the pipeline is closing
     */
    public void flush() throws InterruptedException {
        acceptLock.readLock().lock();
        try {
            if (!accepting) {
                throw new IllegalStateException("pipeline is closed");
            }
            input.put(Signal.FLUSH);
        } finally {
            acceptLock.readLock().unlock();
        }
    }

    /**
     * @return a snapshot of the counters
     */
    public PipelineStats stats() {
        return new PipelineStats(
                accepted.get(), rejected.get(), stages.stream().map(Stage::stats).toList());
    }

    /**
     * Stops accepting, drains (subscription buffer, then every queued message through every stage,
     * partial batches emitted) and stops the workers. Starts the pipeline first if it never was, so
     * messages offered before are not lost. Waits at most the builder's drain timeout; then
     * interrupts the workers and discards what is left.
     *
     * @param timeout how long to wait for the drain
     * @return whether everything drained in time
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (closing.compareAndSet(false, true)) {
            startWorkers(false);
            acceptLock.writeLock().lock();
            try {
                accepting = false;
            } finally {
                acceptLock.writeLock().unlock();
            }
            Subscription s = subscription;
            if (s != null) {
                try {
                    s.drain().get(remaining(deadline), TimeUnit.NANOSECONDS);
                } catch (ExecutionException | TimeoutException e) {
                    s.unsubscribe();
                }
            }
            if (!input.offer(Signal.END, remaining(deadline), TimeUnit.NANOSECONDS)) {
                stopNow();
                return false;
            }
        }
        boolean drained = done.await(remaining(deadline), TimeUnit.NANOSECONDS);
        if (!drained) {
            stopNow();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
        return drained;
    }

    /**
     * Same as {@link #drain(Duration)} with the builder's drain timeout; an interrupt stops the
     * workers at once and keeps the thread's interrupt status. Idempotent.
     */
    @Override
    public void close() {
        try {
            drain(drainTimeout);
        } catch (InterruptedException e) {
            stopNow();
            Thread.currentThread().interrupt();
        }
    }

    private void stopNow() {
        stopped = true;
        Subscription s = subscription;
        if (s != null) {
            s.unsubscribe();
        }
        workers.forEach(StageWorker::interrupt);
        if (ownedExecutor != null) {
            ownedExecutor.shutdownNow();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    /**
     * Builds a {@link Pipeline}: stages in call order, then a terminal ({@link #to(Consumer)},
     * {@link #to(MessageBus, String)}, {@link #route}, or after {@link #batch} {@link
     * BatchBuilder#to}). Stages are named {@code <kind>#<position>} ({@code filter#1}, {@code
     * map#2}, …) unless {@link #named} renames them. Setters validate at once. Not thread-safe.
     */
    public static final class Builder {
        private final MessageBus sourceBus;
        private final String sourcePattern;
        private final SubscriptionOptions sourceOptions;
        private final List<Stage> stages = new ArrayList<>();
        private int queueCapacity = 256;
        private Executor executor;
        private Clock clock = Clock.system();
        private Duration timerResolution = Duration.ofMillis(10);
        private Duration drainTimeout = Duration.ofSeconds(30);

        private Builder(MessageBus sourceBus, String sourcePattern, SubscriptionOptions options) {
            this.sourceBus = sourceBus;
            this.sourcePattern = sourcePattern;
            this.sourceOptions = options;
        }

        /**
         * @param messages the bound of every stage's input queue; at least 1. Default 256
         * @return this builder
         */
        public Builder queueCapacity(int messages) {
            if (messages < 1) {
                throw new IllegalArgumentException("queue capacity must be >= 1, got " + messages);
            }
            this.queueCapacity = messages;
            return this;
        }

        /**
         * @param executor runs the stage workers, one long-running task per stage, so it must run
         *     that many tasks at once; not shut down by the pipeline. Default: a virtual thread per
         *     stage
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param clock the time source for batch deadlines; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param resolution how often an idle batch stage looks at the clock; positive. Default 10
         *     ms
         * @return this builder
         */
        public Builder timerResolution(Duration resolution) {
            this.timerResolution = positive("timer resolution", resolution);
            return this;
        }

        /**
         * @param timeout how long {@link Pipeline#close()} waits for the drain; positive. Default
         *     30 s
         * @return this builder
         */
        public Builder drainTimeout(Duration timeout) {
            this.drainTimeout = positive("drain timeout", timeout);
            return this;
        }

        /**
         * @param predicate keeps the messages it accepts; the rest count as dropped
         * @return this builder
         */
        public Builder filter(Predicate<Message> predicate) {
            return add(new Stages.Filter(Objects.requireNonNull(predicate, "predicate")));
        }

        /**
         * @param function replaces each message; a {@code null} result drops it
         * @return this builder
         */
        public Builder map(Function<Message, Message> function) {
            return add(new Stages.Transform("map", Objects.requireNonNull(function, "function")));
        }

        /**
         * Adds headers computed from each message (replacing headers of the same name).
         *
         * @param headers the headers to add to a message
         * @return this builder
         */
        public Builder enrich(Function<Message, Map<String, String>> headers) {
            Objects.requireNonNull(headers, "headers");
            return add(
                    new Stages.Transform(
                            "enrich", m -> m.toBuilder().headers(headers.apply(m)).build()));
        }

        /**
         * Adds body fields computed from each message (replacing fields of the same key).
         *
         * @param fields the fields to add to a message's body
         * @return this builder
         */
        public Builder enrichBody(Function<Message, Container> fields) {
            Objects.requireNonNull(fields, "fields");
            return add(
                    new Stages.Transform(
                            "enrich",
                            m -> {
                                Container.Builder body = m.body().toBuilder();
                                for (Map.Entry<String, Value> e : fields.apply(m)) {
                                    body.put(e.getKey(), e.getValue());
                                }
                                return m.toBuilder().body(body.build()).build();
                            }));
        }

        /**
         * Renames the stage added last.
         *
         * @param name the name its stats appear under; unique within the pipeline
         * @return this builder
         * @throws IllegalStateException if no stage was added yet
         */
        public Builder named(String name) {
            if (stages.isEmpty()) {
                throw new IllegalStateException("named() follows a stage");
            }
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("stage name must not be blank");
            }
            stages.getLast().name = name;
            return this;
        }

        /**
         * Groups messages into lists, emitted when {@code size} are collected, when the first of a
         * batch is {@code maxWait} old by the clock, on {@link Pipeline#flush()}, or at close.
         *
         * @param size messages per full batch; at least 1
         * @param maxWait the longest a message waits for its batch to fill; positive
         * @return a builder for the batch consumer
         */
        public BatchBuilder batch(int size, Duration maxWait) {
            if (size < 1) {
                throw new IllegalArgumentException("batch size must be >= 1, got " + size);
            }
            positive("batch max wait", maxWait);
            add(new Stages.Batch(size, maxWait.toNanos(), timerResolution.toNanos(), clock));
            return new BatchBuilder(this);
        }

        /**
         * Ends with a consumer.
         *
         * @param consumer called on the last stage's worker, one message at a time; a throw counts
         *     an error
         * @return the pipeline, not yet started
         */
        public Pipeline to(Consumer<Message> consumer) {
            Objects.requireNonNull(consumer, "consumer");
            return build(new Stages.Sink(o -> consumer.accept((Message) o)));
        }

        /**
         * Ends by publishing each message to one subject.
         *
         * @param bus the bus
         * @param subject the subject every message is published to
         * @return the pipeline, not yet started
         */
        public Pipeline to(MessageBus bus, String subject) {
            Subjects.requireValidSubject(subject);
            return route(bus, m -> subject);
        }

        /**
         * Ends by publishing each message to the subject a function picks (the message's subject is
         * replaced). A publish with no delivery counts as dropped; an invalid subject as an error.
         *
         * @param bus the bus
         * @param subjectOf picks the subject for a message
         * @return the pipeline, not yet started
         */
        public Pipeline route(MessageBus bus, Function<Message, String> subjectOf) {
            Objects.requireNonNull(bus, "bus");
            Objects.requireNonNull(subjectOf, "subjectOf");
            return build(new Stages.Route(bus, subjectOf));
        }

        private Builder add(Stage stage) {
            stage.name = stage.kind + "#" + (stages.size() + 1);
            stages.add(stage);
            return this;
        }

        private Pipeline build(Stage terminal) {
            add(terminal);
            Set<String> names = new HashSet<>();
            for (Stage s : stages) {
                if (!names.add(s.name)) {
                    throw new IllegalArgumentException("duplicate stage name '" + s.name + "'");
                }
            }
            return new Pipeline(this, new ArrayList<>(stages));
        }

        private static Duration positive(String what, Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }

    /** The terminal step after {@link Builder#batch}. Not thread-safe. */
    public static final class BatchBuilder {
        private final Builder builder;

        private BatchBuilder(Builder builder) {
            this.builder = builder;
        }

        /**
         * Renames the batch stage.
         *
         * @param name the name its stats appear under
         * @return this builder
         */
        public BatchBuilder named(String name) {
            builder.named(name);
            return this;
        }

        /**
         * Ends with a consumer of batches. Its stage counts batches, not messages.
         *
         * @param consumer called on the last stage's worker with each batch (unmodifiable, in
         *     arrival order); a throw counts an error
         * @return the pipeline, not yet started
         */
        public Pipeline to(Consumer<List<Message>> consumer) {
            Objects.requireNonNull(consumer, "consumer");
            return builder.build(new Stages.Sink(o -> consumer.accept(asBatch(o))));
        }

        @SuppressWarnings("unchecked")
        private static List<Message> asBatch(Object o) {
            return (List<Message>) o;
        }
    }
}
