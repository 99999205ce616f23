package dev.switchboard.broker.internal.stream;

import dev.switchboard.core.Clock;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerConfig.AckPolicy;
import dev.switchboard.store.StoreState;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.StreamStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The delivery state machine of one durable consumer: where it is in the stream, which deliveries
 * are outstanding, when each lease runs out, when a failed message is due again, and when a message
 * is given up on. It decides; its owner ({@link StreamRuntime}) sends, saves and schedules.
 *
 * <p>Design note. A message the consumer has delivered and not yet had acknowledged is
 * <em>pending</em>: either <em>leased</em> (out with a client until its ack-wait deadline) or
 * <em>waiting</em> (failed, due for redelivery at a backoff deadline). Deadlines live in one
 * priority queue of timers invalidated lazily by a per-entry version. {@code ready} holds pending
 * messages whose redelivery is due; they go out before new messages, lowest sequence first. New
 * messages come from the store at {@code nextSeq}, bounded by {@code max_ack_pending}. The ack
 * floor is the highest sequence below which nothing is pending.
 *
 * <p>Time is the injected {@link Clock}'s monotonic {@code nanoTime}, so tests drive leases and
 * backoff with a manual clock. Not thread-safe: the stream's thread owns it.
 */
final class ConsumerEngine {
    /** Where given-up messages go. */
    interface DeadLetters {
        /**
         * @param message the message
         * @param deliveries how many times it was delivered
         * @param reason {@code max_deliveries} or {@code terminated ...}
         */
        void deadLetter(StoredMessage message, long deliveries, String reason);
    }

    /** The result of an acknowledgement. */
    enum AckOutcome {
        /** Applied. */
        OK,
        /** The message was not outstanding. */
        NOT_PENDING
    }

    static final class Pending {
        long deliveries;
        long consumerSeq;
        boolean leased;
        long dueNanos;
        int version;
    }

    private record Timer(long dueNanos, long seq, int version) {}

    final String stream;
    ConsumerConfig config;
    final Instant created;
    private final StreamStore store;
    private final Clock clock;
    private final Random random;
    private final DeadLetters deadLetters;
    private java.util.function.Predicate<String> filter; // null: every subject

    long nextSeq;
    long consumerSeq;
    long ackFloor;
    long deadLettered;
    final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final TreeSet<Long> ready = new TreeSet<>();
    private final TreeSet<Long> initial = new TreeSet<>(); // last_per_subject start set
    private static final int READ_AHEAD = 256;

    /** The longest NAK delay honoured (a week): bigger ones would overflow nanosecond deadlines. */
    static final long MAX_DELAY_MS = 7L * 24 * 3600 * 1000;

