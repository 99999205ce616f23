package dev.switchboard.bus.spi;

import dev.switchboard.bus.DeadLetters;
import dev.switchboard.bus.DropReason;
import dev.switchboard.bus.MessageHandler;
import dev.switchboard.bus.OverflowPolicy;
import dev.switchboard.bus.RetryPolicy;
import dev.switchboard.bus.Subscription;
import dev.switchboard.bus.SubscriptionOptions;
import dev.switchboard.bus.SubscriptionStats;
import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Message;
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
 * One subscription of the in-process bus: a bounded {@link MessageBuffer} and a serial drain loop.
 *
 * <p>Design note. Publishers {@link #offer} under {@link #lock}; the first offer that finds the
 * subscription {@code IDLE} moves it to {@code RUNNING} and dispatches one drain run (inline for
 * CALLER, else one task on the executor). The run takes messages one at a time until the buffer is
 * empty, then goes back to {@code IDLE} under the lock, so at most one run exists and handler calls
 * never overlap: this is what keeps per-publisher order. A handler failure with retries left parks
 * the message as {@link #retry} in state {@code WAITING}; the bus timer resumes the run after the
 * backoff, and the parked message goes first, so order holds across retries too.
 *
 * <p>Thread-safety: everything mutable is guarded by {@link #lock} except the counters (atomic) and
 * {@link #drainer} (volatile, only used to spot a handler publishing to its own full buffer).
 */
public final class BusSubscription implements Subscription {
    private enum State {
        IDLE,
        RUNNING,
        WAITING
    }

    /** What an offer did. */
    public enum Offer {
        /** Buffered (or handled inline). */
        ACCEPTED,
        /** Refused and counted. */
        DROPPED,
        /** The subscription no longer accepts messages; try another one. */
        CLOSED
    }

    private static final long BLOCK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** Returned by {@link #handle} when the drain run stops for a retry backoff. */
    private static final Envelope PARKED = new Envelope(null, null, 0, -1);

    private final long id;
    private final String pattern;
    private final SubscriptionOptions options;
    private final MessageHandler handler;
    private final Executor executor;
    private final BusHost host;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final MessageBuffer buffer = new MessageBuffer();
    private State state = State.IDLE;
    private boolean accepting = true;
    private Envelope retry;
    private volatile boolean closed;

    /** Drainer-thread-only state of the batch being handled. */
    private static final int DRAIN_BATCH = 64;

    private final Envelope[] batch = new Envelope[DRAIN_BATCH];
    private int batchPos;
    private int batchLen;
    private CompletableFuture<Void> drained;
    private volatile Thread drainer;

    private final AtomicBoolean detached = new AtomicBoolean();
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final Map<DropReason, AtomicLong> dropped = new EnumMap<>(DropReason.class);

    /**
     * @param id unique within the bus; the consistent-hash identity
     * @param pattern the pattern
     * @param options the options
     * @param handler the handler
     * @param executor where drain runs go, or {@code null} to run on the publishing thread
     * @param host the bus
     */
    public BusSubscription(
            long id,
            String pattern,
            SubscriptionOptions options,
            MessageHandler handler,
            Executor executor,
            BusHost host) {
        this.id = id;
        this.pattern = pattern;
        this.options = options;
        this.handler = handler;
        this.executor = executor;
        this.host = host;
        this.clock = host.clock();
        for (DropReason r : DropReason.values()) {
            dropped.put(r, new AtomicLong());
        }
    }

    /**
     * @return the bus-unique id
     */
    public long id() {
        return id;
    }

    /**
     * @return messages buffered or in a handler call
     */
    public int outstanding() {
        return outstanding.get();
    }

    /**
     * @return the options it was made with
     */
    public SubscriptionOptions options() {
        return options;
    }

    /**
     * Offers a message. Called by publishing threads; may block under {@link OverflowPolicy#BLOCK}
     * and may run the handler inline for CALLER delivery.
     *
     * @param message the message
     * @param replyTo its reply subject, or {@code null}
     * @return what happened
     */
    public Offer offer(Message message, String replyTo) {
        boolean dispatch = false;
        boolean deadLetter = false;
        lock.lock();
        try {
            if (!accepting) {
                return Offer.CLOSED;
            }
            if (message.isExpired(clock)) {
                count(DropReason.EXPIRED);
                return Offer.DROPPED;
            }
            if (buffer.size() >= options.capacity()) {
                switch (options.overflowPolicy()) {
                    case DROP_NEWEST -> {
                        count(DropReason.BUFFER_FULL);
                        return Offer.DROPPED;
                    }
                    case DROP_OLDEST -> {
                        buffer.removeOldest();
                        outstanding.decrementAndGet();
                        count(DropReason.EVICTED_OLDEST);
                    }
                    case DEAD_LETTER -> {
                        count(DropReason.OVERFLOW_DEAD_LETTERED);
                        deadLetter = true;
                    }
                    case BLOCK -> {
                        Offer waited = awaitRoom();
                        if (waited != Offer.ACCEPTED) {
                            return waited;
                        }
                    }
                }
            }
            if (!deadLetter) {
                buffer.add(message, replyTo);
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
            host.publish(
                    DeadLetters.forOverflow(message, options.deadLetterSubject(message.subject())),
                    null);
            return Offer.DROPPED;
        }
        if (dispatch) {
            dispatch();
        }
        return Offer.ACCEPTED;
    }

    /** Under the lock: waits for room; ACCEPTED means there is room now. */
    private Offer awaitRoom() {
        if (drainer == Thread.currentThread()) {
            count(DropReason.BLOCK_TIMEOUT); // the handler would wait for itself
            return Offer.DROPPED;
        }
        long deadline = clock.nanoTime() + options.blockTimeout().toNanos();
        try {
            while (buffer.size() >= options.capacity() && accepting) {
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    count(DropReason.BLOCK_TIMEOUT);
                    return Offer.DROPPED;
                }
                // Poll in short steps: the deadline is on the injected clock, which may be manual.
                notFull.awaitNanos(Math.min(remaining, BLOCK_POLL_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(DropReason.BLOCK_TIMEOUT);
            return Offer.DROPPED;
        }
        return accepting ? Offer.ACCEPTED : Offer.CLOSED;
    }

    private void dispatch() {
        if (executor == null) {
            drainLoop();
            return;
        }
        try {
            executor.execute(this::drainLoop);
        } catch (RejectedExecutionException e) {
            // The executor is gone (bus closing): nothing can run the handler any more.
            discard();
        }
    }

    /**
     * The serial drain run; exactly one exists while the state is RUNNING. It takes up to {@link
     * #DRAIN_BATCH} messages per lock acquisition, so publishers and the drainer meet on the lock
     * once per batch instead of once per message; a higher-priority message that arrives during a
     * batch is delivered right after it.
     */
    private void drainLoop() {
        drainer = Thread.currentThread();
        while (true) {
            CompletableFuture<Void> done = null;
            int n = 0;
            lock.lock();
            try {
                if (retry != null) {
                    batch[n++] = retry;
                    retry = null;
                }
                Envelope next;
                while (n < DRAIN_BATCH && (next = buffer.poll()) != null) {
                    batch[n++] = next;
                }
                if (n == 0) {
                    state = State.IDLE;
                    drainer = null;
                    done = drainedNow();
                } else {
                    notFull.signalAll();
                }
            } finally {
                lock.unlock();
            }
            if (n == 0) {
                if (done != null) {
                    done.complete(null);
                }
                return;
            }
            batchLen = n;
            for (batchPos = 0; batchPos < batchLen; batchPos++) {
                if (closed) {
                    dropRestOfBatch(batchPos);
                    break;
                }
                Envelope e = batch[batchPos];
                batch[batchPos] = null;
                while (e != null) {
                    e = handle(e);
                    if (e == PARKED) {
                        batchLen = 0;
                        return; // parked for a retry after a backoff; park() requeued the rest
                    }
                }
            }
            batchLen = 0;
        }
    }

    /**
     * Drainer thread: messages of the current batch not yet handled when the subscription closed.
     */
    private void dropRestOfBatch(int from) {
        int n = 0;
        for (int i = from; i < batchLen; i++) {
            if (batch[i] != null) {
                batch[i] = null;
                n++;
            }
        }
        dropped.get(DropReason.UNSUBSCRIBED).addAndGet(n);
        outstanding.addAndGet(-n);
    }

    /** Drainer thread, under the lock: puts the unhandled rest of the batch back, in order. */
    private void requeueRestOfBatch() {
        for (int i = batchLen - 1; i > batchPos; i--) {
            if (batch[i] != null) {
                buffer.addFirst(batch[i]);
                batch[i] = null;
            }
        }
    }

    /**
     * Calls the handler once. Returns {@code null} when the message is done with, the next attempt
     * to run at once, or {@link #PARKED} when the run must stop for a backoff.
     */
    private Envelope handle(Envelope e) {
        Message m = e.message();
        if (m.isExpired(clock)) {
            count(DropReason.EXPIRED);
            outstanding.decrementAndGet();
            return null;
        }
        try {
            handler.onMessage(new BusDelivery(host, e));
            delivered.incrementAndGet();
            outstanding.decrementAndGet();
            return null;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Exception | Error failure) {
            failedAttempts.incrementAndGet();
            RetryPolicy policy = options.retryPolicy();
            if (e.attempt() < policy.maxAttempts()) {
                long delay = policy.backoffNanos(e.attempt(), ThreadLocalRandom.current());
                return delay <= 0 ? e.nextAttempt() : park(e.nextAttempt(), delay);
            }
            giveUp(e, failure);
            return null;
        }
    }

    private Envelope park(Envelope next, long delayNanos) {
        lock.lock();
        try {
            if (!accepting && drained == null) {
                // Unsubscribed meanwhile: nothing will be retried.
                count(DropReason.UNSUBSCRIBED);
                outstanding.decrementAndGet();
                dropRestOfBatch(batchPos + 1);
                state = State.IDLE;
                drainer = null;
                return PARKED;
            }
            requeueRestOfBatch();
            retry = next;
            state = State.WAITING;
            drainer = null;
        } finally {
            lock.unlock();
        }
        host.schedule(clock.nanoTime() + delayNanos, this::resume);
        return PARKED;
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
        dispatch();
    }

    private void giveUp(Envelope e, Throwable failure) {
        count(DropReason.HANDLER_FAILED);
        outstanding.decrementAndGet();
        Message m = e.message();
        if (!DeadLetters.isDeadLetterSubject(m.subject())) {
            host.publish(
                    DeadLetters.forFailure(
                            m, options.deadLetterSubject(m.subject()), failure, e.attempt()),
                    null);
        }
    }

    /** Under the lock: the drain future to complete if draining has finished, else null. */
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
        detach();
        discard();
    }

    private void discard() {
        CompletableFuture<Void> done;
        lock.lock();
        try {
            accepting = false;
            closed = true;
            int n = buffer.clear() + (retry != null ? 1 : 0);
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
            host.detach(this);
        }
    }

    @Override
    public boolean isActive() {
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
        return "Subscription[id=" + id + ", pattern=" + pattern + "]";
    }
}
