package dev.switchboard.client.internal;

import dev.switchboard.bus.DeadLetters;
import dev.switchboard.bus.DropReason;
import dev.switchboard.bus.MessageHandler;
import dev.switchboard.bus.RetryPolicy;
import dev.switchboard.bus.Subscription;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.bus.SubscriptionStats;
import dev.switchboard.client.Msg;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription of the {@link NetworkBus}: a client subscription feeding a bounded buffer with
 * the bus's overflow policies, drained by a serial run that applies the retry policy and
 * dead-letters, as the in-process bus does.
 *
 * <p>Design note. The connection's dispatcher thread {@link #onMsg offers} each decoded message
 * under {@link #lock}; the first offer that finds the subscription {@code IDLE} starts one drain
 * run (inline for {@code CALLER}, else on the executor), which takes messages one at a time until
 * the buffer is empty, so handler calls never overlap and keep arrival order. A failure with
 * retries left parks the message in {@code WAITING}; the connection's clock timer resumes the run
 * after the backoff (on the executor, or a virtual thread for {@code CALLER}: never the I/O
 * thread). The buffer is FIFO (the in-process bus also orders by priority).
 *
 * <p>Draining: the client subscription drains first (UNSUB, a flush so that messages on the way
 * arrive, and their hand-over), then this buffer.
 */
final class NetworkBusSubscription implements Subscription {
    private enum State {
        IDLE,
        RUNNING,
        WAITING
    }

    private record Envelope(Message message, String replyTo, int attempt) {
        Envelope next() {
            return new Envelope(message, replyTo, attempt + 1);
        }
    }

    private static final long BLOCK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration NETWORK_DRAIN_TIMEOUT = Duration.ofMinutes(1);

    private final NetworkBus bus;
    private final String pattern;
    private final SubscriptionOptions options;
    private final MessageHandler handler;
    private final Executor executor;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Envelope> buffer = new ArrayDeque<>();
    private State state = State.IDLE;
    private boolean accepting = true;
    private Envelope retry;
    private CompletableFuture<Void> drained;
    private volatile boolean closed;
    private volatile boolean stopping;
    private volatile Thread drainer;
    private volatile dev.switchboard.client.Subscription network;

    private final AtomicBoolean detached = new AtomicBoolean();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);

    NetworkBusSubscription(
            NetworkBus bus,
            String pattern,
            SubscriptionOptions options,
            MessageHandler handler,
            Executor executor) {
        this.bus = bus;
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.executor = executor;
        this.clock = bus.clock();
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new AtomicLong());
        }
    }

    void attach(dev.switchboard.client.Subscription network) {
        this.network = network;
    }

    SubscriptionOptions options() {
        return options;
    }

    /** The connection's dispatcher thread: a message from the server. */
    void onMsg(Msg msg) {
        Message m;
        try {
            m = msg.message();
        } catch (RuntimeException e) {
            bus.decodeError();
            return;
        }
        offer(m, msg.replyTo());
    }

    private void offer(Message message, String replyTo) {
        boolean dispatch = false;
        boolean deadLetter = false;
        lock.lock();
        try {
            if (!accepting) {
                count(DropReason.UNSUBSCRIBED);
                return;
            }
            if (message.isExpired(clock)) {
                count(DropReason.EXPIRED);
                return;
            }
            if (buffer.size() >= options.capacity()) {
                switch (options.overflowPolicy()) {
                    case DROP_NEWEST -> {
                        count(DropReason.BUFFER_FULL);
                        return;
                    }
                    case DROP_OLDEST -> {
                        buffer.pollFirst();
                        outstanding.decrementAndGet();
                        count(DropReason.EVICTED_OLDEST);
                    }
                    case DEAD_LETTER -> {
                        count(DropReason.OVERFLOW_DEAD_LETTERED);
                        deadLetter = true;
                    }
                    case BLOCK -> {
                        if (!awaitRoom()) {
                            return;
                        }
                    }
                }
            }
            if (!deadLetter) {
                buffer.addLast(new Envelope(message, replyTo, 1));
                outstanding.incrementAndGet();
                if (state == State.IDLE) {
                    state = State.RUNNING;
                    dispatch = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (deadLetter) {
            bus.publishQuietly(
                    DeadLetters.forOverflow(message, options.deadLetterSubject(message.subject())));
        } else if (dispatch) {
            dispatch(false);
        }
    }

    /** Under the lock: waits for room on the bus clock; false if dropped. */
    private boolean awaitRoom() {
        if (drainer == Thread.currentThread()) {
            count(DropReason.BLOCK_TIMEOUT); // CALLER handler: it would wait for itself
            return false;
        }
        long deadline = clock.nanoTime() + options.blockTimeout().toNanos();
        try {
            while (buffer.size() >= options.capacity() && accepting) {
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    count(DropReason.BLOCK_TIMEOUT);
                    return false;
                }
                notFull.awaitNanos(Math.min(remaining, BLOCK_POLL_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(DropReason.BLOCK_TIMEOUT);
            return false;
        }
        if (!accepting) {
            count(DropReason.UNSUBSCRIBED);
            return false;
        }
        return true;
    }

    private void dispatch(boolean resumed) {
        Executor e = executor;
        if (e == null) {
            if (!resumed) {
                drainLoop();
                return;
            }
            e = r -> Thread.ofVirtual().name("switchboard-sub-" + pattern).start(r);
        }
        try {
            e.execute(this::drainLoop);
        } catch (RejectedExecutionException rejected) {
            discard();
        }
    }

    private void drainLoop() {
        drainer = Thread.currentThread();
        while (true) {
            Envelope e;
            CompletableFuture<Void> done = null;
            lock.lock();
            try {
                if (retry != null) {
                    e = retry;
                    retry = null;
                } else {
                    e = buffer.pollFirst();
                }
                if (e == null) {
                    state = State.IDLE;
                    drainer = null;
                    done = drainedNow();
                } else {
                    notFull.signalAll();
                }
            } finally {
                lock.unlock();
            }
            if (e == null) {
                if (done != null) {
                    done.complete(null);
                }
                return;
            }
            if (closed) {
                count(DropReason.UNSUBSCRIBED);
                outstanding.decrementAndGet();
                continue;
            }
            if (!handle(e)) {
                return; // parked for a retry backoff
            }
        }
    }

    /** Calls the handler (and immediate retries); false if the run must stop for a backoff. */
    private boolean handle(Envelope e) {
        while (true) {
            if (e.message().isExpired(clock)) {
                count(DropReason.EXPIRED);
                outstanding.decrementAndGet();
                return true;
            }
            try {
                handler.onMessage(new NetworkDelivery(bus, e.message(), e.replyTo(), e.attempt()));
                delivered.incrementAndGet();
                outstanding.decrementAndGet();
                return true;
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Exception | Error failure) {
                failedAttempts.incrementAndGet();
                RetryPolicy policy = options.retryPolicy();
                if (e.attempt() >= policy.maxAttempts()) {
                    giveUp(e, failure);
                    return true;
                }
                long delay = policy.backoffNanos(e.attempt(), ThreadLocalRandom.current());
                if (delay > 0) {
                    park(e.next(), delay);
                    return false;
                }
                e = e.next();
            }
        }
    }

    private void park(Envelope next, long delayNanos) {
        lock.lock();
        try {
            if (closed) {
                count(DropReason.UNSUBSCRIBED);
                outstanding.decrementAndGet();
                state = State.IDLE;
                drainer = null;
                return;
            }
            retry = next;
            state = State.WAITING;
            drainer = null;
        } finally {
            lock.unlock();
        }
        bus.timer().schedule(delayNanos, this::resume);
    }

    private void resume() {
        lock.lock();
        try {
            if (state != State.WAITING) {
                return;
            }
            state = State.RUNNING;
        } finally {
            lock.unlock();
        }
        dispatch(true);
    }

    private void giveUp(Envelope e, Throwable failure) {
        count(DropReason.HANDLER_FAILED);
        outstanding.decrementAndGet();
        Message m = e.message();
        if (!DeadLetters.isDeadLetterSubject(m.subject())) {
            bus.publishQuietly(
                    DeadLetters.forFailure(
                            m, options.deadLetterSubject(m.subject()), failure, e.attempt()));
        }
    }

    /** Under the lock: the drain future to complete if draining has finished. */
    private CompletableFuture<Void> drainedNow() {
        if (drained != null && state == State.IDLE && buffer.isEmpty() && retry == null) {
            return drained;
        }
        return null;
    }

    @Override
    public String pattern() {
        return pattern;
    }

    @Override
    public Optional<String> queueGroup() {
        return options.queueGroup();
    }

    @Override
    public void unsubscribe() {
        stopping = true;
        dev.switchboard.client.Subscription n = network;
        if (n != null) {
            n.unsubscribe();
        }
        discard();
        detach();
    }

    private void discard() {
        CompletableFuture<Void> done;
        lock.lock();
        try {
            accepting = false;
            closed = true;
            int n = buffer.size() + (retry != null ? 1 : 0);
            buffer.clear();
            retry = null;
            if (state == State.WAITING) {
                state = State.IDLE;
            }
            dropped.get(DropReason.UNSUBSCRIBED).addAndGet(n);
            outstanding.addAndGet(-n);
            notFull.signalAll();
            done = drained;
        } finally {
            lock.unlock();
        }
        if (done != null) {
            done.complete(null);
        }
    }

    @Override
    public CompletableFuture<Void> drain() {
        stopping = true;
        dev.switchboard.client.Subscription n = network;
        CompletableFuture<Void> networkDone =
                n == null
                        ? CompletableFuture.completedFuture(null)
                        : n.drain(NETWORK_DRAIN_TIMEOUT);
        return networkDone.handle((v, e) -> null).thenCompose(v -> drainLocal());
    }

    private CompletableFuture<Void> drainLocal() {
        CompletableFuture<Void> done;
        CompletableFuture<Void> result;
        lock.lock();
        try {
            accepting = false;
            notFull.signalAll();
            if (drained == null) {
                drained = new CompletableFuture<>();
            }
            result = drained;
            done = drainedNow();
        } finally {
            lock.unlock();
        }
        detach();
        if (done != null) {
            done.complete(null);
        }
        return result;
    }

    private void detach() {
        if (detached.compareAndSet(false, true)) {
            bus.detach(this);
        }
    }

    @Override
    public boolean isActive() {
        if (stopping) {
            return false;
        }
        lock.lock();
        try {
            return accepting;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SubscriptionStats stats() {
        Map<DropReason, Long> snapshot = new EnumMap<>(DropReason.class);
        dropped.forEach((r, n) -> snapshot.put(r, n.get()));
        return new SubscriptionStats(
                delivered.get(), snapshot, failedAttempts.get(), outstanding.get());
    }

    private void count(DropReason reason) {
        dropped.get(reason).incrementAndGet();
    }

    @Override
    public String toString() {
        return "NetworkBusSubscription[pattern=" + pattern + "]";
    }
}