    private final java.util.ArrayDeque<StoredMessage> ahead = new java.util.ArrayDeque<>();
    private static final long READ_AHEAD_BYTES = 1L << 20;
    private long aheadBytes;
    private int aheadCount;
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));

    ConsumerEngine(
            String stream,
            ConsumerConfig config,
            Instant created,
            StreamStore store,
            Clock clock,
            Random random,
            DeadLetters deadLetters) {
        this.stream = stream;
        this.config = config;
        this.created = created;
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.deadLetters = deadLetters;
        this.filter = filterOf(config.filterSubject());
    }

    /**
     * Applies an updated definition (fields that do not move the position).
     *
     * @param next the new definition
     */
    void reconfigure(ConsumerConfig next) {
        this.config = next;
        this.filter = filterOf(next.filterSubject());
        ahead.clear();
    }

    private static java.util.function.Predicate<String> filterOf(String pattern) {
        return pattern == null ? null : subject -> Subjects.matches(pattern, subject);
    }

    /** Positions a new consumer by its deliver policy. */
    void positionNew() {
        StoreState s = store.state();
        switch (config.deliverPolicy()) {
            case ALL -> nextSeq = s.firstSequence();
            case NEW -> nextSeq = s.lastSequence() + 1;
            case LAST -> {
                long[] last = store.lastSequencesBySubject(filter);
                nextSeq = last.length == 0 ? s.lastSequence() + 1 : last[last.length - 1];
            }
            case LAST_PER_SUBJECT -> {
                for (long seq : store.lastSequencesBySubject(filter)) {
                    initial.add(seq);
                }
                nextSeq = s.lastSequence() + 1;
            }
            case BY_START_SEQUENCE -> nextSeq = Math.max(1, config.optStartSeq());
            case BY_START_TIME -> {
                Instant t = Instant.parse(config.optStartTime());
                long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                nextSeq = store.sequenceAtOrAfter(nanos);
            }
        }
        nextSeq = Math.max(1, nextSeq);
        ackFloor = nextSeq - 1;
    }

    /**
     * Decides the next delivery: a due redelivery first, else the next new message if credit
     * allows.
     *
     * @param durableSeq deliver no message above this sequence (not yet durable)
     * @return the delivery, or {@code null} if there is none now
     */
    Delivery next(long durableSeq) {
        // The clock is read only to start a lease: with ack policy none (a replay) never.
        while (!ready.isEmpty()) {
            long seq = ready.pollFirst();
            Pending p = pending.get(seq);
            if (p == null || p.leased) {
                continue;
            }
            StoredMessage m = store.get(seq);
            if (m == null) {
                pending.remove(seq); // expired or removed meanwhile
                advanceFloor();
                continue;
            }
            p.deliveries++;
            p.consumerSeq = ++consumerSeq;
            lease(seq, p, clock.nanoTime());
            return new Delivery(m, p.deliveries, p.consumerSeq, pendingAfter(durableSeq));
        }
        boolean acks = config.ackPolicy() != AckPolicy.NONE;
        if (acks && pending.size() >= config.maxAckPending()) {
            return null;
        }
        StoredMessage m = null;
        while (!initial.isEmpty() && m == null) {
            long seq = initial.first();
            if (seq > durableSeq) {
                return null;
            }
            initial.pollFirst();
            m = store.get(seq);
        }
        if (m == null) {
            m = readAhead(durableSeq);
            if (m == null) {
                return null;
            }
            nextSeq = m.sequence() + 1;
        }
        consumerSeq++;
        if (acks) {
            Pending p = new Pending();
            p.deliveries = 1;
            p.consumerSeq = consumerSeq;
            pending.put(m.sequence(), p);
            lease(m.sequence(), p, clock.nanoTime());
        } else {
            advanceFloor();
        }
        return new Delivery(m, 1, consumerSeq, pendingAfter(durableSeq));
    }

    /**
     * The next new message, from a batch read ahead in one scan (one read of the store per batch,
     * not per message). Messages read but not yet durable wait in the batch.
     */
    private StoredMessage readAhead(long durableSeq) {
        if (ahead.isEmpty()) {
            // About READ_AHEAD_BYTES per batch, judged by the last batch's average message size.
            int n =
                    aheadCount == 0
                            ? 16
                            : (int)
                                    Math.max(
                                            1,
                                            Math.min(
                                                    READ_AHEAD,
                                                    READ_AHEAD_BYTES
                                                            / Math.max(
                                                                    1, aheadBytes / aheadCount)));
            aheadBytes = 0;
            aheadCount = 0;
            store.scan(
                    nextSeq,
                    n,
                    filter,
                    m -> {
                        ahead.add(m);
                        aheadBytes += m.payload().length + m.headers().length + 64L;
                        aheadCount++;
                    });
        }
        StoredMessage m = ahead.peekFirst();
        if (m == null || m.sequence() > durableSeq) {
            return null;
        }
        return ahead.pollFirst();
    }

    /** For tests: deadlines queued, live or stale. */
    int timerCount() {
        return timers.size();
    }

    /** Drops what was read ahead (messages were purged or removed meanwhile). */
    void forgetReadAhead() {
        ahead.clear();
    }

    private void lease(long seq, Pending p, long now) {
        p.leased = true;
        p.dueNanos = now + config.ackWaitMs() * 1_000_000L;
        p.version++;
        addTimer(new Timer(p.dueNanos, seq, p.version));
    }

    /**
     * Adds a deadline. Acks and renewals leave stale timers behind (dropped when they come due);
     * when they outnumber the live ones, the queue is rebuilt from the pending entries so its size
     * stays proportional to what is outstanding, whatever the ack rate or a client's +WIP rate.
     */
    private void addTimer(Timer t) {
        timers.add(t);
        if (timers.size() > 2 * pending.size() + 64) {
            List<Timer> live = new ArrayList<>(pending.size());
            for (Timer x : timers) {
                Pending p = pending.get(x.seq);
                if (p != null && p.version == x.version) {
                    live.add(x);
                }
            }
            timers.clear();
            timers.addAll(live);
        }
    }

    private void waitFor(long seq, Pending p, long delayMs, long now) {
        p.leased = false;
        p.version++;
        if (delayMs <= 0) {
            ready.add(seq);
        } else {
            p.dueNanos = now + Math.min(delayMs, MAX_DELAY_MS) * 1_000_000L;
            addTimer(new Timer(p.dueNanos, seq, p.version));
        }
    }

    /**
     * @param seq the acknowledged stream sequence
     * @return the sequences now acknowledged (several under {@code ack_policy all}), empty if none
     *     was pending
     */
    List<Long> ack(long seq) {
        List<Long> done = new ArrayList<>();
        if (config.ackPolicy() == AckPolicy.ALL) {
            Map<Long, Pending> head = pending.headMap(seq, true);
            done.addAll(head.keySet());
            head.clear();
        } else if (pending.remove(seq) != null) {
            done.add(seq);
        }
        if (!done.isEmpty()) {
            advanceFloor();
        }
        return done;
    }

    /**
     * A negative acknowledgement: redeliver after the delay, or after the backoff if none.
     *
     * @param seq the stream sequence
     * @param delayMs the delay asked for, or -1 for the backoff
     * @return whether it was outstanding
     */
    AckOutcome nak(long seq, long delayMs) {
        Pending p = pending.get(seq);
        if (p == null || !p.leased) {
            return AckOutcome.NOT_PENDING;
        }
        if (exhausted(p)) {
            giveUp(seq, p, "max_deliveries");
        } else {
            waitFor(seq, p, delayMs >= 0 ? delayMs : backoffMs(p.deliveries), clock.nanoTime());
        }
        return AckOutcome.OK;
    }

    /**
     * Work in progress: renews the lease.
     *
     * @param seq the stream sequence
     * @return whether it was outstanding
     */
    AckOutcome inProgress(long seq) {
        Pending p = pending.get(seq);
        if (p == null || !p.leased) {
            return AckOutcome.NOT_PENDING;
        }
        lease(seq, p, clock.nanoTime());
        return AckOutcome.OK;
    }

    /**
     * Terminates a message: never delivered again, dead-lettered.
     *
     * @param seq the stream sequence
     * @param reason the client's reason, possibly empty
     * @return whether it was outstanding
     */
    AckOutcome term(long seq, String reason) {
        Pending p = pending.get(seq);
        if (p == null) {
            return AckOutcome.NOT_PENDING;
        }
        giveUp(seq, p, reason.isEmpty() ? "terminated" : "terminated: " + reason);
        return AckOutcome.OK;
    }

    private boolean exhausted(Pending p) {
        return config.maxDeliver() > 0 && p.deliveries >= config.maxDeliver();
    }

    private void giveUp(long seq, Pending p, String reason) {
        pending.remove(seq);
        p.version++;
        advanceFloor();
        deadLettered++;
        StoredMessage m = store.get(seq);
        if (m != null) {
            deadLetters.deadLetter(m, p.deliveries, reason);
        }
    }

    /**
     * Processes the deadlines that have passed: expired leases (a failed delivery: backoff, or give
     * up after {@code max_deliver}) and due redeliveries.
     *
     * @return whether something became ready to deliver
     */
    boolean tick() {
        long now = clock.nanoTime();
        boolean readied = false;
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) {
            Timer t = timers.poll();
            Pending p = pending.get(t.seq);
            if (p == null || p.version != t.version) {
                continue;
            }
            if (p.leased) {
                if (exhausted(p)) {
                    giveUp(t.seq, p, "max_deliveries");
                    readied = true; // frees credit
                } else {
                    waitFor(t.seq, p, backoffMs(p.deliveries), now);
                    readied |= ready.contains(t.seq);
                }
            } else {
                p.version++;
                ready.add(t.seq);
                readied = true;
            }
        }
        return readied;
    }

    /**
     * @return nanoseconds from now to the next deadline, or -1 if none
     */
    long nanosToNextDeadline() {
        while (!timers.isEmpty()) {
            Timer t = timers.peek();
            Pending p = pending.get(t.seq);
            if (p != null && p.version == t.version) {
                return Math.max(0, t.dueNanos - clock.nanoTime());
            }
            timers.poll();
        }
        return -1;
    }

    private long backoffMs(long deliveries) {
        long base = config.backoffMs(deliveries);
        double jitter = config.backoffJitter();
        if (jitter == 0 || base == 0) {
            return base;
        }
        double spread = (random.nextDouble() * 2 - 1) * jitter;
        return Math.max(0, Math.round(base * (1 + spread)));
    }

    private void advanceFloor() {
        long floor = nextSeq - 1;
        if (!pending.isEmpty()) {
            floor = Math.min(floor, pending.firstKey() - 1);
        }
        if (!initial.isEmpty()) {
            floor = Math.min(floor, initial.first() - 1);
        }
        ackFloor = Math.max(ackFloor, floor);
    }

    /**
     * The pending count a delivery carries: durable messages not yet delivered (an upper bound with
     * a filter). Computed from the durable bound, not the store's state, so a delivery takes no
     * store lock.
     */
    private long pendingAfter(long durableSeq) {
        return Math.max(0, durableSeq - nextSeq + 1) + initial.size();
    }

    /**
     * @return matching messages not yet delivered: an upper bound when a filter is set or messages
     *     were removed
     */
    long numPending() {
        long last = store.state().lastSequence();
        return Math.max(0, last - nextSeq + 1) + initial.size();
    }

    /**
     * @return outstanding messages delivered more than once
     */
    long numRedelivered() {
        long n = 0;
        for (Pending p : pending.values()) {
            if (p.deliveries > 1) {
                n++;
            }
        }
        return n;
    }

    /**
     * Forgets pending entries for messages no longer in the stream (expired, purged).
     *
     * @return how many were dropped
     */
    int dropVanished() {
        ahead.clear();
        int n = 0;
        Iterator<Map.Entry<Long, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Pending> e = it.next();
            if (store.get(e.getKey()) == null) {
                e.getValue().version++;
                it.remove();
                n++;
            }
        }
        if (n > 0) {
            advanceFloor();
        }
        return n;
    }

    /**
     * Restores a saved state: every pending delivery is leased anew from now (its client may still
     * be working on it; if not, it is redelivered when this lease ends).
     *
     * @param state the saved state
     */
    void restore(ConsumerStateCodec.State state) {
        // A machine crash under fsync interval/never can lose the stream's tail while this state
        // survived: never stand past the stream's end, or new messages reusing those sequences
        // would be skipped.
        long end = store.state().lastSequence() + 1;
        nextSeq = Math.min(state.nextSeq(), end);
        consumerSeq = state.consumerSeq();
        ackFloor = Math.min(state.ackFloor(), end - 1);
        deadLettered = state.deadLettered();
        long now = clock.nanoTime();
        for (ConsumerStateCodec.PendingEntry e : state.pending()) {
            if (e.seq() >= end) {
                continue;
            }
            Pending p = new Pending();
            p.deliveries = e.deliveries();
            p.consumerSeq = e.consumerSeq();
            pending.put(e.seq(), p);
            lease(e.seq(), p, now);
        }
        initial.addAll(state.initial());
    }

    /**
     * @return the state to save
     */
    ConsumerStateCodec.State snapshot() {
        List<ConsumerStateCodec.PendingEntry> entries = new ArrayList<>(pending.size());
        for (Map.Entry<Long, Pending> e : pending.entrySet()) {
            entries.add(
                    new ConsumerStateCodec.PendingEntry(
                            e.getKey(), e.getValue().deliveries, e.getValue().consumerSeq));
        }
        return new ConsumerStateCodec.State(
                config,
                created,
                nextSeq,
                consumerSeq,
                ackFloor,
                deadLettered,
                entries,
                List.copyOf(initial));
    }
}
