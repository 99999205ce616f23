package dev.switchboard.client.internal;

import dev.switchboard.bus.MessageBus;
import dev.switchboard.client.BufferFullException;
import dev.switchboard.client.BufferFullPolicy;
import dev.switchboard.client.ClientOptions;
import dev.switchboard.client.Connection;
import dev.switchboard.client.ConnectionClosedException;
import dev.switchboard.client.ConnectionEvent;
import dev.switchboard.client.ConnectionFailedException;
import dev.switchboard.client.ConnectionStats;
import dev.switchboard.client.Msg;
import dev.switchboard.client.MsgHandler;
import dev.switchboard.client.PullSubscription;
import dev.switchboard.client.Streams;
import dev.switchboard.client.SubscribeOptions;
import dev.switchboard.client.Subscription;
import dev.switchboard.core.codec.BinaryCodec;
import dev.switchboard.core.message.Message;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.CoalescingWriter;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.FrameLayout;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.Overflow;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.transport.TlsOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
 */
public final class ClientConnection implements Connection {
    static final String CLIENT_ID = "switchboard-java/0.1.0";
    private static final BinaryCodec CODEC = BinaryCodec.create();
    private static final long TICK_MILLIS = 10;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ClientOptions options;
    private final String name;
    private final List<ServerAddress> servers;
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final CoalescingWriter writer;
    private final ClockTimer timer;
    private final Requests requests;
    private final EventNotifier events;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition connected = lock.newCondition();
    private final ConcurrentHashMap<Integer, AbstractSubscription> subs = new ConcurrentHashMap<>();
    private final AtomicInteger nextSid = new AtomicInteger();
    private final ScheduledFuture<?> ticker;

    private volatile Status status = Status.CONNECTING;
    private volatile ProtocolLimits limits = ProtocolLimits.DEFAULT;
    private volatile Frame.Welcome welcome;
    private volatile ClientSession session;

    // Guarded by lock.
    private ClientSession attempt;
    private long gen;
    private int serverIndex;
    private int attempts;
    private boolean everConnected;
    private ScheduledFuture<?> reconnectTask;
    private InboxSubscription inbox;
    private StreamsImpl streams;
    private volatile Dispatcher dispatcher;
    private AbstractSubscription lastSub; // I/O thread only: the last MSG's subscription
    private String
            lastValidSubject; // a subject already validated (racy cache: Strings are immutable)
    private SslContext sslContext;
    private CompletableFuture<Void> draining;

    private final LongAdder msgsIn = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder droppedSlow = new LongAdder();
    private final LongAdder handlerErrors = new LongAdder();

