package dev.switchboard.bus.spi;

import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Priority;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jctools.queues.MessagePassingQueue;
import org.jctools.queues.varhandle.MpmcVarHandleArrayQueue;
import org.jctools.queues.varhandle.MpscGrowableVarHandleArrayQueue;

/**
 * A subscription's buffer, lock-free: any number of publishers, one taker at a time (the owning
 * subscription's run state guarantees it). One JCTools queue per {@link Priority} level, made when
 * the level is first used; {@link #poll()} takes from the most urgent non-empty level, so a higher
 * priority overtakes buffered lower ones while each level keeps arrival order.
 *
 * <p>Design note. The capacity is shared by all levels, so a publisher first {@link #reserve()}s a
 * place: a CAS on a count of reservations, checked against a cached limit (taken + capacity) that
 * is refreshed from the taker's count only when it runs out, the way JCTools bounds its own queues.
 * The publisher and the taker therefore each write their own cache line per message and read the
 * other's only once per capacity's worth. A queue never refuses an offer: reservations already
 * bound what it holds. The high bit of the reservation count closes the buffer, atomically with
 * respect to reservations, so nothing can be reserved after {@link #close()} returns.
 *
 * <p>Drop-oldest buffers use multi-consumer queues, because a publisher that finds the buffer full
 * {@link #evictOldest() evicts} a message itself and reuses its reservation. JCTools has those only
 * as fixed arrays (outside its Unsafe-based classes), so such a buffer allocates its capacity for
 * each priority level it receives, when the level is first used. The others use growable
 * single-consumer queues (they double as they fill, up to the capacity, and keep their size),
 * starting at {@value #FIRST_CHUNK} slots (or half the capacity rounded up to a power of two, at
 * least 4, when that is smaller): at 256 a level cost 1.7 KB of heap before it held more than a
 * message or two, at 16 it costs 0.7 KB ({@code BusMemory}, docs/BENCHMARKS.md), and the
 * cross-thread bus benchmark, whose queue grows once to its working size, did not slow down.
 */
final class DeliveryQueue {
    /** {@link #reserve()}: the buffer is full. */
    static final long FULL = -1;

    /** {@link #reserve()}: the buffer is closed. */
    static final long CLOSED = -2;

    private static final long CLOSED_BIT = Long.MIN_VALUE;
    private static final int LEVELS = Priority.values().length;
    private static final int FIRST_CHUNK = 16;

    /** Slots of {@link #counts}, 16 longs (two cache lines) apart. */
    private static final int RESERVED = 16;

    private static final int LIMIT = 17;
    private static final int SEQ = 18;

    /** Reservations whose message could not be added (an add that threw). */
    private static final int ABANDONED = 19;

