package dev.switchboard.broker.internal.stream;

import dev.switchboard.core.Clock;
import dev.switchboard.protocol.AsciiDecimal;
import dev.switchboard.protocol.CoalescingWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.stream.AckKind;
import dev.switchboard.protocol.stream.AckSubject;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.ConsumerConfig;
import dev.switchboard.protocol.stream.ConsumerInfo;
import dev.switchboard.protocol.stream.StreamApiException;
import dev.switchboard.protocol.stream.StreamConfig;
import dev.switchboard.protocol.stream.StreamHeaders;
import dev.switchboard.store.AppendListener;
import dev.switchboard.store.StoreException;
import dev.switchboard.store.StoredMessage;
import dev.switchboard.store.StreamStore;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stream at run time: its definition, its store, its duplicate window and its consumers.
 *
 * <p>Threads. Publishes arrive on event loops: {@link #publish} checks the headers, then appends
 * under the append lock (which also guards the duplicate window); the store reports durability,
 * which sends the publisher's ack and moves {@code durableSeq}: on its writer thread, or on the
 * event loop itself when the store writes there (fsync interval or never with an idle writer), in
 * which case the report may come while the store holds its lock; either way the ack goes out from
 * the reporting thread (see {@link #durable}). Consumers see only durable messages. Everything
 * about consumers (deliveries, acks, timers, pull requests, saving their state) runs on the
 * stream's own thread, {@code sb-stream-<name>}: one writer, no locks. Consumer state is saved at
 * most 100 ms after it changes, and at once when a synchronous ack waits for it.
 */
public final class StreamRuntime {
    private static final Logger log = LoggerFactory.getLogger(StreamRuntime.class);
    private static final long SAVE_DELAY_MS = 100;
    private static final int PUSH_BURST = 1024;

    /** A delivery's frame beyond its ack subject, headers and payload, about (subject included). */
    private static final int DELIVERY_OVERHEAD = 64;

    /**
     * The longest a consumer waits before looking again at a congested connection; the wait starts
     * at 1 ms and doubles while the congestion lasts.
     */
    private static final long MAX_CONGESTION_DELAY_MILLIS = 64;

    /** The longest {@code Sb-Msg-Id}: bounds the duplicate window's memory per id. */
    static final int MAX_MSG_ID = 256;

    /** The most acks and pull requests queued for the stream thread before new ones are refused. */
    static final int MAX_QUEUED_TASKS = 100_000;

    private volatile long refusedTasks; // racy: only decides whether to log

    final String name;
    volatile StreamConfig config;
    final StreamStore store;
    final Instant created;
    private final StreamManager manager;
    private final StreamOutput out;
    private final Clock clock;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final DuplicateWindow duplicates;
    private final byte[] ackPrefix;
    private volatile long durableSeq;
    private final ScheduledThreadPoolExecutor thread;
    private final Map<String, ConsumerHandle> consumers = new LinkedHashMap<>(); // thread only
    private volatile int consumerCount;
    private volatile int pushCount;
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private final java.util.concurrent.ConcurrentLinkedQueue<DuplicateAck> duplicateWaiters =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Random random = new Random();
    private ScheduledFuture<?> wakeup;
    private ScheduledFuture<?> congestionRetry; // stream thread only
    private long wakeupAtNanos;
    private boolean saveScheduled;
    private ScheduledFuture<?> expiry;
    private final AppendListener durableOnly = (seq, error) -> durable(seq, error, null);
    private final AckSubjectWriter ackSubjects; // stream thread only

    StreamRuntime(
            StreamManager manager,
            StreamConfig config,
            Instant created,
            StreamStore store,
            StreamOutput out,
            Clock clock) {
        this.manager = manager;
        this.name = config.name();
        this.config = config;
        this.created = created;
        this.store = store;
        this.out = out;
        this.clock = clock;
        this.duplicates = new DuplicateWindow(config.duplicateWindowMs());
        this.ackSubjects = new AckSubjectWriter(name);
        this.ackPrefix =
                ("{\"stream\":\"" + name + "\",\"seq\":").getBytes(StandardCharsets.US_ASCII);
        this.durableSeq = store.state().lastSequence();
        this.thread =
                new ScheduledThreadPoolExecutor(
                        1,
                        r -> {
                            // A Netty thread, so the buffers it allocates for deliveries come
                            // from the allocator's thread-local pools (a plain thread got
                            // fresh, zeroed direct memory: 5-10% of this thread during replay).
                            Thread t = new FastThreadLocalThread(r, "sb-stream-" + name);
                            t.setDaemon(true);
                            return t;
                        });
        thread.setRemoveOnCancelPolicy(true);
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        rebuildDuplicates();
        scheduleExpiry();
    }

    // --- publishing (event loops) ---------------------------------------------------------------

    /**
     * Stores a publish and, if {@code ackReply} is set, acknowledges it once durable.
     *
     * @param subject the subject
     * @param headers the encoded headers section
     * @param payload the payload
     * @param ackReply where to send the ack, or {@code null}
     */
    public void publish(String subject, byte[] headers, byte[] payload, CharSequence ackReply) {
        String msgId = null;
        long expectedLast = StreamStore.ANY_LAST_SEQUENCE;
        if (headers.length > 0) {
            for (Map.Entry<String, String> h : Headers.decode(headers)) {
                switch (h.getKey()) {
                    case StreamHeaders.MSG_ID -> {
                        msgId = h.getValue();
                        if (msgId.length() > MAX_MSG_ID) {
                            fail(
                                    ackReply,
                                    ApiError.BAD_REQUEST,
                                    StreamHeaders.MSG_ID
                                            + " is "
                                            + msgId.length()
                                            + " characters; the limit is "
                                            + MAX_MSG_ID);
                            return;
                        }
                    }
                    case StreamHeaders.EXPECTED_STREAM -> {
                        if (!h.getValue().equals(name)) {
                            fail(
                                    ackReply,
                                    ApiError.WRONG_STREAM,
                                    "subject '"
                                            + subject
                                            + "' is captured by stream "
                                            + name
                                            + ", not "
                                            + h.getValue());
                            return;
                        }
                    }
                    case StreamHeaders.EXPECTED_LAST_SEQ -> {
                        try {
                            expectedLast = Long.parseLong(h.getValue().trim());
                        } catch (NumberFormatException e) {
                            fail(
                                    ackReply,
                                    ApiError.BAD_REQUEST,
                                    StreamHeaders.EXPECTED_LAST_SEQ
                                            + " must be a number, got '"
                                            + h.getValue()
                                            + "'");
                            return;
                        }
                    }
                    default -> {}
                }
            }
        }
        long seq;
        appendLock.lock();
        try {
            long now = msgId == null ? 0 : epochNanos(); // only the duplicate window reads it
            if (msgId != null) {
                long first = duplicates.find(msgId, now);
                if (first > 0) {
                    if (ackReply != null) {
                        duplicateAck(ackReply, first);
                    }
                    return;
                }
            }
            String id = msgId;
            AppendListener listener =
                    ackReply == null && id == null
                            ? durableOnly
                            : (s, e) -> {
                                // Not stored: a retry must not be a "duplicate", so the id is
                                // forgotten before the failure is answered; on the stream
                                // thread if the append lock is busy (see forgetId).
                                if (e != null
                                        && id != null
                                        && !forgetId(id, s, false)
                                        && onThread(
                                                () -> {
                                                    forgetId(id, s, true);
                                                    durable(s, e, ackReply);
                                                })) {
                                    return;
                                }
                                durable(s, e, ackReply);
                            };
            seq = store.append(subject, headers, payload, expectedLast, listener);
            if (msgId != null) {
                duplicates.put(msgId, seq, now);
            }
        } catch (StoreException e) {
            fail(ackReply, StreamManager.apiError(e), e.getMessage());
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Appends a message written by the broker itself (a dead letter); no ack.
     *
     * @param subject the subject
     * @param headers the headers section
     * @param payload the payload
     */
    void appendInternal(
            String subject, byte[] headers, byte[] payload, AppendListener whenDurable) {
        AppendListener listener =
                whenDurable == null
                        ? durableOnly
                        : (s, e) -> {
                            durable(s, e, null);
                            whenDurable.completed(s, e);
                        };
        appendLock.lock();
        try {
            store.append(subject, headers, payload, StreamStore.ANY_LAST_SEQUENCE, listener);
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Acknowledges a duplicate with its first copy's sequence, but not before that copy is durable
     * (the first publish may still be waiting for its fsync).
     */
    private void duplicateAck(CharSequence reply, long first) {
        DuplicateAck a = new DuplicateAck(reply, first);
        if (first <= durableSeq) {
            sendDuplicateAck(a);
            return;
        }
        duplicateWaiters.add(a);
        if (first <= durableSeq && duplicateWaiters.remove(a)) {
            sendDuplicateAck(a); // became durable meanwhile; whoever removes it answers
        }
    }

    private void releaseDuplicateAcks() {
        if (duplicateWaiters.isEmpty()) {
            return;
        }
        long durable = durableSeq;
        for (DuplicateAck a : duplicateWaiters) {
            if (a.first <= durable && duplicateWaiters.remove(a)) {
                sendDuplicateAck(a);
            }
        }
    }

    private void sendDuplicateAck(DuplicateAck a) {
        out.reply(
                a.reply,
                Headers.EMPTY,
                ApiJson.write(new dev.switchboard.protocol.stream.PubAck(name, a.first, true)));
    }

    /**
     * Forgets a message id whose write failed.
     *
     * @param wait whether to wait for the append lock; the store's writer thread must not (it
     *     reports a failed write while a publisher may hold the lock, waiting in the store for that
     *     writer to make room)
     * @return false if it did not wait and the lock was held
     */
    private boolean forgetId(String id, long seq, boolean wait) {
        if (wait) {
            appendLock.lock();
        } else if (!appendLock.tryLock()) {
            return false;
        }
        try {
            duplicates.forget(id, seq);
        } finally {
            appendLock.unlock();
        }
        return true;
    }

    /**
     * The store reports durability in sequence order on one thread at a time (its writer thread, or
     * an appending event loop under its lock), and the publisher's ack goes out from there: acks of
     * one publisher leave in the order of their sequences, with no hand-off. Acks used to go
     * through the stream thread under load, to keep the writer on its next fsync, when routing a
     * reply cost a router match; with replies routed from the connection's cached inbox route and
     * flushes coalesced, answering on the writer measured 5–10% more async throughput (753–785 K
     * against 701–745 K msgs/s, window 1024, three paired runs) at less CPU per message.
     */
    private void durable(long seq, Throwable error, CharSequence ackReply) {
        if (error != null) {
            if (ackReply != null) {
                fail(ackReply, ApiError.STORAGE_FAILED, "stream " + name + ": " + error);
            }
            return;
        }
        if (seq > durableSeq) {
            durableSeq = seq;
        }
        try {
            if (ackReply != null) {
                sendAck(ackReply, seq); // before a retry's duplicate ack, in the natural order
            }
            releaseDuplicateAcks();
        } catch (RuntimeException | OutOfMemoryError e) {
            // An ack that cannot go out (no direct memory left, a loop shutting down) loses that
            // ack, never the store: on the writer thread this would otherwise fail the stream.
            log.warn("stream {}: acknowledging sequence {} failed", name, seq, e);
        } finally {
            if (consumerCount > 0) {
                requestPump();
            }
        }
    }

    /** A retried publish's ack, waiting for the first copy ({@code first}) to be durable. */
    private record DuplicateAck(CharSequence reply, long first) {}

    private void sendAck(CharSequence reply, long seq) {
        byte[] body = new byte[ackPrefix.length + AsciiDecimal.length(seq) + 1];
        System.arraycopy(ackPrefix, 0, body, 0, ackPrefix.length);
        AsciiDecimal.writeEndingAt(body, body.length - 1, seq); // digits counted above
        body[body.length - 1] = '}';
        out.reply(reply, Headers.EMPTY, body);
    }

    private void fail(CharSequence reply, ApiError error, String description) {
        if (reply != null) {
            out.reply(reply, Headers.EMPTY, ApiJson.error(error.code(), description));
        }
    }

    private long epochNanos() {
        Instant t = clock.instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private void rebuildDuplicates() {
        if (config.duplicateWindowMs() < 0) {
            return;
        }
        long since = epochNanos() - config.duplicateWindowMs() * 1_000_000L;
        long from = store.sequenceAtOrAfter(since);
        byte[] name = StreamHeaders.MSG_ID.getBytes(StandardCharsets.UTF_8);
        store.scan(
                from,
                Integer.MAX_VALUE,
                null,
                m -> {
                    if (m.headers().length > name.length) {
                        for (Map.Entry<String, String> h : Headers.decode(m.headers())) {
                            if (h.getKey().equals(StreamHeaders.MSG_ID)) {
                                duplicates.put(h.getValue(), m.sequence(), m.timestampNanos());
                            }
                        }
                    }
                });
    }

    // --- the stream thread -----------------------------------------------------------------------

    /**
     * Runs a task on the stream's thread and waits for its result.
     *
     * @param task the task
     * @param <T> its result type
     * @return its result
     * @throws StreamApiException what the task threw, or a timeout
     */
    <T> T call(Callable<T> task) {
        Future<T> f;
        try {
            f = thread.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new StreamApiException(ApiError.NO_STREAM, "stream " + name + " is closed");
        }
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new StreamApiException(ApiError.STORAGE_FAILED, String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new StreamApiException(
                    ApiError.STORAGE_FAILED, "stream " + name + " did not answer within 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StreamApiException(ApiError.STORAGE_FAILED, "interrupted");
        }
    }

    private boolean onThread(Runnable task) {
        try {
            thread.execute(
                    () -> {
                        try {
                            task.run();
                            afterWork();
                        } catch (RuntimeException e) {
                            log.error("stream {}: consumer task failed", name, e);
                        }
                    });
            return true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return false; // closed: the stream is being deleted or the broker is stopping
        }
    }

    /**
     * Bounds what clients can queue for the stream thread (acks, pull requests): past {@link
     * #MAX_QUEUED_TASKS} the request is refused with {@code LIMIT_REACHED} instead of growing the
     * queue without bound (an unacknowledged ack is redelivered later; nothing is lost).
     */
    private boolean admitClientTask(String reply) {
        if (thread.getQueue().size() < MAX_QUEUED_TASKS) {
            return true;
        }
        if (refusedTasks++ == 0) {
            log.warn(
                    "stream {}: {} acks and pull requests queued; refusing more with"
                            + " LIMIT_REACHED (logged once)",
                    name,
                    MAX_QUEUED_TASKS);
        }
        fail(
                reply,
                ApiError.LIMIT_REACHED,
                "stream " + name + " is busy (" + MAX_QUEUED_TASKS + " requests queued); retry");
        return false;
    }

    /** Somebody subscribed somewhere: push consumers without interest may now deliver. */
    void interestChanged() {
        if (pushCount > 0) {
            requestPump();
        }
    }

    private void requestPump() {
        if (pumpQueued.compareAndSet(false, true)) {
            onThread(
                    () -> {
                        pumpQueued.set(false);
                        for (ConsumerHandle h : consumers.values()) {
                            pump(h);
                        }
                    });
        }
    }

    /** Restores the saved consumers; on the stream thread. */
    void restoreConsumers() {
        call(
                () -> {
                    for (String c : store.consumers().names()) {
                        byte[] bytes = store.consumers().load(c);
                        if (bytes == null) {
                            continue;
                        }
                        try {
                            ConsumerStateCodec.State s = ConsumerStateCodec.decode(bytes);
                            ConsumerHandle h = newHandle(s.config(), s.created());
                            h.engine.restore(s);
                            consumers.put(c, h);
                        } catch (RuntimeException e) {
                            log.error(
                                    "stream {}: consumer {} has unreadable state; skipped: {}",
                                    name,
                                    c,
                                    e.getMessage());
                        }
                    }
                    countConsumers();
                    afterWork();
                    return null;
                });
        requestPump();
    }

    private void countConsumers() {
        consumerCount = consumers.size();
        int push = 0;
        for (ConsumerHandle h : consumers.values()) {
            if (h.engine.config.isPush()) {
                push++;
            }
        }
        pushCount = push;
    }

    private ConsumerHandle newHandle(ConsumerConfig cfg, Instant createdAt) {
        ConsumerEngine engine =
                new ConsumerEngine(
                        name,
                        cfg,
                        createdAt,
                        store,
                        clock,
                        random,
                        (m, deliveries, reason) -> deadLetter(cfg, m, deliveries, reason));
        return new ConsumerHandle(cfg.name(), engine);
    }

    private void pump(ConsumerHandle h) {
        // A burst of deliveries wakes each client's event loop per chunk written, not per frame.
        CoalescingWriter.deferringFlushes(() -> pumpNow(h));
    }

    private void pumpNow(ConsumerHandle h) {
        ConsumerEngine e = h.engine;
        ConsumerConfig cfg = e.config;
        long durable = durableSeq;
        if (cfg.isPush()) {
            String subject = cfg.deliverSubject();
            if (!out.hasInterest(subject)) {
                return;
            }
            long room = out.room(subject);
            int n = 0;
            Delivery d;
            while (n < PUSH_BURST) {
                if (room <= 0 && (room = out.room(subject)) <= 0) {
                    pumpWhenDrained(h); // paced by the subscribers' connections
                    return;
                }
                if ((d = e.next(durable)) == null) {
                    break;
                }
                room -= send(h, d, subject);
                n++;
            }
            h.congestionDelayMillis = 1;
            if (n == PUSH_BURST) {
                requestPump();
            }
            return;
        }
        long now = clock.nanoTime();
        boolean paced = false; // a request waits for its client's connection to drain
        boolean exhausted = false; // the consumer has nothing more to deliver now
        // Requests are served in arrival order; one whose connection has no room is passed over
        // (it keeps its place), so a slow client does not hold up the others.
        for (Iterator<PullRequest> it = h.waiting.iterator(); it.hasNext() && !exhausted; ) {
            PullRequest r = it.next();
            if (r.expired(now)) {
                it.remove();
                status(r.reply, StreamHeaders.STATUS_EXPIRED, "request expired");
                continue;
            }
            if (!out.hasInterest(r.reply)) {
                it.remove(); // its client left: deliveries would only sit leased
                continue;
            }
            long room = out.room(r.reply);
            while (true) {
                if (room <= 0 && (room = out.room(r.reply)) <= 0) {
                    paced = true;
                    break;
                }
                Delivery d = e.next(durable);
                if (d == null) {
                    exhausted = true;
                    break;
                }
                room -= send(h, d, r.reply);
                if (--r.remaining == 0) {
                    it.remove();
                    break;
                }
            }
            CoalescingWriter.flushDeferred(); // this client's last frames go now, not at the end
        }
        if (paced) {
            pumpWhenDrained(h);
        } else {
            h.congestionDelayMillis = 1;
        }
        if (exhausted) {
            for (Iterator<PullRequest> it = h.waiting.iterator(); it.hasNext(); ) {
                PullRequest r = it.next();
                if (r.noWait) {
                    it.remove();
                    status(r.reply, StreamHeaders.STATUS_NO_MESSAGES, "no messages");
                }
            }
        }
    }

    /** Delivers; returns about how many bytes that queued (for pacing). */
    private long send(ConsumerHandle h, Delivery d, String target) {
        StoredMessage m = d.message();
        CharSequence ack =
                ackSubjects.write(
                        h.name,
                        d.deliveries(),
                        m.sequence(),
                        d.consumerSeq(),
                        m.timestampNanos(),
                        d.pending());
        out.deliver(target, m.subject(), ack, m.headers(), m.payload());
        h.dirty = true;
        return DELIVERY_OVERHEAD + ack.length() + m.headers().length + m.payload().length;
    }

    /**
     * A consumer stopped delivering because the connections it delivers to have half their outbound
     * bound queued ({@link StreamOutput#room}): look again in 1 ms, then in 2, 4, up to {@value
     * #MAX_CONGESTION_DELAY_MILLIS} while nothing can be delivered. Without the pause a pull
     * request for more than the connection's bound (a million messages), or a push consumer without
     * acks, filled it in one pump and the client was disconnected as a slow consumer. The delay is
     * the consumer's own, so a neighbour that delivers freely does not keep it at 1 ms; one retry
     * pumps every consumer.
     */
    private void pumpWhenDrained(ConsumerHandle h) {
        if (congestionRetry == null) {
            long delay = h.congestionDelayMillis;
            h.congestionDelayMillis = Math.min(MAX_CONGESTION_DELAY_MILLIS, 2 * delay);
            congestionRetry =
                    thread.schedule(
                            () -> {
                                congestionRetry = null;
                                requestPump();
                            },
                            delay,
                            TimeUnit.MILLISECONDS);
        }
    }

    private void status(String reply, int code, String description) {
        byte[] headers =
                Headers.encode(
                        List.of(
                                Map.entry(StreamHeaders.STATUS, Integer.toString(code)),
                                Map.entry(StreamHeaders.DESCRIPTION, description)));
        out.reply(reply, headers, new byte[0]);
    }

    /** After each task: timers, expired pull requests, saving, the next wake-up. */
    private void afterWork() {
        try {
            long now = clock.nanoTime();
            for (ConsumerHandle h : consumers.values()) {
                if (h.engine.tick()) {
                    pump(h);
                }
                for (Iterator<PullRequest> it = h.waiting.iterator(); it.hasNext(); ) {
                    PullRequest r = it.next();
                    if (r.expired(now)) {
                        it.remove();
                        status(r.reply, StreamHeaders.STATUS_EXPIRED, "request expired");
                    }
                }
            }
            saveAsNeeded();
        } finally {
            scheduleWakeup(); // whatever failed above, timers must keep running
        }
    }

    private void saveAsNeeded() {
        boolean needSave = false;
        boolean urgent = false;
        for (ConsumerHandle h : consumers.values()) {
            needSave |= h.dirty;
            urgent |= h.dirty && !h.syncWaiters.isEmpty();
        }
        if (urgent) {
            saveAll();
        } else if (needSave && !saveScheduled) {
            saveScheduled = true;
            thread.schedule(
                    () -> {
                        saveScheduled = false;
                        saveAll();
                    },
                    SAVE_DELAY_MS,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void saveAll() {
        for (ConsumerHandle h : consumers.values()) {
            if (!h.dirty) {
                continue;
            }
            try {
                store.consumers().save(h.name, ConsumerStateCodec.encode(h.engine.snapshot()));
                h.dirty = false;
                for (String reply : h.syncWaiters) {
                    out.reply(reply, Headers.EMPTY, OK);
                }
            } catch (RuntimeException e) {
                log.error("stream {}: saving consumer {} failed", name, h.name, e);
                for (String reply : h.syncWaiters) {
                    fail(reply, ApiError.STORAGE_FAILED, "saving consumer state failed: " + e);
                }
            }
            h.syncWaiters.clear();
        }
    }

    private static final byte[] OK = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);

    private void scheduleWakeup() {
        long next = -1;
        long now = clock.nanoTime();
        for (ConsumerHandle h : consumers.values()) {
            long d = h.engine.nanosToNextDeadline();
            if (d >= 0 && (next < 0 || d < next)) {
                next = d;
            }
            for (PullRequest r : h.waiting) {
                long left = Math.max(0, r.expiresAtNanos - now);
                if (next < 0 || left < next) {
                    next = left;
                }
            }
        }
        if (next < 0) {
            return;
        }
        long at = now + next;
        if (wakeup != null && !wakeup.isDone() && wakeupAtNanos - at <= 0) {
            return; // an earlier or equal wake-up is already set
        }
        if (wakeup != null) {
            wakeup.cancel(false);
        }
        wakeupAtNanos = at;
        // At least 1 ms: a manual clock in tests does not move by itself.
        wakeup =
                thread.schedule(
                        () -> {
                            wakeup = null;
                            afterWork();
                        },
                        Math.max(1_000_000L, next),
                        TimeUnit.NANOSECONDS);
    }

    /** Kicks the timers now (tests with a manual clock call this after advancing it). */
    void tickNow() {
        call(
                () -> {
                    afterWork();
                    return null;
                });
    }

    private void scheduleExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
        long maxAge = config.maxAgeMs();
        if (maxAge > 0) {
            long period = Math.max(100, Math.min(1_000, maxAge / 10));
            expiry =
                    thread.scheduleWithFixedDelay(
                            this::expireNow, period, period, TimeUnit.MILLISECONDS);
        }
    }

    /** Messages were purged or deleted through the API: consumers forget them. */
    void contentsRemoved() {
        onThread(
                () -> {
                    for (ConsumerHandle h : consumers.values()) {
                        if (h.engine.dropVanished() > 0) {
                            h.dirty = true;
                        }
                    }
                });
    }

    /** Applies the age limit now; on the stream thread. */
    void expireNow() {
        try {
            if (store.expire() > 0) {
                for (ConsumerHandle h : consumers.values()) {
                    if (h.engine.dropVanished() > 0) {
                        h.dirty = true;
                    }
                }
                afterWork();
            }
        } catch (RuntimeException e) {
            log.warn("stream {}: expiry failed: {}", name, e.toString());
        }
    }

    // --- consumers (called from the API on other threads)
    // ------------------------------------------

    ConsumerInfo addConsumer(ConsumerConfig cfg) {
        if (cfg.deadLetterStream() != null && cfg.deadLetterStream().equals(name)) {
            throw new StreamApiException(
                    ApiError.BAD_REQUEST, "dead_letter_stream cannot be the stream itself");
        }
        if (cfg.deadLetterStream() != null) {
            manager.ensureDeadLetterStream(cfg.deadLetterStream(), config.storage());
        }
        ConsumerInfo info =
                call(
                        () -> {
                            ConsumerHandle h = consumers.get(cfg.name());
                            if (h != null) {
                                if (!h.engine.config.equals(cfg)) {
                                    throw new StreamApiException(
                                            ApiError.CONSUMER_EXISTS,
                                            "consumer "
                                                    + cfg.name()
                                                    + " exists on stream "
                                                    + name
                                                    + " with another configuration");
                                }
                                return info(h);
                            }
                            if (config.retention() == StreamConfig.Retention.WORK_QUEUE
                                    && cfg.ackPolicy() == ConsumerConfig.AckPolicy.NONE) {
                                throw new StreamApiException(
                                        ApiError.BAD_REQUEST,
                                        "a work-queue stream removes messages when they are"
                                                + " acknowledged: ack_policy none cannot consume it");
                            }
                            if (config.retention() == StreamConfig.Retention.WORK_QUEUE
                                    && !consumers.isEmpty()) {
                                throw new StreamApiException(
                                        ApiError.LIMIT_REACHED,
                                        "work-queue stream "
                                                + name
                                                + " already has a consumer ("
                                                + consumers.keySet().iterator().next()
                                                + ")");
                            }
                            h = newHandle(cfg, Instant.now());
                            h.engine.positionNew();
                            consumers.put(cfg.name(), h);
                            countConsumers();
                            store.consumers()
                                    .save(h.name, ConsumerStateCodec.encode(h.engine.snapshot()));
                            pump(h);
                            afterWork();
                            return info(h);
                        });
        return info;
    }

    ConsumerInfo consumerInfo(String consumer) {
        return call(() -> info(handle(consumer)));
    }

    List<ConsumerInfo> consumerInfos() {
        return call(
                () -> {
                    List<ConsumerInfo> list = new ArrayList<>();
                    for (ConsumerHandle h : consumers.values()) {
                        list.add(info(h));
                    }
                    return list;
                });
    }

    int consumerCount() {
        return consumerCount;
    }

    boolean deleteConsumer(String consumer) {
        return call(
                () -> {
                    ConsumerHandle h = consumers.remove(consumer);
                    if (h == null) {
                        throw new StreamApiException(
                                ApiError.CONSUMER_NOT_FOUND,
                                "no consumer " + consumer + " on stream " + name);
                    }
                    countConsumers();
                    for (PullRequest r : h.waiting) {
                        status(r.reply, StreamHeaders.STATUS_GONE, "consumer deleted");
                    }
                    store.consumers().delete(consumer);
                    return true;
                });
    }

    /**
     * Queues a pull request; errors are answered on its reply subject.
     *
     * @param consumer the consumer
     * @param reply the requester's inbox
     * @param batch the most messages
     * @param expiresMs how long it waits
     * @param noWait whether to answer at once
     */
    void next(String consumer, String reply, int batch, long expiresMs, boolean noWait) {
        if (!admitClientTask(reply)) {
            return;
        }
        onThread(
                () -> {
                    ConsumerHandle h = consumers.get(consumer);
                    if (h == null) {
                        fail(
                                reply,
                                ApiError.CONSUMER_NOT_FOUND,
                                "no consumer " + consumer + " on stream " + name);
                        return;
                    }
                    if (h.engine.config.isPush()) {
                        fail(
                                reply,
                                ApiError.WRONG_CONSUMER_KIND,
                                "consumer " + consumer + " is a push consumer");
                        return;
                    }
                    if (h.waiting.size() >= h.engine.config.maxWaiting()) {
                        fail(
                                reply,
                                ApiError.LIMIT_REACHED,
                                "consumer "
                                        + consumer
                                        + " has "
                                        + h.waiting.size()
                                        + " pull requests waiting (max_waiting)");
                        return;
                    }
                    long expires = clock.nanoTime() + expiresMs * 1_000_000L;
                    h.waiting.addLast(new PullRequest(reply, batch, expires, noWait));
                    pump(h);
                });
    }

    /**
     * Applies an acknowledgement published to an ack subject.
     *
     * @param ack the parsed ack subject
     * @param kind what the client says
     * @param argument the NAK delay JSON or TERM reason
     * @param reply where to confirm (a synchronous ack), or {@code null}
     */
    void acknowledge(AckSubject ack, AckKind kind, String argument, String reply) {
        if (!admitClientTask(reply)) {
            return;
        }
        onThread(
                () -> {
                    ConsumerHandle h = consumers.get(ack.consumer());
                    if (h == null) {
                        fail(
                                reply,
                                ApiError.CONSUMER_NOT_FOUND,
                                "no consumer " + ack.consumer() + " on stream " + name);
                        return;
                    }
                    long seq = ack.streamSeq();
                    boolean ok;
                    switch (kind) {
                        case ACK -> {
                            List<Long> done = h.engine.ack(seq);
                            ok = !done.isEmpty();
                            if (config.retention() == StreamConfig.Retention.WORK_QUEUE) {
                                for (long s : done) {
                                    store.remove(s);
                                }
                            }
                        }
                        case NAK ->
                                ok =
                                        h.engine.nak(seq, nakDelay(argument))
                                                == ConsumerEngine.AckOutcome.OK;
                        case WIP -> ok = h.engine.inProgress(seq) == ConsumerEngine.AckOutcome.OK;
                        case TERM ->
                                ok = h.engine.term(seq, argument) == ConsumerEngine.AckOutcome.OK;
                        default -> ok = false;
                    }
                    if (!ok) {
                        fail(
                                reply,
                                ApiError.NOT_PENDING,
                                "message " + seq + " is not pending on consumer " + ack.consumer());
                        return;
                    }
                    h.dirty = true;
                    if (reply != null) {
                        h.syncWaiters.add(reply);
                    }
                    pump(h);
                });
    }

    private static long nakDelay(String argument) {
        if (argument.isBlank()) {
            return -1;
        }
        try {
            return Math.max(
                    0,
                    ApiJson.readTree(argument.getBytes(StandardCharsets.UTF_8))
                            .path("delay_ms")
                            .asLong(-1));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private void deadLetter(ConsumerConfig cfg, StoredMessage m, long deliveries, String reason) {
        boolean workQueue = config.retention() == StreamConfig.Retention.WORK_QUEUE;
        if (cfg.deadLetterStream() == null) {
            if (workQueue) {
                store.remove(m.sequence());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("stream", name);
            body.put("consumer", cfg.name());
            body.put("stream_seq", m.sequence());
            body.put("deliveries", deliveries);
            body.put("reason", reason);
            out.reply(
                    dev.switchboard.protocol.stream.StreamSubjects.ADVISORY_MAX_DELIVERIES,
                    Headers.EMPTY,
                    ApiJson.write(body));
            return;
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (m.headers().length > 0) {
            headers.addAll(Headers.decode(m.headers()));
        }
        headers.add(Map.entry(StreamHeaders.DLQ_STREAM, name));
        headers.add(Map.entry(StreamHeaders.DLQ_CONSUMER, cfg.name()));
        headers.add(Map.entry(StreamHeaders.DLQ_SEQUENCE, Long.toString(m.sequence())));
        headers.add(Map.entry(StreamHeaders.DLQ_DELIVERIES, Long.toString(deliveries)));
        headers.add(Map.entry(StreamHeaders.DLQ_REASON, reason));
        long seq = m.sequence();
        // A work queue removes the original only once its dead letter is durable, so a crash
        // between the two can duplicate it but never lose it. The removal runs on this stream's
        // thread: the dead-letter store may report durability while holding its own lock (an
        // inline write), and two streams dead-lettering into each other must not each wait for
        // the other's store lock.
        AppendListener removeOriginal =
                !workQueue
                        ? null
                        : (dlqSeq, error) -> {
                            if (error == null) {
                                onThread(() -> store.remove(seq));
                            }
                        };
        try {
            manager.deadLetter(
                    cfg.deadLetterStream(),
                    m.subject(),
                    Headers.encode(headers),
                    m.payload(),
                    removeOriginal);
        } catch (RuntimeException e) {
            log.error(
                    "stream {}: dead-lettering seq {} to {} failed: {}",
                    name,
                    m.sequence(),
                    cfg.deadLetterStream(),
                    e.toString());
        }
    }

    private ConsumerHandle handle(String consumer) {
        ConsumerHandle h = consumers.get(consumer);
        if (h == null) {
            throw new StreamApiException(
                    ApiError.CONSUMER_NOT_FOUND, "no consumer " + consumer + " on stream " + name);
        }
        return h;
    }

    private ConsumerInfo info(ConsumerHandle h) {
        ConsumerEngine e = h.engine;
        long deliveredStream = e.nextSeq - 1;
        return new ConsumerInfo(
                name,
                h.name,
                e.config,
                e.created.toString(),
                e.consumerSeq,
                deliveredStream,
                e.ackFloor,
                e.pending.size(),
                e.numRedelivered(),
                h.waiting.size(),
                e.numPending(),
                e.deadLettered);
    }

    // --- lifecycle
    // ---------------------------------------------------------------------------------

    /**
     * Applies an updated definition.
     *
     * @param next the new definition (same name, storage and retention)
     */
    void update(StreamConfig next) {
        appendLock.lock();
        try {
            config = next;
            duplicates.window(next.duplicateWindowMs());
        } finally {
            appendLock.unlock();
        }
        call(
                () -> {
                    scheduleExpiry();
                    return null;
                });
    }

    /**
     * Stops the thread, saves the consumers and closes the store.
     *
     * @param goneStatus whether to tell waiting pull requests the consumer is gone
     */
    void close(boolean goneStatus) {
        try {
            store.sync(); // durable callbacks (and their acks) run while the thread still does
        } catch (RuntimeException e) {
            log.warn("stream {}: final sync failed: {}", name, e.toString());
        }
        try {
            call(
                    () -> {
                        for (ConsumerHandle h : consumers.values()) {
                            if (goneStatus) {
                                for (PullRequest r : h.waiting) {
                                    status(r.reply, StreamHeaders.STATUS_GONE, "stream closed");
                                }
                            }
                            h.dirty = true;
                        }
                        saveAll();
                        return null;
                    });
        } catch (RuntimeException e) {
            log.warn("stream {}: final save failed: {}", name, e.toString());
        }
        thread.shutdown(); // queued acks and deliveries still run
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