    private ClientConnection(ClientOptions options) {
        this.options = options;
        this.name = options.name().isEmpty() ? "c" + IDS.incrementAndGet() : options.name();
        List<ServerAddress> list = new ArrayList<>();
        for (URI u : options.servers()) {
            list.add(ServerAddress.of(u));
        }
        this.servers = List.copyOf(list);
        this.group = options.transport().newGroup(1, "switchboard-client-" + name + "-io");
        this.loop = group.next();
        this.writer = new CoalescingWriter(ByteBufAllocator.DEFAULT, options.publishBufferBytes());
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
            c.connectFirst();
            return c;
        } catch (RuntimeException | InterruptedException e) {
            c.closeInternal("connect failed", null, false);
            throw e;
        }
    }

    private void connectFirst() throws InterruptedException {
        List<String> failures = new ArrayList<>();
        Throwable last = null;
        long waitNanos =
                options.connectTimeout().toNanos()
                        + options.handshakeTimeout().toNanos()
                        + TimeUnit.SECONDS.toNanos(1);
        for (int i = 0; i < servers.size(); i++) {
            ServerAddress server = servers.get(i);
            ClientSession s;
            lock.lock();
            try {
                serverIndex = i;
                s = open(server);
            } finally {
                lock.unlock();
            }
            try {
                s.ready.get(waitNanos, TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof ProtocolException pe) {
                    throw pe;
                }
                failures.add(server + " (" + describe(cause) + ")");
                last = cause;
            } catch (TimeoutException e) {
                abandon(s);
                failures.add(server + " (no WELCOME within " + Duration.ofNanos(waitNanos) + ")");
                last = e;
            } catch (InterruptedException e) {
                abandon(s);
                throw e;
            }
        }
        throw new ConnectionFailedException(failures, last);
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
    }

    private void abandon(ClientSession s) {
        lock.lock();
        try {
            if (attempt == s) {
                attempt = null;
            }
        } finally {
            lock.unlock();
        }
        s.close("abandoned");
    }

    // ------------------------------------------------------------------ sessions (I/O thread)

    /** Opens a socket to a server; the session's {@code ready} completes on WELCOME. Under lock. */
    private ClientSession open(ServerAddress server) {
        ClientSession s = new ClientSession(this, server);
        attempt = s;
        SslContext ssl = null;
        if (server.tls()) {
            try {
                ssl = sslContext();
            } catch (Exception e) {
                s.ready.completeExceptionally(e);
                return s;
            }
        }
        SslContext tls = ssl;
        Bootstrap b =
                new Bootstrap()
                        .group(group)
                        .channel(
                                server.isUnix()
                                        ? options.transport().domainSocketChannel()
                                        : options.transport().socketChannel())
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int)
                                        Math.min(
                                                Integer.MAX_VALUE,
                                                options.connectTimeout().toMillis()))
                        .handler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        if (tls != null) {
                                            String host =
                                                    options.tls() != null
                                                                    && options.tls().serverName()
                                                                            != null
                                                            ? options.tls().serverName()
                                                            : server.host();
                                            ch.pipeline()
                                                    .addLast(
                                                            tls.newHandler(
                                                                    ch.alloc(),
                                                                    host,
                                                                    server.port()));
                                        }
                                        ch.pipeline().addLast(s.decoder(), s);
                                    }
                                });
        if (!server.isUnix()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        b.connect(server.socketAddress(options.transport()))
                .addListener(
                        f -> {
                            if (!f.isSuccess()) {
                                s.ready.completeExceptionally(f.cause());
                            }
                        });
        return s;
    }

    private SslContext sslContext() throws javax.net.ssl.SSLException {
        if (sslContext == null) {
            TlsOptions tls =
                    options.tls() != null
                            ? options.tls()
                            : new TlsOptions(null, null, null, false, null);
            sslContext = tls.clientContext();
        }
        return sslContext;
    }

    Frame.Hello hello() {
        return new Frame.Hello(
                ProtocolVersion.MIN,
                ProtocolVersion.MAX,
                options.name(),
                options.token(),
                CLIENT_ID,
                options.echo());
    }

    /** I/O thread: the server answered HELLO. Resubscribes, attaches the writer, goes live. */
    void onWelcome(ClientSession s) {
        boolean reconnected;
        int resubscribed = 0;
        lock.lock();
        try {
            if (s != attempt || status == Status.CLOSED || s.lost) {
                s.close("superseded");
                return;
            }
            attempt = null;
            gen++;
            welcome = s.welcome();
            limits = s.welcome().limits();
            lastValidSubject = null; // the new server may allow shorter subjects
            for (AbstractSubscription sub : subs.values()) {
                if (sub.state == AbstractSubscription.State.ACTIVE) {
                    s.writeDirect(sub.subFrame());
                    long left = sub.remaining();
                    if (left > 0) {
                        s.writeDirect(new Frame.Unsub(sub.sid(), left));
                    }
                    sub.subscribedGen = gen;
                    resubscribed++;
                }
            }
            s.channel().flush();
            session = s;
            writer.maxPendingBytes(options.publishBufferBytes());
            writer.attach(s.channel());
            if (status != Status.DRAINING) {
                status = Status.CONNECTED;
            }
            reconnected = everConnected;
            everConnected = true;
            attempts = 0;
            connected.signalAll();
        } finally {
            lock.unlock();
        }
        s.startKeepalive(options.pingInterval().toNanos());
        if (reconnected) {
            reconnects.increment();
            events.fire(ConnectionEvent.Type.RECONNECTED, s.server, "reconnected", null, 0);
            events.fire(
                    ConnectionEvent.Type.RESUBSCRIBED,
                    s.server,
                    resubscribed + " subscriptions sent again",
                    null,
                    0);
        } else {
            events.fire(ConnectionEvent.Type.CONNECTED, s.server, "connected", null, 0);
        }
        s.ready.complete(s);
    }

    /** I/O thread: a session's socket closed. */
    void onSessionClosed(ClientSession s, String reason) {
        boolean close = false;
        lock.lock();
        try {
            s.lost = true;
            if (s == attempt) {
                attempt = null;
                return; // the attempt's failure is handled where it was started
            }
            if (s != session) {
                return;
            }
            session = null;
            writer.detach();
            writer.maxPendingBytes(options.reconnectBufferBytes());
            failPongs(s, "connection to " + s.server + " lost: " + reason);
            if (status == Status.CLOSED) {
                return;
            }
            events.fire(ConnectionEvent.Type.DISCONNECTED, s.server, reason, null, 0);
            if (!options.reconnect()) {
                close = true;
            } else {
                if (status != Status.DRAINING) {
                    status = Status.RECONNECTING;
                }
                attempts = 0;
                scheduleReconnect();
            }
        } finally {
            lock.unlock();
        }
        if (close) {
            closeInternal("connection lost and reconnect is off: " + reason, null, false);
        }
    }

    private void failPongs(ClientSession s, String why) {
        CompletableFuture<Void> f;
        while ((f = s.pongs.poll()) != null) {
            f.completeExceptionally(new ConnectionClosedException(why));
        }
    }

    /** Under lock: the next reconnect attempt, to the next server, after the backoff. */
    private void scheduleReconnect() {
        attempts++;
        int max = options.maxReconnectAttempts();
        if (max >= 0 && attempts > max) {
            int tried = attempts - 1;
            loop.execute(
                    () ->
                            closeInternal(
                                    "gave up after " + tried + " reconnect attempts", null, false));
            return;
        }
        serverIndex = (serverIndex + 1) % servers.size();
        ServerAddress target = servers.get(serverIndex);
        reconnectTask =
                loop.schedule(
                        () -> attemptReconnect(target),
                        backoffNanos(attempts),
                        TimeUnit.NANOSECONDS);
    }

    /**
     * The wait before attempt {@code n} (1-based) since the loss: none for the first when there is
     * another server to try, else {@code reconnectWait} doubling up to {@code reconnectMaxWait},
     * plus or minus a random part up to {@code reconnectJitter}.
     */
    public long backoffNanos(int n) {
        int step = servers.size() > 1 ? n - 1 : n;
        if (step <= 0) {
            return 0;
        }
        long wait = options.reconnectWait().toNanos();
        long max = options.reconnectMaxWait().toNanos();
        long base = step > 30 ? max : Math.min(max, wait << Math.min(step - 1, 30));
        if (base < 0) {
            base = max;
        }
        long jitter = options.reconnectJitter().toNanos();
        if (jitter > 0) {
            base += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
        }
        return Math.max(0, base);
    }

    private void attemptReconnect(ServerAddress target) {
        ClientSession s;
        lock.lock();
        try {
            if (status == Status.CLOSED || session != null) {
                return;
            }
            s = open(target);
        } finally {
            lock.unlock();
        }
        s.ready.whenComplete(
                (ok, err) -> {
                    if (err != null) {
                        loop.execute(() -> reconnectFailed(s, err));
                    }
                });
    }

    private void reconnectFailed(ClientSession s, Throwable err) {
        boolean authFailed =
                err instanceof ProtocolException pe && pe.code() == ErrorCode.AUTH_FAILED;
        lock.lock();
        try {
            if (attempt == s) {
                attempt = null;
            }
            if (status == Status.CLOSED || session != null) {
                return;
            }
            if (err instanceof ProtocolException) {
                events.fire(ConnectionEvent.Type.ERROR, s.server, err.getMessage(), err, 0);
            }
            if (!authFailed) {
                scheduleReconnect();
            }
        } finally {
            lock.unlock();
        }
        if (authFailed) {
            closeInternal("authentication refused by " + s.server, err, false);
        }
    }

    /** I/O thread: the keepalive tick of a session. */
    void keepalive(ClientSession s) {
        int out;
        lock.lock();
        try {
            if (s != session) {
                return;
            }
            out = s.pingsOut;
            if (out < options.maxPingsOut()) {
                sendPing(s, new CompletableFuture<>());
                s.pingsOut++;
                return;
            }
        } finally {
            lock.unlock();
        }
        String why = "stale connection: " + out + " PINGs unanswered";
        loseSession(s, why);
    }

    /**
     * Under lock: appends a PING behind everything buffered. Its future joins the FIFO first: the
     * I/O thread may write the PING and read the PONG before {@code append} even returns.
     */
    private boolean sendPing(ClientSession s, CompletableFuture<Void> pong) {
        s.pongs.add(pong);
        if (writer.append(new Frame.Ping(), Overflow.DROP_NEWEST) == CoalescingWriter.Result.FULL) {
            s.pongs.remove(pong);
            return false;
        }
        return true;
    }

    /** Stops writing to a session at once and closes it; reconnecting follows. */
    private void loseSession(ClientSession s, String reason) {
        lock.lock();
        try {
            if (s == session) {
                writer.detach();
            }
        } finally {
            lock.unlock();
        }
        s.close(reason);
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
        Dispatcher d = dispatcher;
        if (d != null) {
            d.wake();
        }
    }

    void onMsg(ClientSession s, Frame.Msg m) {
        msgsIn.increment();
        bytesIn.add(m.payload().length);
        AbstractSubscription sub = lastSub;
        if (sub == null || sub.sid() != m.sid()) {
            sub = subs.get(m.sid());
            lastSub = sub; // a removed subscription is ENDING or CLOSED and drops what comes
        }
        if (sub != null) {
            sub.onMsg(m);
        }
        // else: just unsubscribed; drop silently
    }

    void onErr(ClientSession s, Frame.Err e) {
        ProtocolException pe = new ProtocolException(e.code(), e.text());
        if (e.sid() != 0) {
            AbstractSubscription sub = subs.remove(e.sid());
            if (sub != null) {
                if (sub == inbox) {
                    lock.lock();
                    try {
                        inbox = null;
                    } finally {
                        lock.unlock();
                    }
                    requests.failAll(pe);
                }
                sub.closeNow(pe);
            }
        }
        events.fire(ConnectionEvent.Type.ERROR, s.server, pe.getMessage(), pe, e.sid());
        if (e.fatal()) {
            if (pe.code() == ErrorCode.AUTH_FAILED) {
                closeInternal("authentication refused by " + s.server, pe, false);
            } else {
                loseSession(s, "server error: " + pe.getMessage());
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
        loseSession(s, "server going away: " + g.reason());
    }

    void onProtocolError(ClientSession s, ProtocolException e) {
        events.fire(ConnectionEvent.Type.ERROR, s.server, e.getMessage(), e, 0);
        loseSession(s, "protocol error: " + e.getMessage());
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

    private void checkOutbound(String subject, String replyTo, byte[] headers, byte[] payload) {
        if (subject != lastValidSubject) {
            Subjects.requireValidSubject(subject);
            checkSubjectBytes("subject", subject, limits);
            lastValidSubject = subject;
        }
        if (replyTo != null) {
            Subjects.requireValidSubject(replyTo);
        }
        ProtocolLimits l = limits;
        if (payload.length > l.maxPayload()) {
            throw new IllegalArgumentException(
                    "payload is "
                            + payload.length
                            + " bytes; the server's limit (max_payload) is "
                            + l.maxPayload());
        }
        if (headers.length > l.maxHeadersBytes()) {
            throw new IllegalArgumentException(
                    "headers are "
                            + headers.length
                            + " bytes; the server's limit (max_headers) is "
                            + l.maxHeadersBytes());
        }
        if (replyTo != null) {
            checkSubjectBytes("reply subject", replyTo, l);
        }
    }

    private static void checkSubjectBytes(String what, String s, ProtocolLimits l) {
        int n = FrameWriter.utf8Length(s);
        if (n > l.maxSubjectBytes()) {
            throw new IllegalArgumentException(
                    what
                            + " is "
                            + n
                            + " UTF-8 bytes; the server's limit (max_subject) is "
                            + l.maxSubjectBytes());
        }
    }

    /**
     * Publishes one PUB frame with the given flags, waiting for buffer room by the options.
     * Package-private for {@link StreamPublisher} ({@code PUB_ACK}).
     */
    void publishFrame(String subject, String replyTo, byte[] headers, byte[] payload, int flags) {
        Objects.requireNonNull(payload, "payload");
        if (status == Status.CLOSED) {
            throw new ConnectionClosedException("cannot publish to '" + subject + "': closed");
        }
        checkOutbound(subject, replyTo, headers, payload);
        long deadline = 0;
        while (writer.appendPub(
                        subject,
                        replyTo,
                        headers,
                        payload,
                        0,
                        payload.length,
                        flags,
                        Overflow.DROP_NEWEST)
                == CoalescingWriter.Result.FULL) {
            if (deadline == 0) {
                deadline = System.nanoTime() + options.publishTimeout().toNanos();
            }
            long size =
                    FrameLayout.HEADER
                            + FrameLayout.PUB_FIXED
                            + FrameWriter.utf8Length(subject)
                            + FrameWriter.utf8Length(replyTo)
                            + headers.length
                            + payload.length;
            awaitRoom(size, deadline, "publish to '" + subject + "'");
        }
    }

    /** Waits outside any lock for outbound room, or throws what the policy says. */
    private void awaitRoom(long bytes, long deadline, String what) {
        if (status == Status.CLOSED) {
            throw new ConnectionClosedException("cannot " + what + ": closed");
        }
        long max = writer.maxPendingBytes();
        boolean disconnected = session == null;
        if (bytes > max) {
            throw new IllegalArgumentException(
                    "cannot "
                            + what
                            + ": the frame is "
                            + bytes
                            + " bytes, more than the whole "
                            + (disconnected ? "reconnect" : "publish")
                            + " buffer ("
                            + max
                            + " bytes)");
        }
        if (disconnected && options.bufferFullPolicy() == BufferFullPolicy.FAIL) {
            throw new BufferFullException(
                    "cannot "
                            + what
                            + ": disconnected and the reconnect buffer is full ("
                            + writer.pendingBytes()
                            + " of "
                            + max
                            + " bytes waiting; BufferFullPolicy.FAIL)");
        }
        long left = deadline - System.nanoTime();
        try {
            if (left <= 0 || !writer.awaitRoom(bytes, left)) {
                if (status == Status.CLOSED) {
                    throw new ConnectionClosedException("cannot " + what + ": closed");
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new BufferFullException(
                            "cannot "
                                    + what
                                    + ": the "
                                    + (disconnected ? "reconnect" : "publish")
                                    + " buffer stayed full for "
                                    + options.publishTimeout()
                                    + " ("
                                    + writer.pendingBytes()
                                    + " of "
                                    + max
                                    + " bytes waiting)");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BufferFullException("interrupted while waiting to " + what);
        }
    }

    /**
     * Sends SUB or UNSUB in order with the publishes, exactly once per session: a SUB only if the
     * subscription is not yet known on the current session, an UNSUB only if it is. Without a
     * session nothing is sent (a reconnect resubscribes what is active).
     */
    private void sendControl(AbstractSubscription sub, Frame frame, boolean isSub) {
        long deadline = 0;
        while (true) {
            lock.lock();
            try {
                if (status == Status.CLOSED || session == null) {
                    return;
                }
                boolean known = sub.subscribedGen == gen;
                if (isSub == known) {
                    return;
                }
                if (writer.append(frame, Overflow.DROP_NEWEST) != CoalescingWriter.Result.FULL) {
                    if (isSub) {
                        sub.subscribedGen = gen;
                        long left = sub.remaining();
                        if (left > 0) {
                            isSub = false;
                            frame = new Frame.Unsub(sub.sid(), left);
                            continue; // the auto-unsubscribe set while this SUB waited
                        }
                    }
                    return;
                }
            } finally {
                lock.unlock();
            }
            if (deadline == 0) {
                deadline = System.nanoTime() + options.publishTimeout().toNanos();
            }
            awaitRoom(64 + FrameLayout.SUB_FIXED + 3L * 1024, deadline, "send " + frame.opcode());
        }
    }

    // ------------------------------------------------------------------ subscriptions

    private int newSid() {
        int s;
        do {
            s = nextSid.updateAndGet(x -> x == Integer.MAX_VALUE ? 1 : x + 1);
        } while (subs.containsKey(s));
        return s;
    }

    private void checkPattern(String pattern, SubscribeOptions o) {
        Subjects.requireValidPattern(pattern);
        Objects.requireNonNull(o, "options");
        ProtocolLimits l = limits;
        checkSubjectBytes("pattern", pattern, l);
        checkSubjectBytes("queue group", o.queueGroup().orElse(null), l);
    }

    private void ensureSubscribable(String pattern) {
        Status s = status;
        if (s == Status.CLOSED || s == Status.DRAINING) {
            throw new ConnectionClosedException(
                    "cannot subscribe to '" + pattern + "': the connection is " + s);
        }
    }

    @Override
    public Subscription subscribe(String pattern, SubscribeOptions options, MsgHandler handler) {
        Objects.requireNonNull(handler, "handler");
        checkPattern(pattern, options);
        HandlerSubscription sub;
        lock.lock();
        try {
            ensureSubscribable(pattern);
            if (dispatcher == null) {
                dispatcher = new Dispatcher(name);
            }
            sub = new HandlerSubscription(this, newSid(), pattern, options, handler, dispatcher);
            subs.put(sub.sid(), sub);
        } finally {
            lock.unlock();
        }
        sendControl(sub, sub.subFrame(), true);
        return sub;
    }

    @Override
    public PullSubscription subscribe(String pattern, SubscribeOptions options) {
        checkPattern(pattern, options);
        PullSubscriptionImpl sub;
        lock.lock();
        try {
            ensureSubscribable(pattern);
            sub = new PullSubscriptionImpl(this, newSid(), pattern, options);
            subs.put(sub.sid(), sub);
        } finally {
            lock.unlock();
        }
        sendControl(sub, sub.subFrame(), true);
        return sub;
    }

    /** From a subscription: UNSUB now (max 0, and forget it) or after {@code max} messages. */
    void unsubscribe(AbstractSubscription sub, long max) {
        if (max == 0) {
            subs.remove(sub.sid(), sub);
        }
        sendControl(sub, new Frame.Unsub(sub.sid(), max), false);
    }

    /** I/O thread: the subscription reached its auto-unsubscribe count. */
    void forget(AbstractSubscription sub) {
        subs.remove(sub.sid(), sub);
    }

    CompletableFuture<Void> drainSubscription(AbstractSubscription sub, Duration timeout) {
        if (sub.state != AbstractSubscription.State.ACTIVE) {
            return sub.finished();
        }
        sub.state = AbstractSubscription.State.DRAINING;
        sendControl(sub, new Frame.Unsub(sub.sid(), 0), false);
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual()
                .name("switchboard-client-" + name + "-drain")
                .start(
                        () -> {
                            long deadline = System.nanoTime() + timeout.toNanos();
                            quietFlush(timeout);
                            subs.remove(sub.sid(), sub);
                            sub.end();
                            awaitFinished(List.of(sub), deadline, result);
                        });
        return result;
    }

    private void quietFlush(Duration timeout) {
        try {
            flush(timeout);
        } catch (TimeoutException | RuntimeException e) {
            // Drain goes on: what arrived is handled, the rest is lost with the connection.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitFinished(
            List<AbstractSubscription> list, long deadline, CompletableFuture<Void> result) {
        CompletableFuture<?>[] all = new CompletableFuture<?>[list.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = list.get(i).finished();
        }
        try {
            CompletableFuture.allOf(all)
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            result.complete(null);
        } catch (TimeoutException | ExecutionException | InterruptedException e) {
            int pending = 0;
            for (AbstractSubscription s : list) {
                pending += s.pendingMessages();
                s.closeNow(null);
            }
            result.completeExceptionally(
                    new TimeoutException(
                            "drain timed out with " + pending + " messages still pending"));
        }
    }

    private AbstractSubscription ensureInbox() {
        InboxSubscription in;
        lock.lock();
        try {
            if (status == Status.CLOSED) {
                throw new ConnectionClosedException("cannot send a request: closed");
            }
            if (inbox == null) {
                inbox = new InboxSubscription(this, newSid(), requests);
                subs.put(inbox.sid(), inbox);
            }
            in = inbox;
        } finally {
            lock.unlock();
        }
        sendControl(in, in.subFrame(), true);
        return in;
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
        T sub;
        lock.lock();
        try {
            if (status == Status.CLOSED) {
                throw new ConnectionClosedException("cannot subscribe: closed");
            }
            sub = factory.apply(newSid());
            subs.put(sub.sid(), sub);
        } finally {
            lock.unlock();
        }
        sendControl(sub, sub.subFrame(), true);
        return sub;
    }

    // ------------------------------------------------------------------ request/reply

    private static void requirePositive(String what, Duration d) {
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
        checkOutbound(subject, null, headers, payload);
        ensureInbox();
        String replyTo = requests.newReplySubject();
        CompletableFuture<Msg> f = requests.one(replyTo, subject, timeout, hop);
        publishRequest(subject, replyTo, headers, payload);
        return f;
    }

    private void publishRequest(String subject, String replyTo, byte[] headers, byte[] payload) {
        try {
            publishFrame(subject, replyTo, headers, payload, FrameFlags.PUB_REQUEST);
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
        checkOutbound(subject, null, headers, payload);
        ensureInbox();
        String replyTo = requests.newReplySubject();
        CompletableFuture<List<Msg>> f = requests.all(replyTo, subject, maxReplies, deadline);
        publishRequest(subject, replyTo, headers, payload);
        return f;
    }

    @Override
    public Msg requestBlocking(String subject, byte[] payload, Duration timeout)
            throws InterruptedException {
        CompletableFuture<Msg> f = sendRequest(subject, Headers.EMPTY, payload, timeout, false);
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
        if (loop.inEventLoop()) {
            throw new IllegalStateException("flush would block the connection's I/O thread");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<Void> pong = queuePing(deadline);
        try {
            pong.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re
                    ? re
                    : new ConnectionClosedException("flush failed: " + cause);
        } catch (TimeoutException e) {
            throw new TimeoutException("no PONG within " + timeout);
        }
    }

    /** Appends a PING behind everything buffered, waiting for a session and room if needed. */
    private CompletableFuture<Void> queuePing(long deadline)
            throws TimeoutException, InterruptedException {
        CompletableFuture<Void> pong = new CompletableFuture<>();
        while (true) {
            lock.lock();
            try {
                while (session == null) {
                    if (status == Status.CLOSED) {
                        throw new ConnectionClosedException("cannot flush: closed");
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("not connected within the flush timeout");
                    }
                    connected.awaitNanos(left);
                }
                if (sendPing(session, pong)) {
                    return pong;
                }
            } finally {
                lock.unlock();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !writer.awaitRoom(FrameLayout.HEADER, left)) {
                if (status == Status.CLOSED) {
                    throw new ConnectionClosedException("cannot flush: closed");
                }
                if (deadline - System.nanoTime() <= 0) {
                    throw new TimeoutException("outbound buffer stayed full during the flush");
                }
            }
        }
    }

    @Override
    public CompletableFuture<Void> flushAsync(Duration timeout) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        Thread.ofVirtual()
                .name("switchboard-client-" + name + "-flush")
                .start(
                        () -> {
                            try {
                                flush(timeout);
                                result.complete(null);
                            } catch (Exception e) {
                                result.completeExceptionally(e);
                            }
                        });
        return result;
    }

    @Override
    public CompletableFuture<Void> drain(Duration timeout) {
        requirePositive("timeout", timeout);
        CompletableFuture<Void> result;
        lock.lock();
        try {
            if (draining != null) {
                return draining;
            }
            if (status == Status.CLOSED) {
                return CompletableFuture.completedFuture(null);
            }
            status = Status.DRAINING;
            draining = result = new CompletableFuture<>();
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual()
                .name("switchboard-client-" + name + "-drain")
                .start(() -> drainAll(timeout, result));
        return result;
    }

    private void drainAll(Duration timeout, CompletableFuture<Void> result) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<AbstractSubscription> list = new ArrayList<>();
        for (AbstractSubscription sub : subs.values()) {
            if (!sub.isReplyInbox() && sub.state == AbstractSubscription.State.ACTIVE) {
                sub.state = AbstractSubscription.State.DRAINING;
                list.add(sub);
            }
        }
        for (AbstractSubscription sub : list) {
            sendControl(sub, new Frame.Unsub(sub.sid(), 0), false);
        }
        quietFlush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        for (AbstractSubscription sub : list) {
            subs.remove(sub.sid(), sub);
            sub.end();
        }
        CompletableFuture<Void> subsDone = new CompletableFuture<>();
        awaitFinished(list, deadline, subsDone);
        // Handlers may have published while finishing: write that too.
        quietFlush(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        closeInternal("drained", null, false);
        subsDone.whenComplete(
                (v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(null);
                    }
                });
    }

    @Override
    public void close() {
        if (status == Status.CLOSED) {
            return;
        }
        if (session != null && !loop.inEventLoop()) {
            quietFlush(options.connectTimeout());
        }
        closeInternal("closed by the application", null, true);
    }

    private void closeInternal(String reason, Throwable error, boolean fireEvenIfNew) {
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
            if (reconnectTask != null) {
                reconnectTask.cancel(false);
            }
            d = dispatcher;
            connected.signalAll();
        } finally {
            lock.unlock();
        }
        writer.detach();
        writer.close();
        ticker.cancel(false);
        if (s != null) {
            failPongs(s, "connection closed: " + reason);
            s.close(reason);
        }
        if (a != null) {
            a.close(reason);
        }
        requests.failAll(new ConnectionClosedException("connection closed: " + reason));
        for (AbstractSubscription sub : List.copyOf(subs.values())) {
            sub.closeNow(null);
        }
        subs.clear();
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
                msgsIn.sum(),
                bytesIn.sum(),
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
