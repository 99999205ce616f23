package dev.switchboard.client.internal;

import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.client.PublishOptions;
import dev.switchboard.core.SwitchboardException;
import dev.switchboard.protocol.AsciiDecimal;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import dev.switchboard.protocol.stream.PubAck;
import dev.switchboard.protocol.stream.StreamApiException;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.jctools.queues.varhandle.MpscUnboundedVarHandleArrayQueue;

/**
 * Publishes with {@code PUB_ACK} and matches the broker's acknowledgements to futures.
 *
 * <p>Design note. One wildcard inbox subscription ({@link AckInbox}, {@code _INBOX.<random>.*})
 * serves every acknowledged publish of the connection: publish {@code n} gets the reply subject
 * {@code _INBOX.<random>.<n>} (built as ASCII bytes, not a string) and an entry in {@link
 * PendingSlots}, a slot array indexed by {@code n} that the publishing and I/O threads share
 * without a common counter. The I/O thread parses {@code n} back from the reply's subject, removes
 * the entry and queues it with the reply for the completer, which parses the JSON and completes the
 * future on a virtual thread: the I/O thread does no JSON and runs no application code. Completions
 * are batched: one virtual thread drains whatever has queued, so a burst of acknowledgements costs
 * one thread start, not one each.
 *
 * <p>Timeouts cost no timer entry per publish: each entry also joins a FIFO of its timeout value
 * (deadlines in one FIFO are in order, since the clock is monotonic), and one sweep on the
 * connection's {@link ClockTimer}, every {@value #SWEEP_MILLIS} ms while anything is outstanding,
 * expires the heads that are due and drops heads already done. At most {@value #MAX_FIFOS} distinct
 * timeout values get a FIFO; further ones fall back to one timer entry each.
 *
 * <p>Thread-safety: publishers on any thread; replies and sweeps on the I/O thread. An entry ends
 * exactly once, by whoever removes it from the map.
 */
final class StreamPublisher {
    private static final long SWEEP_MILLIS = 10;
    private static final int MAX_FIFOS = 64;

    /** One publish waiting for its acknowledgement. */
    private static final class PendingAck {
        final long id;
        final String subject;
        final Duration timeout;
        final long deadlineNanos;
        final CompletableFuture<PubAck> future = new CompletableFuture<>();
        final boolean blocking; // only a blocked caller waits on the future: no user stages
        volatile boolean done;

        PendingAck(
                long id, String subject, Duration timeout, long deadlineNanos, boolean blocking) {
            this.id = id;
            this.subject = subject;
            this.timeout = timeout;
            this.deadlineNanos = deadlineNanos;
            this.blocking = blocking;
        }
    }

    /** What the completer does for one entry: a reply to parse, or an error. */
    private record Completion(PendingAck pending, Frame.Msg reply, Throwable error) {}

    private final ClientConnection conn;
    private final ClockTimer timer;
    private final Duration defaultTimeout;
    private final String prefix;
    private final byte[] prefixBytes; // prefix is ASCII: "_INBOX.", a random id, "."
    private final AtomicLong ids = new AtomicLong();
    private final PendingSlots<PendingAck> pending = new PendingSlots<>(p -> p.id);
    private final ConcurrentHashMap<Long, Queue<PendingAck>> fifos = new ConcurrentHashMap<>();
    private final AtomicBoolean sweepScheduled = new AtomicBoolean();
    private final MpscUnboundedVarHandleArrayQueue<Completion> completions =
            new MpscUnboundedVarHandleArrayQueue<>(1024);
    private final AtomicBoolean completing = new AtomicBoolean();
    private final ReentrantLock inboxLock = new ReentrantLock();
    private final AtomicReference<AckInbox> inbox = new AtomicReference<>();

    StreamPublisher(ClientConnection conn, Duration defaultTimeout) {
        this.conn = conn;
        this.timer = conn.timer();
        this.defaultTimeout = defaultTimeout;
        this.prefix = Requests.newInboxPrefix();
        this.prefixBytes = prefix.getBytes(StandardCharsets.US_ASCII);
    }

    /** The inbox pattern, for tests and diagnostics. */
    String inboxPattern() {
        return prefix + "*";
    }

    /** How many publishes wait for their acknowledgement. */
    int outstanding() {
        return pending.size();
    }

