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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscription of the in-process bus: a bounded lock-free {@link DeliveryQueue} and a serial
 * drain run.
 *
 * <p>Design note. Publishers {@link #offer} without a lock: reserve a place, add the message, and
 * if the run state is {@code IDLE}, CAS it to {@code RUNNING} and dispatch one drain run (inline
 * for CALLER, else one task on the executor). Only the run takes from the queue, one message at a
 * time, so handler calls never overlap and each publisher's messages keep their order; a
 * higher-priority message is taken next even if lower ones are waiting. When the queue is empty a
 * run that has been taking a stream of messages polls briefly for more (a steady publisher then
 * costs no executor task per burst); then it sets {@code IDLE} and looks once more: a message added
 * before that look is seen by the run, one added after it sees {@code IDLE} and dispatches a new
 * run. A handler failure with retries left parks the message as {@link #retry} in state {@code
 * WAITING}; the bus timer CASes the state back and dispatches, and the parked message goes first,
 * so order holds across retries too. An executor that refuses the run for the moment (a saturated
 * pool, a full scheduler lane) is tried again the same way. Whoever moves the state to {@code
 * RUNNING} owns the run, and with it {@link #retry} and taking from the queue.
 *
 * <p>Closing: {@link #drain()} closes the queue to reservations and completes its future once every
 * reservation made before has been handled or dropped. {@link #unsubscribe()} also sets {@link
 * #closed}: the run drops what it takes, and if no run exists the unsubscribing thread takes the
 * run over to drop what is buffered. A publisher blocked on a full buffer ({@link
 * OverflowPolicy#BLOCK}) waits on {@link #notFull}; the run signals it while {@link #WAITERS} is
 * non-zero, and a signal lost to that unfenced check costs the waiter at most one {@value
 * #BLOCK_POLL_MILLIS} ms poll.
 *
 * <p>Thread-safety: the counters the run writes per message ({@link #FINISHED}, {@link #DELIVERED})
 * and the ones publishers read per message ({@link #STATE}) sit on separate cache lines of {@link
 * #cells}, as do the queue's own publisher and taker counters.
 */
public final class BusSubscription implements Subscription {
    private static final long IDLE = 0;
    private static final long RUNNING = 1;
    private static final long WAITING = 2;

    /** What an offer did. */
    public enum Offer {
        /** Buffered (or handled inline). */
        ACCEPTED,
        /** Refused and counted. */
        DROPPED,
        /** The subscription no longer accepts messages; try another one. */
        CLOSED
    }

    private static final long BLOCK_POLL_MILLIS = 5;
    private static final long BLOCK_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(BLOCK_POLL_MILLIS);

    /**
     * Polls a streaming drain run makes for another message before it goes idle: a publisher that
     * keeps publishing then costs no new executor task (a thread park and unpark) per burst.
     */
    private static final int LINGER_POLLS = 8;

    /**
     * Spin-waits between those polls (64 are about 1.6 µs on the benchmark machine). A run that
     * looked again at once would meet the publisher on the very slot it is writing and pull that
     * cache line across for every message; waiting lets the publisher fill a few lines first, which
     * the run then reads in one sweep (cross-thread 1→1: 4.4-16 M msgs/s polling at once, 19-20 M
     * with this wait, measured in session 10 before the envelope-free queueing that took it to
     * about 30 M).
     */
    private static final int LINGER_GAP_SPINS = 64;

    private static final long REDISPATCH_FIRST_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long REDISPATCH_MAX_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Eviction attempts that spin before they yield; see {@link #evictForRoom()}. */
    private static final int EVICT_SPINS = 64;

    /** Returned by {@link #handle} when the drain run stops for a retry backoff. */
    private static final Envelope PARKED = new Envelope(null, null, 0, -1);

    /** Slots of {@link #cells}, 16 longs (two cache lines) apart. */
    private static final int STATE = 16;

    /** Publishers blocked for room. */
    private static final int WAITERS = 17;

    /** Reservations handled or dropped by the run. */
    private static final int FINISHED = 32;

    private static final int DELIVERED = 33;
    private static final int CELLS = 48;

    private final long id;
    private final String pattern;
    private final SubscriptionOptions options;
    private final MessageHandler handler;
    private final Executor executor;
    private final BusHost host;
    private final Clock clock;

    private final DeliveryQueue queue;
    private final AtomicLongArray cells = new AtomicLongArray(CELLS);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();

    /** Owned by the run (see the design note). */
    private Envelope retry;

    /** The last executor-refusal backoff, 0 after a dispatch that worked; owned by the run. */
    private long redispatchNanos;

    private volatile boolean closed;
    private volatile CompletableFuture<Void> drained;
    private volatile Thread drainer;

    private final AtomicBoolean detached = new AtomicBoolean();
    private final AtomicLong failedAttempts = new AtomicLong();

    /** Per {@link DropReason#ordinal()}: one array rather than a map of counters (heap). */
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);

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
        this.queue =
                new DeliveryQueue(
                        options.capacity(), options.overflowPolicy() == OverflowPolicy.DROP_OLDEST);
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
        return (int) Math.max(0, queue.reserved() - cells.get(FINISHED));
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
        if (queue.isClosed()) {
            return Offer.CLOSED;
        }
        if (message.isExpired(clock)) {
            count(DropReason.EXPIRED);
            return Offer.DROPPED;
        }
        long place = queue.reserve();
        if (place == DeliveryQueue.FULL) {
            place = whenFull(message);
        }
        if (place == DeliveryQueue.CLOSED) {
            return Offer.CLOSED;
        }
        if (place == DeliveryQueue.FULL) {
            return Offer.DROPPED;
        }
        try {
            queue.add(place, message, replyTo);
        } catch (RuntimeException | Error e) {
            queue.abandon(); // out of memory for a level's queue, say: the place is not lost
            completeDrainIfSettled();
            throw e;
        }
        if (cells.get(STATE) == IDLE && cells.compareAndSet(STATE, IDLE, RUNNING)) {
            dispatch();
        }
        return Offer.ACCEPTED;
    }

    /** The overflow policy: a place, or FULL (counted) or CLOSED. */
    private long whenFull(Message message) {
        switch (options.overflowPolicy()) {
            case DROP_NEWEST -> count(DropReason.BUFFER_FULL);
            case DROP_OLDEST -> {
                return evictForRoom();
            }
            case DEAD_LETTER -> {
                count(DropReason.OVERFLOW_DEAD_LETTERED);
                host.publish(
                        DeadLetters.forOverflow(
                                message, options.deadLetterSubject(message.subject())),
                        null);
            }
            case BLOCK -> {
                return awaitRoom();
            }
        }
        return DeliveryQueue.FULL;
    }

    /**
     * Drop-oldest: evicts the oldest buffered message and returns its place (drop-oldest buffers
     * number arrivals themselves, so the value is not used), or a place or CLOSED that came up
     * meanwhile. When nothing can be evicted at this instant, the run is taking it or a publisher
     * has reserved but not yet added; either frees a place or makes one evictable within a few
     * instructions, so this retries, yielding after a while in case that thread is descheduled.
     */
    private long evictForRoom() {
        for (int attempt = 0; ; attempt++) {
            if (queue.isClosed()) {
                return DeliveryQueue.CLOSED; // evicting now would lose a message accepted before
            }
            if (queue.evictOldest() != null) {
                count(DropReason.EVICTED_OLDEST);
                return 0;
            }
            long place = queue.reserve();
            if (place != DeliveryQueue.FULL) {
                return place;
            }
            if (attempt < EVICT_SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Waits for room: a place, or FULL (counted) or CLOSED. */
    private long awaitRoom() {
        if (drainer == Thread.currentThread()) {
            count(DropReason.BLOCK_TIMEOUT); // the handler would wait for itself
            return DeliveryQueue.FULL;
        }
        long deadline = clock.nanoTime() + options.blockTimeout().toNanos();
        cells.incrementAndGet(WAITERS);
        lock.lock();
        try {
            while (true) {
                long place = queue.reserve();
                if (place != DeliveryQueue.FULL) {
                    return place;
                }
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    count(DropReason.BLOCK_TIMEOUT);
                    return DeliveryQueue.FULL;
                }
                // Poll in short steps: the deadline is on the injected clock, which may be manual.
                notFull.awaitNanos(Math.min(remaining, BLOCK_POLL_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            count(DropReason.BLOCK_TIMEOUT);
            return DeliveryQueue.FULL;
        } finally {
            lock.unlock();
            cells.decrementAndGet(WAITERS);
        }
    }

    private void signalRoom() {
        lock.lock();
        try {
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The caller has just moved the state to RUNNING: starts the run. */
    private void dispatch() {
        if (executor == null) {
            drainLoop();
            return;
        }
        try {
            executor.execute(this::drainLoop);
            redispatchNanos = 0;
        } catch (RuntimeException refused) {
            if (refusedForGood(refused)) {
                // The executor is gone: nothing can run the handler any more.
                detach();
                closeForGood();
                drainLoop(); // owns the run: drops what is buffered
            } else {
                redispatchLater();
            }
        }
    }

    /**
     * Whether an executor's refusal is final: a shut-down {@link ExecutorService}, or a plain
     * {@link Executor} that throws {@link RejectedExecutionException} (there is no asking it).
     * Anything else (a saturated pool, a full scheduler lane) is taken as passing.
     */
    private boolean refusedForGood(RuntimeException refused) {
        if (executor instanceof ExecutorService service) {
            return service.isShutdown();
        }
        return refused instanceof RejectedExecutionException;
    }

    /**
     * The run owner, after a passing refusal: keeps the messages buffered and tries the executor
     * again after a backoff (1 ms doubling to 1 s), the state WAITING meanwhile.
     */
    private void redispatchLater() {
        redispatchNanos =
                redispatchNanos == 0
                        ? REDISPATCH_FIRST_NANOS
                        : Math.min(2 * redispatchNanos, REDISPATCH_MAX_NANOS);
        waitThenResume(redispatchNanos);
    }

    /**
     * The run owner: leaves the run WAITING and has the bus timer {@link #resume} it after {@code
     * delayNanos}; if the subscription was closed meanwhile, drops what it holds instead.
     */
    private void waitThenResume(long delayNanos) {
        drainer = null;
        cells.set(STATE, WAITING);
        if (closed) {
            takeOverToDrop(); // unsubscribed meanwhile: nothing will be retried
            return;
        }
        host.schedule(clock.nanoTime() + delayNanos, this::resume);
    }

    /**
     * The serial drain run; exactly one exists while the state is RUNNING (or none while WAITING).
     */
    private void drainLoop() {
        drainer = Thread.currentThread();
        int taken = 0;
        while (true) {
            if (closed) {
                dropBuffered();
            }
            Envelope e = retry;
            if (e != null) {
                retry = null;
            } else {
                e = take(taken > 1);
            }
            if (e == null) {
                if (goIdle()) {
                    return;
                }
                continue;
            }
            taken++;
            if (cells.get(WAITERS) > 0) {
                signalRoom();
            }
            while (e != null) {
                e = handle(e);
                if (e == PARKED) {
                    return; // parked for a retry after a backoff
                }
            }
        }
    }

    /**
     * Drainer: the next message. With {@code linger} (this run has taken more than one message, so
     * messages are streaming) and not on the publisher's thread, waits a little for one; a run that
     * took a single message ends at once, so sparse traffic costs no spinning.
     */
    private Envelope take(boolean linger) {
        Envelope e = queue.poll();
        if (e != null || !linger || executor == null) {
            return e;
        }
        // Polling reads only the next slot, not the publishers' index line they are writing.
        for (int i = 0; i < LINGER_POLLS && e == null && !closed; i++) {
            for (int g = 0; g < LINGER_GAP_SPINS; g++) {
                Thread.onSpinWait();
            }
            e = queue.poll();
        }
        return e;
    }

    /**
     * Drainer, with nothing taken: sets IDLE and looks once more. Returns whether the run ended, or
     * false when it found a message and kept the run.
     */
    private boolean goIdle() {
        drainer = null;
        cells.set(STATE, IDLE);
        completeDrainIfSettled();
        if (queue.isEmpty() || !cells.compareAndSet(STATE, IDLE, RUNNING)) {
            return true; // nothing more, or a publisher dispatched a new run
        }
        drainer = Thread.currentThread();
        return false;
    }

    /** Drainer of a closed subscription: drops and counts the parked message and all buffered. */
    private void dropBuffered() {
        long n = 0;
        if (retry != null) {
            retry = null;
            n++;
        }
        while (queue.poll() != null) {
            n++;
        }
        if (n > 0) {
            dropped.addAndGet(DropReason.UNSUBSCRIBED.ordinal(), n);
            finish(n);
        }
    }

    /** Drainer: n reservations are done with. */
    private void finish(long n) {
        cells.setRelease(FINISHED, cells.getPlain(FINISHED) + n);
    }

    /**
     * Calls the handler once. Returns {@code null} when the message is done with, the next attempt
     * to run at once, or {@link #PARKED} when the run must stop for a backoff.
     */
    private Envelope handle(Envelope e) {
        Message m = e.message();
        if (closed) {
            count(DropReason.UNSUBSCRIBED);
            finish(1);
            return null;
        }
        if (m.isExpired(clock)) {
            count(DropReason.EXPIRED);
            finish(1);
            return null;
        }
        try {
            handler.onMessage(new BusDelivery(host, e));
            cells.setRelease(DELIVERED, cells.getPlain(DELIVERED) + 1);
            finish(1);
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
        retry = next;
        waitThenResume(delayNanos);
        return PARKED;
    }

    private void resume() {
        if (cells.compareAndSet(STATE, WAITING, RUNNING)) {
            dispatch();
        }
    }

    private void giveUp(Envelope e, Throwable failure) {
        count(DropReason.HANDLER_FAILED);
        finish(1);
        Message m = e.message();
        if (!DeadLetters.isDeadLetterSubject(m.subject())) {
            try {
                host.publish(
                        DeadLetters.forFailure(
                                m, options.deadLetterSubject(m.subject()), failure, e.attempt()),
                        null);
            } catch (RuntimeException closing) {
                // The bus refuses publishes while it closes. The message is counted as
                // HANDLER_FAILED either way, and the run must go on (or end) normally.
            }
        }
    }

    /** Completes the drain future if draining and everything reserved has been finished. */
    private void completeDrainIfSettled() {
        CompletableFuture<Void> done = drained;
        if (done != null && cells.get(STATE) == IDLE && queue.reserved() == cells.get(FINISHED)) {
            done.complete(null);
        }
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
        closeForGood();
        takeOverToDrop();
    }

    /** Stops accepting and makes the run drop instead of handle. */
    private void closeForGood() {
        closed = true;
        stopAccepting();
    }

    /** Closes the buffer to publishers and wakes those waiting for room, so they see it closed. */
    private void stopAccepting() {
        queue.close();
        signalRoom();
    }

    /**
     * After {@link #closeForGood()}: if no run exists (IDLE, or WAITING for a retry), takes the run
     * over on this thread so that what is buffered is dropped and counted now; a running run drops
     * it itself.
     */
    private void takeOverToDrop() {
        long s = cells.get(STATE);
        if (s != RUNNING && cells.compareAndSet(STATE, s, RUNNING)) {
            drainLoop();
        }
        completeDrainIfSettled();
    }

    @Override
    public CompletableFuture<Void> drain() {
        stopAccepting();
        CompletableFuture<Void> result = drained;
        if (result == null) {
            lock.lock();
            try {
                if (drained == null) {
                    drained = new CompletableFuture<>();
                }
                result = drained;
            } finally {
                lock.unlock();
            }
        }
        detach();
        completeDrainIfSettled();
        return result;
    }

    private void detach() {
        if (detached.compareAndSet(false, true)) {
            host.detach(this);
        }
    }

    @Override
    public boolean isActive() {
        return !queue.isClosed();
    }

    @Override
    public SubscriptionStats stats() {
        Map<DropReason, Long> snapshot = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            snapshot.put(r, dropped.get(r.ordinal()));
        }
        return new SubscriptionStats(
                cells.get(DELIVERED), snapshot, failedAttempts.get(), outstanding());
    }

    private void count(DropReason reason) {
        dropped.incrementAndGet(reason.ordinal());
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", pattern=" + pattern + "]";
    }
}
