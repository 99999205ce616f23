package dev.switchboard.bus;

import dev.switchboard.bus.internal.RequestTracker;
import dev.switchboard.bus.internal.TimerQueue;
import dev.switchboard.bus.routing.Match;
import dev.switchboard.bus.routing.QueueGroup;
import dev.switchboard.bus.routing.SubjectRouter;
import dev.switchboard.bus.spi.BusHost;
import dev.switchboard.bus.spi.BusSubscription;
import dev.switchboard.bus.spi.GroupBalancer;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Subjects;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-process {@link MessageBus}: subjects routed by a {@link SubjectRouter}, one bounded buffer
 * and serial drain loop per subscription, request/reply through private inboxes.
 *
 * <p>Design note. {@link #publish} matches the subject (lock-free, cached) and offers the message
 * to each plain subscriber and to one member per queue group; a member that is closing refuses and
 * the next one is picked, so draining a member loses nothing. Time (request deadlines, retry
 * backoffs, BLOCK timeouts, TTLs) is read from the injected {@link Clock}; deadlines sit in a timer
 * queue that {@link #tick()} runs, which a daemon thread of the bus calls every {@link
 * Builder#tickInterval tick interval}. Tests with a {@code ManualClock} either let that thread
 * notice the advanced clock or disable it ({@code tickInterval(Duration.ZERO)}) and call {@link
 * #tick()} themselves.
 *
 * <p>Threads: handlers run as {@link DeliveryMode} says; reply futures complete on the replying
 * thread, timeouts and retries after a backoff on the timer thread. Thread-safe.
 */
public final class InProcessBus implements MessageBus {
    private static final AtomicInteger BUS_IDS = new AtomicInteger();

    private final Clock clock;
    private final SubjectRouter<BusSubscription> router = new SubjectRouter<>();
    private final GroupBalancer balancer = new GroupBalancer();
    private final TimerQueue timer = new TimerQueue();
    private final RequestTracker requests;
    private final Executor defaultExecutor;
    private final ExecutorService ownedExecutor;
    private final ScheduledExecutorService ticker;
    private final Set<BusSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicLong subscriptionIds = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong timerErrors = new AtomicLong();
    private final Host host = new Host();

    private InProcessBus(Builder b) {
        this.clock = b.clock;
        int busId = BUS_IDS.incrementAndGet();
        this.requests = new RequestTracker(Integer.toString(busId), clock, timer);
        if (b.defaultExecutor != null) {
            this.defaultExecutor = b.defaultExecutor;
            this.ownedExecutor = null;
        } else {
            this.ownedExecutor =
                    Executors.newThreadPerTaskExecutor(
                            Thread.ofVirtual().name("switchboard-bus-" + busId + "-", 0).factory());
            this.defaultExecutor = ownedExecutor;
        }
        if (b.tickInterval.isZero()) {
            this.ticker = null;
        } else {
            this.ticker =
                    Executors.newSingleThreadScheduledExecutor(
                            r ->
                                    Thread.ofPlatform()
                                            .name("switchboard-bus-" + busId + "-timer")
                                            .daemon(true)
                                            .unstarted(r));
            long nanos = b.tickInterval.toNanos();
            ticker.scheduleAtFixedRate(this::tickQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * @return a builder: system clock, virtual-thread default executor, 10 ms ticks
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a bus with the defaults
     */
    public static InProcessBus create() {
        return builder().build();
    }

    @Override
    public PublishResult publish(Message message, String replyTo) {
        Objects.requireNonNull(message, "message");
        ensureOpen("publish");
        if (replyTo != null) {
            Subjects.requireValidSubject(replyTo);
        }
        String subject = message.subject();
        int inbox = requests.deliver(subject, message) ? 1 : 0;
        Match<BusSubscription> match = router.match(subject);
        if (match.isEmpty()) {
            return inbox == 0 ? PublishResult.NO_INTEREST : new PublishResult(1, 1, 0);
        }
        int matched = inbox + match.deliveries();
        int delivered = inbox;
        int dropped = 0;
        for (BusSubscription s : match.targets()) {
            switch (s.offer(message, replyTo)) {
                case ACCEPTED -> delivered++;
                case DROPPED -> dropped++;
                case CLOSED -> matched--; // unsubscribed since the match: it no longer counts
            }
        }
        for (QueueGroup<BusSubscription> g : match.groups()) {
            switch (offerToGroup(g, message, replyTo)) {
                case ACCEPTED -> delivered++;
                case DROPPED -> dropped++;
                case CLOSED -> matched--;
            }
        }
        return new PublishResult(matched, delivered, dropped);
    }

    private BusSubscription.Offer offerToGroup(
            QueueGroup<BusSubscription> group, Message message, String replyTo) {
        Set<BusSubscription> refused = null;
        while (true) {
            BusSubscription member = balancer.pick(group, message, refused);
            if (member == null) {
                return BusSubscription.Offer.CLOSED;
            }
            BusSubscription.Offer offer = member.offer(message, replyTo);
            if (offer != BusSubscription.Offer.CLOSED) {
                return offer;
            }
            if (refused == null) {
                refused = new HashSet<>();
            }
            refused.add(member);
        }
    }

    @Override
    public Subscription subscribe(
            String pattern, MessageHandler handler, SubscriptionOptions options) {
        Subjects.requireValidPattern(pattern);
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(options, "options");
        ensureOpen("subscribe");
        Executor executor =
                switch (options.deliveryMode()) {
                    case CALLER -> null;
                    case EXECUTOR -> options.executor().orElse(defaultExecutor);
                    case VIRTUAL_THREAD ->
                            r -> Thread.ofVirtual().name("switchboard-sub-" + pattern).start(r);
                };
        BusSubscription sub =
                new BusSubscription(
                        subscriptionIds.incrementAndGet(),
                        pattern,
                        options,
                        handler,
                        executor,
                        host);
        String group = options.queueGroup().orElse(null);
        if (group != null) {
            balancer.join(group, options);
        }
        subscriptions.add(sub);
        router.add(pattern, group, sub);
        return sub;
    }

    @Override
    public CompletableFuture<Message> request(Message request, Duration timeout) {
        requirePositive("timeout", timeout);
        ensureOpen("request");
        String inbox = requests.newInbox();
        CompletableFuture<Message> reply = requests.awaitOne(inbox, request.subject(), timeout);
        send(request, inbox);
        return reply;
    }

    @Override
    public CompletableFuture<List<Message>> requestAll(
            Message request, int maxReplies, Duration deadline) {
        if (maxReplies < 1) {
            throw new IllegalArgumentException("maxReplies must be >= 1, got " + maxReplies);
        }
        requirePositive("deadline", deadline);
        ensureOpen("request");
        String inbox = requests.newInbox();
        CompletableFuture<List<Message>> replies = requests.awaitAll(inbox, maxReplies, deadline);
        send(request, inbox);
        return replies;
    }

    /** Publishes a request whose inbox is registered already, so even an inline reply is seen. */
    private void send(Message request, String inbox) {
        PublishResult result = publish(request, inbox);
        if (!result.hasInterest()) {
            requests.fail(inbox, new NoRespondersException(request.subject()));
        }
    }

    /**
     * Runs the timer: fails requests past their timeout, completes scatter-gathers past their
     * deadline, resumes subscriptions whose retry backoff has passed. Called every tick interval by
     * the bus's timer thread; call it yourself when the interval is zero. Retries of CALLER
     * subscriptions run on the calling thread.
     *
     * @return how many timed actions ran
     */
    public int tick() {
        return timer.runDue(clock.nanoTime());
    }

    /** The timer thread's tick: an exception must not cancel the periodic task. */
    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            timerErrors.incrementAndGet();
        }
    }

    /**
     * @return how many timed actions threw on the timer thread (each is otherwise ignored)
     */
    public long timerErrors() {
        return timerErrors.get();
    }

    /**
     * @return the clock the bus reads
     */
    public Clock clock() {
        return clock;
    }

    /**
     * @return how many requests wait for replies
     */
    public int pendingRequests() {
        return requests.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (BusSubscription s : List.copyOf(subscriptions)) {
            s.unsubscribe();
        }
        requests.failAll(new BusClosedException("wait for a reply"));
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    private void ensureOpen(String operation) {
        if (closed.get()) {
            throw new BusClosedException(operation);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** The bus as its subscriptions see it. */
    private final class Host implements BusHost {
        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public PublishResult publish(Message message, String replyTo) {
            if (closed.get()) {
                return PublishResult.NO_INTEREST; // a reply or dead letter racing with close
            }
            return InProcessBus.this.publish(message, replyTo);
        }

        @Override
        public void schedule(long dueNanos, Runnable action) {
            timer.schedule(dueNanos, action);
        }

        @Override
        public void detach(BusSubscription s) {
            String group = s.options().queueGroup().orElse(null);
            router.remove(s.pattern(), group, s);
            if (group != null) {
                balancer.leave(group);
            }
            subscriptions.remove(s);
        }
    }

    /** Builds an {@link InProcessBus}. Setters validate at once. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.system();
        private Executor defaultExecutor;
        private Duration tickInterval = Duration.ofMillis(10);

        private Builder() {}

        /**
         * @param clock the time source for timeouts, backoffs and TTLs; default the system clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param executor runs handlers of {@link DeliveryMode#EXECUTOR} subscriptions that name no
         *     executor; not shut down by the bus. Default: a virtual thread per drain run, owned by
         *     the bus
         * @return this builder
         */
        public Builder defaultExecutor(Executor executor) {
            this.defaultExecutor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /**
         * @param interval how often the timer thread checks deadlines (the resolution of request
         *     timeouts and retry backoffs); {@link Duration#ZERO} for no timer thread, in which
         *     case the owner must call {@link InProcessBus#tick()}. Default 10 ms
         * @return this builder
         */
        public Builder tickInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("tick interval must not be negative");
            }
            this.tickInterval = interval;
            return this;
        }

        /**
         * @return the bus, running
         */
        public InProcessBus build() {
            return new InProcessBus(this);
        }
    }
}
