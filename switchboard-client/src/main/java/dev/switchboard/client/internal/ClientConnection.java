package dev.switchboard.client.internal;

import dev.switchboard.bus.MessageBus;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.client.ConnectionEvent;
import dev.switchboard.client.ConnectionStats;
import dev.switchboard.client.Msg;
import dev.switchboard.client.MsgHandler;
import dev.switchboard.client.PullSubscription;
import dev.switchboard.client.Streams;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.message.Message;
import dev.switchboard.protocol.CoalescingWriter;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolLimits;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * The {@link Connection}: one server connection at a time, re-established after a loss.
 *
 * <p>Design note. Everything network-facing runs on one I/O thread (a one-thread Netty group per
 * connection): sessions ({@link ClientSession}) are opened, welcomed, lost and replaced there, the
 * keepalive and the clock timer tick there. Publishing threads append frames to one {@link
 * CoalescingWriter} that lives as long as the connection; it is attached to the current session's
 * channel and detached while there is none (its bound becomes the reconnect buffer then).
 *
 * <p>Ordering invariants. SUB, UNSUB and PING travel through the writer with the publishes, so the
 * server sees them in program order (a flush covers everything before it; an UNSUB stops what was
 * published after it). On a new session the I/O thread first writes the SUBs of every active
 * subscription straight to the channel, then attaches the writer, so buffered publishes follow the
 * subscriptions. The {@link #lock} makes "is there a session, and has this subscription been sent
 * on it" and the append one step; each session has a generation number, and a subscription
 * remembers the generation it was sent on, so no SUB is ever sent twice on one session. No thread
 * blocks while holding the lock: waiting for buffer room happens outside it.
 *
 * <p>Parts. This class holds the shared state (the lock and what it guards, the session, the
 * status) and the API; the work is done by package-private parts that share its lock: {@link
 * Connector} opens sessions (server list, TLS, first connect), {@link SessionLifecycle} takes them
 * live, keeps them alive and reconnects after a loss, {@link OutboundPath} appends PUB, SUB, UNSUB
 * and PING to the writer, {@link SubscriptionRegistry} keeps the subscriptions and routes MSGs, and
 * {@link Drainer} flushes and drains.
 */
public final class ClientConnection implements Connection {
    static final String CLIENT_ID = "switchboard-java/0.1.0";
    private static final BinaryCodec CODEC = BinaryCodec.create();
    private static final long TICK_MILLIS = 10;
    private static final AtomicInteger IDS = new AtomicInteger();

    final ClientOptions options;
    final SpinPolicy spin;
    final String name;
    final EventLoopGroup group;
    final EventLoop loop;
    private final List<PullSubscriptionImpl> readBatches = new ArrayList<>(); // I/O thread only
    final CoalescingWriter writer;
    private final ClockTimer timer;
    final Requests requests;
    final EventNotifier events;
    final ReentrantLock lock = new ReentrantLock();
    final Condition connected = lock.newCondition();
    private final ScheduledFuture<?> ticker;
    final Connector connector;
    final SessionLifecycle lifecycle;
    final OutboundPath outbound;
    final SubscriptionRegistry subscriptions;
    private final Drainer drainer;

    volatile Status status = Status.CONNECTING;
    volatile ProtocolLimits limits = ProtocolLimits.DEFAULT;
    volatile Frame.Welcome welcome;
    volatile ClientSession session;

    // Guarded by lock.
    ClientSession attempt;
    long gen;
    boolean everConnected;
    private StreamsImpl streams;

    // Written by the connection's one I/O thread only, read by stats() from any thread: an
    // opaque store each instead of a LongAdder's compare-and-set, two per message (4.7% of the
    // I/O thread's time in a 1→4 fan-out, async-profiler, 2026-11-27).
    private final AtomicLong msgsIn = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    final LongAdder reconnects = new LongAdder();
    private final LongAdder droppedSlow = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();

    private ClientConnection(ClientOptions options) {
        this.options = options;
        this.spin =
                new SpinPolicy(
                        options.spinWait().toNanos(), options.spinAdaptive(), System::nanoTime);
        this.name = options.name().isEmpty() ? "c" + IDS.incrementAndGet() : options.name();
        this.connector = new Connector(this, options);
        this.lifecycle = new SessionLifecycle(this);
        this.outbound = new OutboundPath(this);
        this.subscriptions = new SubscriptionRegistry(this);
        this.drainer = new Drainer(this);
        this.group = options.transport().newGroup(1, "switchboard-client-" + name + "-io");
        this.loop = group.next();
        // The pooled allocator: publishing threads are the application's, not Netty's, and for
        // them it served the writer's chunks (32 KiB then, 16 KiB now) about twice as fast as the
        // default (adaptive) one (PublishEncodeBenchmark, 1 KiB publishes: 354 vs 571 ns).
        this.writer =
                new CoalescingWriter(PooledByteBufAllocator.DEFAULT, options.publishBufferBytes());
        this.timer = new ClockTimer(options.clock());
        this.requests = new Requests(this, timer);
        this.events = new EventNotifier(options.listener(), name);
        this.ticker =
                loop.scheduleAtFixedRate(
                        timer::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Connects, trying each server once in order.
     *
     * @param options the options
     * @return the connected connection
     * @throws InterruptedException if interrupted while waiting
     */
    public static ClientConnection connect(ClientOptions options) throws InterruptedException {
        ClientConnection c = new ClientConnection(options);
        try {
            c.connector.connectFirst();
            return c;
        } catch (RuntimeException | InterruptedException e) {
            c.closeInternal("connect failed", null, false);
            throw e;
        }
    }

    // ------------------------------------------------------------------ sessions (I/O thread)

    Frame.Hello hello() {
        return connector.hello();
    }

    /** I/O thread: the server answered HELLO. Resubscribes, attaches the writer, goes live. */
    void onWelcome(ClientSession s) {
        lifecycle.onWelcome(s);
    }

    /** I/O thread: a session's socket closed. */
    void onSessionClosed(ClientSession s, String reason) {
        lifecycle.onSessionClosed(s, reason);
    }

    /**
     * The wait before attempt {@code n} (1-based) since the loss: none for the first when there is
     * another server to try, else {@code reconnectWait} doubling up to {@code reconnectMaxWait},
     * plus or minus a random part up to {@code reconnectJitter}.
     */
    public long backoffNanos(int n) {
        return lifecycle.backoffNanos(n);
    }

    /** I/O thread: the keepalive tick of a session. */
    void keepalive(ClientSession s) {
        lifecycle.keepalive(s);
    }

    void onPong(ClientSession s) {
        s.pingsOut = 0;
        CompletableFuture<Void> f = s.pongs.poll();
        if (f != null) {
            f.complete(null);
        }
    }

    /** I/O thread: the end of one read from the socket; handlers may run now. */
    void readComplete() {
        for (int i = 0, n = readBatches.size(); i < n; i++) {
            readBatches.get(i).publishBatch();
        }
        readBatches.clear();
        Dispatcher d = subscriptions.dispatcher;
        if (d != null) {
            d.wake();
        }
    }

    /** I/O thread: a pull subscription holds messages of the current read (see readComplete). */
    void queueAtReadComplete(PullSubscriptionImpl s) {
        readBatches.add(s);
    }

    void onMsg(ClientSession s, Frame.Msg m) {
        msgsIn.setOpaque(msgsIn.getPlain() + 1);
        bytesIn.setOpaque(bytesIn.getPlain() + m.payload().length);
        subscriptions.route(m);
    }

    void onErr(ClientSession s, Frame.Err e) {
        ProtocolException pe = new ProtocolException(e.code(), e.text());
        if (e.sid() != 0) {
            subscriptions.refused(e.sid(), pe);
        }
        events.fire(ConnectionEvent.Type.ERROR, s.server, pe.getMessage(), pe, e.sid());
        if (e.fatal()) {
            if (pe.code() == ErrorCode.AUTH_FAILED) {
                closeInternal("authentication refused by " + s.server, pe, false);
            } else {
                lifecycle.loseSession(s, "server error: " + pe.getMessage());
            }
        }
    }

    void onGoAway(ClientSession s, Frame.GoAway g) {
        events.fire(
                ConnectionEvent.Type.LAME_DUCK,
                s.server,
                "server going away within " + g.drainMs() + " ms: " + g.reason(),
                null,
                0);
        lifecycle.loseSession(s, "server going away: " + g.reason());
    }

    void onProtocolError(ClientSession s, ProtocolException e) {
        events.fire(ConnectionEvent.Type.ERROR, s.server, e.getMessage(), e, 0);
        lifecycle.loseSession(s, "protocol error: " + e.getMessage());
    }

    void onWritable() {
        writer.onWritable();
    }

    void dropped(AbstractSubscription sub, boolean firstOfEpisode, int pending, long bytes) {
        droppedSlow.increment();
        if (firstOfEpisode) {
            ClientSession s = session;
            events.fire(
                    ConnectionEvent.Type.SLOW_CONSUMER,
                    s == null ? null : s.server,
                    "subscription "
                            + sub.sid()
                            + " on '"
                            + sub.pattern()
                            + "' is full ("
                            + pending
                            + " messages, "
                            + bytes
                            + " bytes pending); dropping messages",
                    null,
                    sub.sid());
        }
    }

    void handlerError(AbstractSubscription sub, Throwable t, boolean report) {
        handlerErrors.increment();
        if (report) {
            ClientSession s = session;
            events.fire(
                    ConnectionEvent.Type.ERROR,
                    s == null ? null : s.server,
                    "handler of subscription "
                            + sub.sid()
                            + " on '"
                            + sub.pattern()
                            + "' threw "
                            + t
                            + " (reported once per subscription)",
                    t,
                    sub.sid());
        }
    }

    // ------------------------------------------------------------------ publishing

    @Override
    public void publish(String subject, byte[] payload) {
        publishFrame(subject, null, Headers.EMPTY, payload, 0);
    }

    @Override
    public void publish(
            String subject,
            String replyTo,
            List<Map.Entry<String, String>> headers,
            byte[] payload) {
        publishFrame(subject, replyTo, Headers.encode(headers), payload, 0);
    }

    @Override
    public void publish(Message message, String replyTo) {
        publishFrame(message.subject(), replyTo, headersOf(message), CODEC.encode(message), 0);
    }

    static byte[] headersOf(Message message) {
        Map<String, String> h = message.headers();
        return h.isEmpty() ? Headers.EMPTY : Headers.encode(List.copyOf(h.entrySet()));
    }

    /**
     * Publishes one PUB frame with the given flags, waiting for buffer room by the options
     * (package-private: {@link PullConsumerImpl} sends its pull requests with it).
     */
    void publishFrame(String subject, String replyTo, byte[] headers, byte[] payload, int flags) {
        outbound.publishFrame(subject, replyTo, headers, payload, flags);
    }

    /** A PUB whose reply subject the client built itself (see OutboundPath). */
    void publishFrameOwnReply(
            String subject, CharSequence ownReply, byte[] headers, byte[] payload, int flags) {
        outbound.publishFrameOwnReply(subject, ownReply, headers, payload, flags);
    }

    // ------------------------------------------------------------------ subscriptions

    @Override
    public Subscription subscribe(String pattern, SubscribeOptions options, MsgHandler handler) {
        return subscriptions.subscribe(pattern, options, handler);
    }

    @Override
    public PullSubscription subscribe(String pattern, SubscribeOptions options) {
        return subscriptions.subscribe(pattern, options);
    }

    /** {@link #subscribe(String, SubscribeOptions)} for this package: pull consumers drain it. */
    PullSubscriptionImpl pullSubscription(String pattern, SubscribeOptions options) {
        return subscriptions.subscribe(pattern, options);
    }

    /** From a subscription: UNSUB now (max 0, and forget it) or after {@code max} messages. */
    void unsubscribe(AbstractSubscription sub, long max) {
        subscriptions.unsubscribe(sub, max);
    }

    /** I/O thread: the subscription reached its auto-unsubscribe count. */
    void forget(AbstractSubscription sub) {
        subscriptions.forget(sub);
    }

    CompletableFuture<Void> drainSubscription(AbstractSubscription sub, Duration timeout) {
        return drainer.drainSubscription(sub, timeout);
    }

    /**
     * Adds a subscription the client uses itself (the streams' ack inbox, a pull consumer's inbox):
     * sent in order with the publishes and again after every reconnect.
     *
     * @param factory makes it from a fresh subscription id
     * @param <T> its type
     * @return it
     * @throws ConnectionClosedException if the connection is closed
     */
    <T extends AbstractSubscription> T addInternalSubscription(IntFunction<T> factory) {
        return subscriptions.addInternalSubscription(factory);
    }

    // ------------------------------------------------------------------ request/reply

    static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    @Override
    public CompletableFuture<Msg> request(
            String subject,
            List<Map.Entry<String, String>> headers,
            byte[] payload,
            Duration timeout) {
        return sendRequest(subject, Headers.encode(headers), payload, timeout, true);
    }

    @Override
    public CompletableFuture<Msg> request(Message request, Duration timeout) {
        return sendRequest(
                request.subject(), headersOf(request), CODEC.encode(request), timeout, true);
    }

    /**
     * Sends a request.
     *
     * @param subject the subject
     * @param headers encoded headers
     * @param payload the payload
     * @param timeout the timeout on the clock
     * @param hop whether the future completes on a virtual thread (else on the I/O thread)
     * @return the reply future
     */
    CompletableFuture<Msg> sendRequest(
            String subject, byte[] headers, byte[] payload, Duration timeout, boolean hop) {
        requirePositive("timeout", timeout);
        outbound.checkOutbound(subject, null, headers, payload);
        subscriptions.ensureInbox();
        String replyTo = requests.newReplySubject();
        CompletableFuture<Msg> f = requests.one(replyTo, subject, timeout, hop);
        publishRequest(subject, replyTo, headers, payload);
        return f;
    }

    private void publishRequest(String subject, String replyTo, byte[] headers, byte[] payload) {
        try {
            // The inbox reply subject is the client's own, valid by construction.
            outbound.publishFrameOwnReply(
                    subject, replyTo, headers, payload, FrameFlags.PUB_REQUEST);
        } catch (RuntimeException e) {
            requests.fail(replyTo, e);
            throw e;
        }
    }

    @Override
    public CompletableFuture<List<Msg>> requestAll(
            String subject, byte[] payload, int maxReplies, Duration deadline) {
        return sendRequestAll(subject, Headers.EMPTY, payload, maxReplies, deadline);
    }

    CompletableFuture<List<Msg>> sendRequestAll(
            String subject, byte[] headers, byte[] payload, int maxReplies, Duration deadline) {
        if (maxReplies < 1) {
            throw new IllegalArgumentException("maxReplies must be >= 1, got " + maxReplies);
        }
        requirePositive("deadline", deadline);
        outbound.checkOutbound(subject, null, headers, payload);
        subscriptions.ensureInbox();
        String replyTo = requests.newReplySubject();
        CompletableFuture<List<Msg>> f = requests.all(replyTo, subject, maxReplies, deadline);
        publishRequest(subject, replyTo, headers, payload);
        return f;
    }

    @Override
    public Msg requestBlocking(String subject, byte[] payload, Duration timeout)
            throws InterruptedException {
        return requestBlocking("a blocking request", subject, payload, timeout);
    }

    /**
     * {@link #requestBlocking(String, byte[], Duration)}, naming the call in the refusal on the I/O
     * thread. The answer completes on the I/O thread (no hop): only the blocked caller waits on it.
     *
     * @param what the call, for the error on the I/O thread
     */
    Msg requestBlocking(String what, String subject, byte[] payload, Duration timeout)
            throws InterruptedException {
        BlockingWait.refuseOnIoThread(this, what);
        CompletableFuture<Msg> f = sendRequest(subject, Headers.EMPTY, payload, timeout, false);
        BlockingWait.spin(this, f);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(false);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new ConnectionClosedException("request to '" + subject + "' failed: " + cause);
        }
    }

    // ------------------------------------------------------------------ flush, drain, close

    @Override
    public void flush(Duration timeout) throws TimeoutException, InterruptedException {
        drainer.flush(timeout);
    }

    @Override
    public CompletableFuture<Void> flushAsync(Duration timeout) {
        return drainer.flushAsync(timeout);
    }

    @Override
    public CompletableFuture<Void> drain(Duration timeout) {
        return drainer.drain(timeout);
    }

    @Override
    public void close() {
        if (status == Status.CLOSED) {
            return;
        }
        if (session != null && !loop.inEventLoop()) {
            drainer.quietFlush(options.connectTimeout());
        }
        closeInternal("closed by the application", null, true);
    }

    /** Closes once: fails what waits, ends the subscriptions, stops the I/O thread. */
    void closeInternal(String reason, Throwable error, boolean fireEvenIfNew) {
        ClientSession s;
        ClientSession a;
        Dispatcher d;
        lock.lock();
        try {
            if (status == Status.CLOSED) {
                return;
            }
            status = Status.CLOSED;
            s = session;
            session = null;
            a = attempt;
            attempt = null;
            lifecycle.cancelReconnect();
            d = subscriptions.dispatcher;
            connected.signalAll();
        } finally {
            lock.unlock();
        }
        writer.detach();
        writer.close();
        ticker.cancel(false);
        if (s != null) {
            SessionLifecycle.failPongs(s, "connection closed: " + reason);
            s.close(reason);
        }
        if (a != null) {
            a.close(reason);
        }
        requests.failAll(new ConnectionClosedException("connection closed: " + reason));
        subscriptions.closeAll();
        if (d != null) {
            d.stop();
        }
        if (error != null) {
            events.fire(ConnectionEvent.Type.ERROR, null, reason, error, 0);
        }
        events.fire(ConnectionEvent.Type.CLOSED, null, reason, error, 0);
        events.shutdown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ state

    @Override
    public Status status() {
        return status;
    }

    @Override
    public Frame.Welcome serverInfo() {
        return welcome;
    }

    @Override
    public Optional<URI> connectedUrl() {
        ClientSession s = session;
        return s == null ? Optional.empty() : Optional.of(s.server.uri());
    }

    @Override
    public ConnectionStats stats() {
        return new ConnectionStats(
                msgsIn.getOpaque(),
                bytesIn.getOpaque(),
                writer.messagesAppended(),
                writer.payloadBytesAppended(),
                reconnects.sum(),
                droppedSlow.sum(),
                handlerErrors.sum(),
                writer.pendingBytes());
    }

    @Override
    public ClientOptions options() {
        return options;
    }

    @Override
    public Streams streams() {
        lock.lock();
        try {
            if (status == Status.CLOSED) {
                throw new ConnectionClosedException("cannot use streams: closed");
            }
            if (streams == null) {
                streams = new StreamsImpl(this);
            }
            return streams;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public MessageBus asMessageBus() {
        return new NetworkBus(this, false);
    }

    /** The clock timer (request timeouts; the bus adapter's retry backoffs). */
    ClockTimer timer() {
        return timer;
    }

    /** How many requests wait for replies. */
    public int pendingRequests() {
        return requests.size();
    }

    @Override
    public String toString() {
        ClientSession s = session;
        return "Connection[" + name + ", " + status + (s == null ? "" : ", " + s.server) + "]";
    }
}