    CompletableFuture<PubAck> publish(String subject, byte[] payload, PublishOptions options) {
        return publish(subject, payload, options, false);
    }

    /**
     * @param blocking whether the caller only blocks on the future (the synchronous {@code
     *     publish}): then the I/O thread completes it directly, saving a hand-off, since no
     *     application code can run on it
     */
    CompletableFuture<PubAck> publish(
            String subject, byte[] payload, PublishOptions options, boolean blocking) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(options, "options");
        Frame.Welcome server = conn.serverInfo();
        if (server != null && server.version() < ProtocolVersion.STREAMS) {
            // A version-1 broker refuses the PUB_ACK flag with BAD_FLAGS: do not send it.
            return CompletableFuture.failedFuture(
                    new StreamApiException(
                            ApiError.STREAMS_DISABLED,
                            "server "
                                    + server.serverName()
                                    + " speaks protocol version "
                                    + server.version()
                                    + "; acknowledged publishes need version "
                                    + ProtocolVersion.STREAMS));
        }
        Duration timeout = options.timeout().orElse(defaultTimeout);
        byte[] headers =
                options.wireHeaders().isEmpty()
                        ? Headers.EMPTY
                        : Headers.encode(options.wireHeaders());
        try {
            ensureInbox();
        } catch (SwitchboardException e) {
            return CompletableFuture.failedFuture(e);
        }
        long id = ids.incrementAndGet();
        PendingAck p =
                new PendingAck(
                        id,
                        subject,
                        timeout,
                        timer.clock().nanoTime() + timeout.toNanos(),
                        blocking);
        pending.put(p);
        track(p);
        try {
            conn.publishFrameOwnReply(
                    subject, replySubject(id), headers, payload, FrameFlags.PUB_ACK);
        } catch (IllegalArgumentException | NullPointerException e) {
            // Invalid input: the caller's mistake, thrown at once as by Connection.publish.
            end(p);
            throw e;
        } catch (SwitchboardException e) {
            if (end(p)) {
                p.future.completeExceptionally(e);
            }
        }
        return p.future;
    }

    /** {@code prefix + id} as ASCII bytes, written into the frame as they are (no string). */
    private AsciiString replySubject(long id) {
        byte[] b = new byte[prefixBytes.length + AsciiDecimal.length(id)];
        System.arraycopy(prefixBytes, 0, b, 0, prefixBytes.length);
        AsciiDecimal.writeEndingAt(b, b.length, id); // digits counted above
        return new AsciiString(b, false);
    }

    /** Subscribes the inbox once (again after the server refused it); creators serialize. */
    private void ensureInbox() {
        if (inbox.get() != null) {
            return;
        }
        inboxLock.lock();
        try {
            if (inbox.get() == null) {
                AckInbox created =
                        conn.addInternalSubscription(
                                sid -> new AckInbox(conn, sid, inboxPattern(), this));
                inbox.set(created);
                if (!created.isActive()) {
                    inbox.compareAndSet(created, null); // refused before it was published here
                }
            }
        } finally {
            inboxLock.unlock();
        }
    }

    /** Removes an entry from the map; returns whether this call ended it. */
    private boolean end(PendingAck p) {
        if (pending.remove(p)) {
            p.done = true;
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ replies (I/O thread)

    void onReply(Frame.Msg f) {
        long id = parseId(f.subject());
        if (id < 0) {
            return;
        }
        PendingAck p = pending.get(id);
        if (p != null && end(p)) {
            complete(new Completion(p, f, null));
        }
        // else: late (timed out) or duplicate
    }

    private long parseId(String subject) {
        int n = subject.length();
        if (n <= prefix.length() || n - prefix.length() > 18 || !subject.startsWith(prefix)) {
            return -1;
        }
        long id = 0;
        for (int i = prefix.length(); i < n; i++) {
            char c = subject.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }

    /** The inbox ended: the connection closed, or the server refused the subscription. */
    void inboxClosed(AckInbox which, ProtocolException why) {
        // No lock: this may run on the I/O thread while a creator waits for buffer room.
        inbox.compareAndSet(which, null);
        failAll(
                why != null
                        ? why
                        : new ConnectionClosedException(
                                conn.status() == Connection.Status.CLOSED
                                        ? "connection closed before the acknowledgement arrived"
                                        : "the acknowledgement inbox ended"));
    }

    private void failAll(Throwable error) {
        for (PendingAck p : pending.snapshot()) {
            if (end(p)) {
                complete(new Completion(p, null, error));
            }
        }
    }

    // ------------------------------------------------------------------ timeouts

    private void track(PendingAck p) {
        long key = p.timeout.toNanos();
        Queue<PendingAck> q = fifos.get(key);
        if (q == null) {
            if (fifos.size() >= MAX_FIFOS) {
                timer.schedule(
                        key,
                        () -> {
                            if (end(p)) {
                                complete(new Completion(p, null, timeoutError(p, pending.size())));
                            }
                        });
                return;
            }
            q = fifos.computeIfAbsent(key, k -> new ConcurrentLinkedQueue<>());
        }
        q.offer(p);
        scheduleSweep();
    }

    private void scheduleSweep() {
        if (sweepScheduled.compareAndSet(false, true)) {
            timer.schedule(TimeUnit.MILLISECONDS.toNanos(SWEEP_MILLIS), this::sweep);
        }
    }

    /** Timer (I/O thread): expires due heads, drops finished ones, comes again if needed. */
    private void sweep() {
        long now = timer.clock().nanoTime();
        int waiting = -1; // counted once per sweep, when the first publish times out
        for (Queue<PendingAck> q : fifos.values()) {
            PendingAck p;
            while ((p = q.peek()) != null) {
                if (!p.done && p.deadlineNanos - now > 0) {
                    break;
                }
                q.poll();
                if (end(p)) {
                    if (waiting < 0) {
                        waiting = pending.size();
                    }
                    complete(new Completion(p, null, timeoutError(p, waiting)));
                }
            }
        }
        sweepScheduled.set(false);
        // A publish that joined a FIFO while this sweep ran saw it scheduled and did not schedule.
        for (Queue<PendingAck> q : fifos.values()) {
            if (!q.isEmpty()) {
                scheduleSweep();
                return;
            }
        }
    }

    private TimeoutException timeoutError(PendingAck p, int waiting) {
        return new TimeoutException(
                "no stream acknowledgement for the publish to '"
                        + p.subject
                        + "' within "
                        + p.timeout
                        + " ("
                        + waiting
                        + " other publishes still waiting); it may still have been stored:"
                        + " publish again with the same msgId to be sure");
    }

    // ------------------------------------------------------------------ completion

    private void complete(Completion c) {
        if (c.pending().blocking && c.error() == null && !c.reply().noResponders()) {
            try {
                run(c); // the acknowledgement's small parser; the caller is parked on get()
            } catch (RuntimeException | LinkageError e) {
                c.pending().future.completeExceptionally(e);
            }
            return;
        }
        completions.offer(c);
        if (completing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("switchboard-client-pubacks").start(this::drainCompletions);
        }
    }

    private void drainCompletions() {
        do {
            Completion c;
            while ((c = completions.poll()) != null) {
                try {
                    run(c);
                } catch (RuntimeException | LinkageError e) {
                    // Never let one reply stop the completer: every later future would hang.
                    c.pending().future.completeExceptionally(e);
                }
            }
            completing.set(false);
        } while (!completions.isEmpty() && completing.compareAndSet(false, true));
    }

    private static void run(Completion c) {
        CompletableFuture<PubAck> f = c.pending().future;
        if (c.error() != null) {
            f.completeExceptionally(c.error());
            return;
        }
        Frame.Msg reply = c.reply();
        if (reply.noResponders()) {
            f.completeExceptionally(
                    new StreamApiException(
                            ApiError.NO_STREAM,
                            "no stream captures '"
                                    + c.pending().subject
                                    + "' (the server answered no responders)"));
            return;
        }
        try {
            PubAck ack = PubAckReader.read(reply.payload());
            if (ack == null) {
                ack = ApiJson.readReply(reply.payload(), PubAck.class);
            }
            if (ack == null || ack.stream() == null || ack.seq() <= 0) {
                throw new StreamApiException(
                        ApiError.BAD_REQUEST,
                        "invalid acknowledgement for the publish to '"
                                + c.pending().subject
                                + "': "
                                + new String(
                                        reply.payload(), java.nio.charset.StandardCharsets.UTF_8));
            }
            f.complete(ack);
        } catch (StreamApiException e) {
            f.completeExceptionally(e);
        }
    }
}