    private static final int TAKEN = 32;
    private static final int SLOTS = 48;

    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);
    private final AtomicReferenceArray<MessagePassingQueue<Object>> levels =
            new AtomicReferenceArray<>(LEVELS);

    /** Bit i set once level i has a queue; only grows. */
    private final AtomicInteger used = new AtomicInteger();

    private final int capacity;
    private final boolean evictable;

    /**
     * @param capacity the most messages it holds, at least 1
     * @param evictable whether {@link #evictOldest()} will be used
     */
    DeliveryQueue(int capacity, boolean evictable) {
        this.capacity = capacity;
        this.evictable = evictable;
        counts.set(LIMIT, capacity);
    }

    /**
     * Publisher: reserves a place for one message, to be filled with {@link #add}.
     *
     * @return the reservation's number (from 0), {@link #FULL} or {@link #CLOSED}
     */
    long reserve() {
        while (true) {
            long r = counts.get(RESERVED);
            if (r < 0) {
                return CLOSED;
            }
            if (r >= counts.get(LIMIT)) {
                long limit = counts.get(TAKEN) + counts.get(ABANDONED) + capacity;
                if (r >= limit) {
                    return FULL;
                }
                // Racing refreshes may lower it again; that only means an earlier re-read.
                counts.setRelease(LIMIT, limit);
            }
            if (counts.compareAndSet(RESERVED, r, r + 1)) {
                return r;
            }
        }
    }

    /**
     * Publisher: buffers a message in a place it reserved (or took over by eviction). If this
     * throws, the caller must {@link #abandon()} the place.
     *
     * @param reservation what {@link #reserve()} returned
     * @param message the message
     * @param replyTo its reply subject, or {@code null}
     */
    void add(long reservation, Message message, String replyTo) {
        Object item;
        if (evictable) {
            // Arrival numbers that also order messages put in evicted places.
            item = new Envelope(message, replyTo, counts.getAndIncrement(SEQ), 1);
        } else {
            // No envelope to allocate here and pull across to the taker's core: it wraps one.
            item = replyTo == null ? message : new Envelope(message, replyTo, reservation, 1);
        }
        if (!queue(message.priority().code()).offer(item)) {
            throw new IllegalStateException("a reserved place was missing: " + this);
        }
    }

    /** Publisher: gives back a place whose message could not be added. */
    void abandon() {
        counts.incrementAndGet(ABANDONED);
    }

    /**
     * The level's queue, made on first use. The level's bit is set before the queue is published,
     * so a taker that can see a message in it also sees the bit; takers skip a bit whose queue is
     * not published yet.
     */
    private MessagePassingQueue<Object> queue(int level) {
        MessagePassingQueue<Object> q = levels.get(level);
        if (q != null) {
            return q;
        }
        used.getAndUpdate(bits -> bits | (1 << level));
        MessagePassingQueue<Object> made = newQueue();
        return levels.compareAndSet(level, null, made) ? made : levels.get(level);
    }

    private MessagePassingQueue<Object> newQueue() {
        if (evictable) {
            return new MpmcVarHandleArrayQueue<>(Math.max(2, capacity));
        }
        // A power of two at least the capacity (at most 2^30, SubscriptionOptions.MAX_CAPACITY).
        int max = Math.max(8, Integer.highestOneBit(capacity - 1) << 1);
        return new MpscGrowableVarHandleArrayQueue<>(Math.min(FIRST_CHUNK, max / 2), max);
    }

    /**
     * Taker: the most urgent buffered message, oldest first within a level.
     *
     * @return it, or {@code null} if none is visible yet
     */
    Envelope poll() {
        int bits = used.get();
        Envelope e = null;
        if ((bits & (bits - 1)) == 0) {
            if (bits != 0) {
                e = poll(Integer.numberOfTrailingZeros(bits));
            }
        } else {
            for (int level = LEVELS - 1; level >= 0 && e == null; level--) {
                if ((bits & (1 << level)) != 0) {
                    e = poll(level);
                }
            }
        }
        if (e != null) {
            counts.setRelease(TAKEN, counts.getPlain(TAKEN) + 1);
        }
        return e;
    }

    private Envelope poll(int level) {
        MessagePassingQueue<Object> q = levels.get(level);
        Object item = q == null ? null : q.relaxedPoll();
        if (item == null || item instanceof Envelope) {
            return (Envelope) item;
        }
        return new Envelope((Message) item, null, 0, 1);
    }

    /**
     * @return whether nothing is buffered (a message being added may already count as buffered)
     */
    boolean isEmpty() {
        int bits = used.get();
        for (int level = 0; level < LEVELS; level++) {
            if ((bits & (1 << level)) != 0) {
                MessagePassingQueue<Object> q = levels.get(level);
                if (q != null && !q.isEmpty()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Publisher of a drop-oldest buffer that found it full: removes the earliest-added message
     * whatever its priority, leaving its place to the caller's {@link #add}. With messages being
     * taken meanwhile, what is removed may be a little younger than the oldest.
     *
     * @return the removed message, or {@code null} if none could be removed (all of it is being
     *     taken or added at this moment)
     */
    Envelope evictOldest() {
        if (!evictable) {
            throw new IllegalStateException("not a drop-oldest buffer");
        }
        int bits = used.get();
        MessagePassingQueue<Object> oldest = null;
        long oldestSeq = Long.MAX_VALUE;
        for (int level = 0; level < LEVELS; level++) {
            MessagePassingQueue<Object> q = levels.get(level);
            if ((bits & (1 << level)) != 0 && q != null) {
                Envelope head = (Envelope) q.relaxedPeek(); // always one in a drop-oldest queue
                if (head != null && head.seq() < oldestSeq) {
                    oldest = q;
                    oldestSeq = head.seq();
                }
            }
        }
        return oldest == null ? null : (Envelope) oldest.relaxedPoll();
    }

    /** Refuses all further reservations; what is buffered stays to be taken. */
    void close() {
        counts.getAndUpdate(RESERVED, r -> r | CLOSED_BIT);
    }

    /**
     * @return whether {@link #close()} was called
     */
    boolean isClosed() {
        return counts.get(RESERVED) < 0;
    }

    /**
     * @return places reserved so far (buffered, taken, or being added), less those abandoned
     */
    long reserved() {
        return (counts.get(RESERVED) & ~CLOSED_BIT) - counts.get(ABANDONED);
    }

    @Override
    public String toString() {
        return "DeliveryQueue[capacity="
                + capacity
                + ", reserved="
                + reserved()
                + ", taken="
                + counts.get(TAKEN)
                + "]";
    }
}
