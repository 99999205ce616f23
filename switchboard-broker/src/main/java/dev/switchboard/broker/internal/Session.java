package dev.switchboard.broker.internal;

import dev.switchboard.broker.AuthRequest;
import dev.switchboard.broker.Permissions;
import dev.switchboard.broker.Principal;
import dev.switchboard.broker.SlowConsumerPolicy;
import dev.switchboard.broker.internal.stream.StreamManager;
import dev.switchboard.broker.internal.stream.StreamRuntime;
import dev.switchboard.bus.routing.Match;
import dev.switchboard.core.message.Subjects;
import dev.switchboard.protocol.CoalescingWriter;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameCodec;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameFlags;
import dev.switchboard.protocol.FrameHandler;
import dev.switchboard.protocol.FrameLayout;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Headers;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.Overflow;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.Utf8;
import dev.switchboard.protocol.stream.ApiError;
import dev.switchboard.protocol.stream.ApiJson;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, the frames it sends, its subscriptions, and its outbound
 * buffer. Sits after the {@link FrameDecoder} in the channel's pipeline and is its {@link
 * FrameHandler}.
 *
 * <p>Design note: everything this class reads from the wire runs on the connection's event loop.
 * Other event loops call only {@link #enqueue}, {@link #enqueueStatus}, {@link #isClosing} and
 * {@link #pendingBytesApprox}, which go through the {@link CoalescingWriter}'s lock or volatile
 * state. A PUB is parsed in place and forwarded as a copy of its body behind a subscription id; the
 * payload is never decoded.
 */
final class Session extends ChannelInboundHandlerAdapter implements FrameHandler {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private enum State {
        AWAITING_HELLO,
        OPEN,
        CLOSING
    }

    private final BrokerCore core;
    private final long id;
    private final String transport;
    private final Instant connectedAt = Instant.now();
    private final Map<Integer, ServerSubscription> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, Boolean> publishAllowed = new HashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean slowEpisode = new AtomicBoolean();
    private final LongAdder droppedNewest = new LongAdder();
    private final LongAdder slowConsumerEvents = new LongAdder();
    private CoalescingWriter writer;
    private FrameDecoder decoder;
    private Channel channel;
    private ScheduledFuture<?> handshakeTimer;
    private volatile State state = State.AWAITING_HELLO; // read by goAway from the shutdown thread
    private volatile String name = "";
    private volatile Principal principal = Principal.ANONYMOUS;
    private boolean echo = true;
    // The last subject published on this connection and its routes: most publishers repeat one.
    private SubjectCache.Entry lastSubject;
    private volatile int protocolVersion = ProtocolVersion.MIN; // set by the handshake
    private StreamRuntime lastStream; // the publish path's last capture lookup
    private String lastStreamSubject;
    private long lastStreamGeneration = -1;
    // The inbox prefix of this connection's last acknowledged publish and its route (see ackReply).
    private byte[] ackPrefix;
    private Match<ServerSubscription> ackPrefixMatch;
    private long ackPrefixGeneration = -1;
    private Match<ServerSubscription> lastMatch;
    private long lastGeneration = -1;
    private long msgsIn; // written by this connection's event loop only
    private long bytesIn;

    Session(BrokerCore core, String transport) {
        this.core = core;
        this.id = core.nextConnectionId.incrementAndGet();
        this.transport = transport;
    }

    long id() {
        return id;
    }

    /** Installs the decoder this session handles; called by the channel initializer. */
    void decoder(FrameDecoder d) {
        this.decoder = d;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        writer = new CoalescingWriter(channel.alloc(), core.config.maxPendingBytes());
        core.stats.connectionsAccepted.increment();
        if (core.connectionCount.incrementAndGet() > core.config.maxConnections()) {
            core.stats.connectionsRefused.increment();
            fatal(
                    new ProtocolException(
                            ErrorCode.TOO_MANY_CONNECTIONS,
                            "the server holds its maximum of "
                                    + core.config.maxConnections()
                                    + " connections"));
            return;
        }
        core.sessions.put(id, this);
        long timeoutMs = core.config.handshakeTimeout().toMillis();
        handshakeTimer =
                ctx.executor()
                        .schedule(
                                () -> {
                                    if (state == State.AWAITING_HELLO) {
                                        fatal(
                                                new ProtocolException(
                                                        ErrorCode.HANDSHAKE_TIMEOUT,
                                                        "no HELLO within " + timeoutMs + " ms"));
                                    }
                                },
                                timeoutMs,
                                TimeUnit.MILLISECONDS);
        log.debug("[conn {}] accepted from {} over {}", id, channel.remoteAddress(), transport);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSING;
        closing.set(true);
        if (handshakeTimer != null) {
            handshakeTimer.cancel(false);
        }
        for (ServerSubscription s : subscriptions.values()) {
            unregister(s);
        }
        subscriptions.clear();
        if (writer != null) {
            writer.close();
            core.stats.retiredMsgsOut.add(writer.messagesAppended());
            core.stats.retiredBytesOut.add(writer.payloadBytesAppended());
        }
        core.stats.retiredMsgsIn.add(msgsIn);
        core.stats.retiredBytesIn.add(bytesIn);
        core.sessions.remove(id);
        core.connectionCount.decrementAndGet(); // incremented for every accepted channel
        log.debug("[conn {}] closed", id);
        ctx.fireChannelInactive();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            writer.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && state == State.OPEN) {
            if (idle.isFirst()) {
                writer.append(new Frame.Ping(), Overflow.REFUSE);
            } else {
                fatal(
                        new ProtocolException(
                                ErrorCode.STALE_CONNECTION,
                                "nothing received for two heartbeat intervals ("
                                        + 2 * core.config.heartbeat().toMillis()
                                        + " ms)"));
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root =
                cause instanceof DecoderException && cause.getCause() != null
                        ? cause.getCause()
                        : cause;
        if (root instanceof IOException || root instanceof SSLException) {
            // Resets and TLS failures: the peer cannot be told anything useful.
            log.debug("[conn {}] closing after I/O error: {}", id, root.toString());
            closeNow();
            return;
        }
        // A bug of ours, not the client's fault: say so, keep the details in our log.
        log.warn("[conn {}] internal error; closing the connection", id, root);
        fatal(
                new ProtocolException(
                        ErrorCode.INTERNAL_ERROR, "internal error; see the server log"));
    }

    // ---- frames ----------------------------------------------------------------------------

    @Override
    public void onFrame(
            ChannelHandlerContext ctx,
            Opcode opcode,
            int flags,
            ByteBuf buf,
            int index,
            int length) {
        if (state == State.CLOSING) {
            return;
        }
        if (state == State.AWAITING_HELLO) {
            if (opcode != Opcode.HELLO) {
                throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, opcode + " before HELLO");
            }
            hello(ctx, (Frame.Hello) decode(opcode, flags, buf, index, length));
            return;
        }
        switch (opcode) {
            case PUB -> pub(buf, index, length, flags);
            case PING -> {
                FrameCodec.checkFlags(opcode, flags);
                writer.append(new Frame.Pong(), Overflow.REFUSE);
            }
            case PONG -> FrameCodec.checkFlags(opcode, flags);
            case SUB -> sub((Frame.Sub) decode(opcode, flags, buf, index, length));
            case UNSUB -> unsub((Frame.Unsub) decode(opcode, flags, buf, index, length));
            case HELLO -> throw new ProtocolException(ErrorCode.UNEXPECTED_FRAME, "a second HELLO");
            default ->
                    throw new ProtocolException(
                            ErrorCode.UNEXPECTED_FRAME, opcode + " is not sent by clients");
        }
    }

    private Frame decode(Opcode opcode, int flags, ByteBuf buf, int index, int length) {
        return FrameCodec.decode(opcode, flags, buf, index, length, decoder.limits());
    }

    @Override
    public void onProtocolError(ChannelHandlerContext ctx, ProtocolException error) {
        core.stats.protocolErrors.increment();
        log.debug("[conn {}] protocol error: {}", id, error.getMessage());
        fatal(error);
    }

    private void hello(ChannelHandlerContext ctx, Frame.Hello hello) {
        int version = ProtocolVersion.negotiate(hello.minVersion(), hello.maxVersion());
        if (version < 0) {
            throw new ProtocolException(
                    ErrorCode.UNSUPPORTED_VERSION,
                    "client speaks "
                            + hello.minVersion()
                            + ".."
                            + hello.maxVersion()
                            + ", server speaks "
                            + ProtocolVersion.MIN
                            + ".."
                            + ProtocolVersion.MAX);
        }
        protocolVersion = version;
        Principal p =
                core.config
                        .authenticator()
                        .authenticate(
                                new AuthRequest(
                                        hello.name(),
                                        hello.token(),
                                        channel.remoteAddress(),
                                        peerCertificates(ctx)));
        if (p == null) {
            core.stats.authFailures.increment();
            log.info("[conn {}] authentication failed from {}", id, channel.remoteAddress());
            throw new ProtocolException(ErrorCode.AUTH_FAILED, "authentication failed");
        }
        handshakeTimer.cancel(false);
        principal = p;
        name = hello.name();
        echo = hello.echo();
        ProtocolLimits limits = core.config.limits();
        decoder.limits(limits);
        state = State.OPEN;
        writer.append(
                new Frame.Welcome(
                        version,
                        core.serverId,
                        core.config.serverName(),
                        BrokerInfo.VERSION,
                        id,
                        limits,
                        core.config.maxSubscriptionsPerConnection(),
                        core.config.heartbeat().toMillis()),
                Overflow.REFUSE);
        writer.attach(channel);
        log.debug("[conn {}] open: name='{}' principal={}", id, name, p.name());
    }

    private static List<Certificate> peerCertificates(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return List.of();
        }
        try {
            return List.of(ssl.engine().getSession().getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    /** The hot path: parse a PUB in place and route it. */
    private void pub(ByteBuf buf, int index, int length, int flags) {
        if ((flags & ~(FrameFlags.PUB_REQUEST | FrameFlags.PUB_ACK)) != 0) {
            FrameCodec.checkFlags(Opcode.PUB, flags);
        }
        ProtocolLimits limits = decoder.limits();
        int end = index + length;
        if (length < FrameLayout.PUB_FIXED) {
            throw bad("body of " + length + " bytes is shorter than the fixed fields");
        }
        int subjectLength = buf.getUnsignedShort(index);
        int subjectAt = index + 2;
        int p = subjectAt + subjectLength;
        if (subjectLength > limits.maxSubjectBytes() || p + 2 > end) {
            throw bad("subject length " + subjectLength + " is over the limit or past the body");
        }
        int replyLength = buf.getUnsignedShort(p);
        int replyAt = p + 2;
        p = replyAt + replyLength;
        if (replyLength > limits.maxSubjectBytes() || p + 4 > end) {
            throw bad("reply length " + replyLength + " is over the limit or past the body");
        }
        long headersLength = buf.getUnsignedInt(p);
        int headersAt = p + 4;
        if (headersLength > limits.maxHeadersBytes()) {
            throw new ProtocolException(
                    ErrorCode.BAD_HEADERS,
                    "headers are "
                            + headersLength
                            + " bytes; the limit is "
                            + limits.maxHeadersBytes());
        }
        if (headersAt + headersLength > end) {
            throw bad("headers length " + headersLength + " runs past the body");
        }
        int payloadLength = end - headersAt - (int) headersLength;
        if (payloadLength > limits.maxPayload()) {
            throw new ProtocolException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    "payload is " + payloadLength + " bytes; the limit is " + limits.maxPayload());
        }
        if (headersLength > 0) {
            String why = Headers.validate(buf, headersAt, (int) headersLength);
            if (why != null) {
                throw new ProtocolException(ErrorCode.BAD_HEADERS, why);
            }
        }
        boolean request = (flags & FrameFlags.PUB_REQUEST) != 0;
        if (request && replyLength == 0) {
            throw bad("a request (flag 0x01) needs a reply subject");
        }
        boolean ack = (flags & FrameFlags.PUB_ACK) != 0;
        if (ack && protocolVersion < ProtocolVersion.STREAMS) {
            throw new ProtocolException(
                    ErrorCode.BAD_FLAGS,
                    "PUB flag 0x02 (stream ack) needs protocol version "
                            + ProtocolVersion.STREAMS
                            + "; this connection negotiated "
                            + protocolVersion);
        }
        if (ack && replyLength == 0) {
            throw bad("a publish wanting a stream ack (flag 0x02) needs a reply subject");
        }
        SubjectCache.Entry entry = lastSubject;
        if (entry == null || !entry.matches(buf, subjectAt, subjectLength)) {
            entry = subjectEntry(buf, subjectAt, subjectLength);
            if (entry == null) {
                return;
            }
            lastSubject = entry;
            lastGeneration = -1;
        }
        String subject = entry.subject();
        if (entry.reserved()) {
            // Advisories and other broker subjects must not be forgeable by clients.
            refuse(
                    ErrorCode.PERMISSION_DENIED,
                    0,
                    "'"
                            + subject
                            + "' is reserved for the broker; clients may publish to $SYS.REQ.>,"
                            + " $SYS.API.> and $SYS.ACK.>");
            return;
        }
        byte[] replyBytes = null;
        if (replyLength > 0) {
            replyBytes = new byte[replyLength];
            buf.getBytes(replyAt, replyBytes); // once, for the check and any decode below
            String why = SubjectBytes.check(replyBytes);
            if (why != null) {
                refuse(ErrorCode.INVALID_SUBJECT, 0, "PUB reply subject " + why);
                return;
            }
        }
        Permissions perms = principal.permissions();
        if (perms != Permissions.ALLOW_ALL && !mayPublish(perms, subject)) {
            refuse(ErrorCode.PERMISSION_DENIED, 0, "may not publish to '" + subject + "'");
            return;
        }
        msgsIn++;
        bytesIn += payloadLength;
        if (entry.ack()) {
            acknowledge(subject, buf, replyBytes, headersAt + (int) headersLength, end);
            return;
        }
        StreamManager streams = core.streams;
        if (ack || (streams != null && streams.size() > 0)) {
            if (capture(
                    streams, subject, ack, buf, replyBytes, headersAt, (int) headersLength, end)) {
                return; // an acked publish was routed to live subscribers without its reply subject
            }
        }
        long generation = core.router.generation(); // read before matching: see SubjectRouter
        if (generation != lastGeneration) {
            lastMatch = core.router.match(subject);
            lastGeneration = generation;
        }
        int n =
                core.route(
                        lastMatch,
                        this,
                        echo,
                        buf,
                        index,
                        length,
                        headersAt,
                        (int) headersLength,
                        payloadLength);
        if (n == 0 && request) {
            core.noResponders(Utf8.decode(replyBytes)); // a request always has a reply
        }
    }

    /**
     * A publish to a {@code $SYS.ACK.} subject (a consumer acknowledgement) or a pull request:
     * handed to the stream in this connection's order.
     */
    private void acknowledge(
            String subject, ByteBuf buf, byte[] replyBytes, int payloadAt, int end) {
        StreamManager streams = core.streams;
        String reply = replyBytes == null ? null : Utf8.decode(replyBytes);
        byte[] payload = new byte[end - payloadAt];
        buf.getBytes(payloadAt, payload);
        if (streams != null) {
            if (subject.startsWith("$SYS.ACK.")) {
                streams.acknowledge(subject, reply, payload);
            } else {
                streams.pull(subject, reply, payload);
            }
        } else if (reply != null) {
            core.publish(
                    reply,
                    null,
                    ApiJson.error(ApiError.STREAMS_DISABLED.code(), "streams are disabled"));
        }
    }

    /**
     * The reply of an acknowledged publish with its route resolved now, from this connection's
     * cache of its inbox prefix: a client publishing with acks answers every one to {@code <its
     * inbox prefix>.<n>}, so the stream thread that answers need not match each reply again.
     */
    private CharSequence ackReply(byte[] bytes) {
        int dot = -1;
        for (int i = bytes.length - 1; i > 0; i--) {
            if (bytes[i] == '.') {
                dot = i;
                break;
            }
        }
        if (dot <= 0 || !Utf8.isAscii(bytes)) {
            return Utf8.decode(bytes); // checked, so never null; matched when answered
        }
        long g = core.router.generation(); // read before matching: see SubjectRouter
        if (g != ackPrefixGeneration
                || ackPrefix == null
                || !Arrays.equals(bytes, 0, dot, ackPrefix, 0, ackPrefix.length)) {
            ackPrefix = Arrays.copyOf(bytes, dot);
            ackPrefixMatch =
                    core.router.matchAnyLastToken(
                            new String(bytes, 0, dot, StandardCharsets.ISO_8859_1));
            ackPrefixGeneration = g;
        }
        return new BrokerCore.RoutedReply(bytes, ackPrefixMatch, g);
    }

    /**
     * Stores a publish in the stream capturing its subject, if any. A publish wanting an ack is
     * answered (NO_STREAM when nothing captures it) and routed here to live subscribers without its
     * reply subject.
     *
     * @return whether the publish was fully handled (routing included)
     */
    private boolean capture(
            StreamManager streams,
            String subject,
            boolean ack,
            ByteBuf buf,
            byte[] replyBytes,
            int headersAt,
            int headersLength,
            int end) {
        CharSequence reply = ack ? ackReply(replyBytes) : null;
        if (streams == null) {
            core.publish(
                    reply.toString(),
                    null,
                    ApiJson.error(
                            ApiError.STREAMS_DISABLED.code(),
                            "streams are disabled on this broker (set [storage] dir)"));
            return false;
        }
        long gen = streams.generation();
        StreamRuntime stream;
        if (gen == lastStreamGeneration && subject.equals(lastStreamSubject)) {
            stream = lastStream;
        } else {
            stream = streams.capture(subject);
            lastStream = stream;
            lastStreamSubject = subject;
            lastStreamGeneration = gen;
        }
        if (stream == null) {
            if (ack) {
                streams.noStream(subject, reply.toString());
            }
            return false;
        }
        byte[] headers = new byte[headersLength];
        buf.getBytes(headersAt, headers);
        int payloadAt = headersAt + headersLength;
        byte[] payload = new byte[end - payloadAt];
        buf.getBytes(payloadAt, payload);
        stream.publish(subject, headers, payload, reply);
        if (ack) {
            core.routeCopy(this, echo, subject, headers, payload);
            return true;
        }
        return false;
    }

    /** Finds or validates and caches a subject; refuses it and returns null if invalid. */
    private SubjectCache.Entry subjectEntry(ByteBuf buf, int at, int length) {
        SubjectCache cache = SubjectCache.get();
        SubjectCache.Entry e = cache.find(buf, at, length);
        if (e == null) {
            String why = SubjectBytes.check(buf, at, length);
            if (why != null) {
                refuse(ErrorCode.INVALID_SUBJECT, 0, "PUB subject " + why);
                return null;
            }
            e = cache.put(buf, at, length, Utf8.decode(buf, at, length));
        }
        return e;
    }

    private boolean mayPublish(Permissions perms, String subject) {
        Boolean allowed = publishAllowed.get(subject);
        if (allowed == null) {
            allowed = perms.canPublish(subject);
            if (publishAllowed.size() < 10_000) {
                publishAllowed.put(subject, allowed);
            }
        }
        return allowed;
    }

    private static ProtocolException bad(String detail) {
        return new ProtocolException(ErrorCode.BAD_FRAME, "PUB: " + detail);
    }

    private void sub(Frame.Sub sub) {
        int sid = sub.sid();
        if (!Subjects.isValidPattern(sub.pattern())) {
            refuse(ErrorCode.INVALID_SUBJECT, sid, reason(sub.pattern(), true));
            return;
        }
        String group = sub.queueGroup();
        if (group != null && !Subjects.isValidSubject(group)) {
            refuse(
                    ErrorCode.INVALID_QUEUE_GROUP,
                    sid,
                    "queue group '" + group + "' " + reason(group, false));
            return;
        }
        if (subscriptions.containsKey(sid)) {
            refuse(ErrorCode.DUPLICATE_SUBSCRIPTION_ID, sid, "sid " + sid + " is in use");
            return;
        }
        int max = core.config.maxSubscriptionsPerConnection();
        if (subscriptions.size() >= max) {
            refuse(
                    ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    sid,
                    "this connection holds its maximum of " + max + " subscriptions");
            return;
        }
        if (!principal.permissions().canSubscribe(sub.pattern(), group)) {
            refuse(
                    ErrorCode.PERMISSION_DENIED,
                    sid,
                    "may not subscribe to '" + sub.pattern() + "'");
            return;
        }
        if (group != null) {
            String why = core.groups.join(group, sub.mode(), sub.hashHeader());
            if (why != null) {
                refuse(ErrorCode.INVALID_QUEUE_GROUP, sid, why);
                return;
            }
        }
        ServerSubscription s = ServerSubscription.of(this, sid, sub.pattern(), group);
        subscriptions.put(sid, s);
        core.router.add(sub.pattern(), group, s);
        StreamManager streams = core.streams;
        if (streams != null) {
            streams.interestChanged(); // a push consumer may now have somebody to deliver to
        }
    }

    private static String reason(String s, boolean pattern) {
        try {
            if (pattern) {
                Subjects.requireValidPattern(s);
            } else {
                Subjects.requireValidSubject(s);
            }
            return "is invalid";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    private void unsub(Frame.Unsub unsub) {
        ServerSubscription s = subscriptions.get(unsub.sid());
        if (s == null) {
            return; // already gone (auto-unsubscribed, or never existed): nothing to do
        }
        if (unsub.maxMessages() == 0) {
            remove(s);
        } else {
            // Counting becomes exact from here on.
            s.delivered.set(s.deliveredCount());
            s.approxDelivered = 0;
            s.maxMessages = s.delivered.get() + unsub.maxMessages();
            if (s.delivered.get() >= s.maxMessages) {
                remove(s);
            }
        }
    }

    private void remove(ServerSubscription s) {
        if (subscriptions.remove(s.sid, s)) {
            unregister(s);
        }
    }

    private void unregister(ServerSubscription s) {
        core.router.remove(s.pattern, s.group, s);
        if (s.group != null) {
            core.groups.leave(s.group);
        }
    }

    // ---- outbound (any thread) ---------------------------------------------------------------

    /**
     * Queues a MSG for one of this session's subscriptions. Called on publishers' event loops.
     *
     * @return whether the message was queued
     */
    boolean enqueue(
            ServerSubscription s, ByteBuf buf, int bodyAt, int bodyLength, int payloadLength) {
        if (!admit(s)) {
            return false;
        }
        Overflow overflow = core.config.slowConsumerPolicy().overflow(); // reloadable
        return appended(
                writer.appendMsgFromPub(s.sid, 0, buf, bodyAt, bodyLength, payloadLength, overflow),
                bodyLength);
    }

    /**
     * Queues a MSG for a message the broker holds as arrays (stream deliveries, its answers),
     * encoded straight into the outbound buffer; otherwise as {@link #enqueue}.
     */
    boolean enqueueMsg(
            ServerSubscription s,
            CharSequence subject,
            CharSequence replyTo,
            byte[] headers,
            byte[] payload) {
        if (!admit(s)) {
            return false;
        }
        Overflow overflow = core.config.slowConsumerPolicy().overflow(); // reloadable
        return appended(
                writer.appendMsg(s.sid, 0, subject, replyTo, headers, payload, overflow),
                headers.length + payload.length);
    }

    /**
     * @return bytes that may still be queued before half the outbound bound is: producers that can
     *     wait (stream consumers) pause at 0 or less until it drains
     */
    long room() {
        return core.config.maxPendingBytes() / 2 - writer.pendingBytes();
    }

    /** Whether the session and the subscription's message limit let one more message through. */
    private boolean admit(ServerSubscription s) {
        if (closing.get()) {
            return false;
        }
        long max = s.maxMessages;
        if (max > 0) {
            long n = s.delivered.incrementAndGet();
            if (n > max) {
                return false;
            }
            if (n == max) {
                channel.eventLoop().execute(() -> remove(s));
            }
        } else {
            s.approxDelivered++;
        }
        return true;
    }

    /** Counts what the outbound buffer's bound did to one message; whether it was queued. */
    private boolean appended(CoalescingWriter.Result r, int size) {
        if (r == CoalescingWriter.Result.FULL) {
            overflowed(size);
            return false;
        }
        if (r == CoalescingWriter.Result.APPENDED_DROPPING_OLDER) {
            overflowed(size);
        } else if (slowEpisode.get() && room() > 0) {
            slowEpisode.set(false);
        }
        return true;
    }

    /** Queues a status MSG (no payload) such as no-responders. */
    void enqueueStatus(ServerSubscription s, String subject, int flags) {
        if (!closing.get()) {
            writer.append(
                    new Frame.Msg(s.sid, subject, null, Headers.EMPTY, Headers.EMPTY, flags != 0),
                    core.config.slowConsumerPolicy().overflow());
        }
    }

    private void overflowed(int bodyLength) {
        Overflow overflow = core.config.slowConsumerPolicy().overflow();
        core.stats.droppedSlowConsumer.increment();
        if (overflow == Overflow.DROP_NEWEST) {
            droppedNewest.increment();
        }
        if (slowEpisode.compareAndSet(false, true)) {
            slowConsumerEvents.increment();
            core.stats.slowConsumers.increment();
            SlowConsumerPolicy policy = core.config.slowConsumerPolicy();
            Map<String, Object> advisory = Advisories.slowConsumer(info(), policy, bodyLength);
            core.onSystemThread(() -> Advisories.publish(core, Advisories.SLOW_CONSUMER, advisory));
            log.warn(
                    "[conn {}] slow consumer '{}' ({}): outbound buffer full at {} bytes; policy {}",
                    id,
                    name,
                    channel.remoteAddress(),
                    core.config.maxPendingBytes(),
                    policy);
        }
        if (overflow == Overflow.REFUSE) {
            fatal(
                    new ProtocolException(
                            ErrorCode.SLOW_CONSUMER,
                            "outbound buffer full ("
                                    + core.config.maxPendingBytes()
                                    + " bytes); disconnected by the slow-consumer policy"));
        }
    }

    boolean isClosing() {
        return closing.get();
    }

    long pendingBytesApprox() {
        return writer == null ? 0 : writer.pendingBytes();
    }

    /** Applies a new outbound bound (a configuration reload). Any thread. */
    void maxPendingBytes(long bytes) {
        if (writer != null) {
            writer.maxPendingBytes(bytes);
        }
    }

    // ---- errors and closing (any thread) -----------------------------------------------------

    /** Reports a non-fatal error in order with the connection's other frames. */
    private void refuse(ErrorCode code, int sid, String text) {
        writer.append(Frame.Err.of(code, sid, text), Overflow.REFUSE);
    }

    /** Reports a fatal error ahead of anything queued, then closes. Safe from any thread. */
    void fatal(ProtocolException error) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Channel ch = channel;
        ch.eventLoop()
                .execute(
                        () -> {
                            state = State.CLOSING;
                            if (decoder != null) {
                                decoder.stop();
                            }
                            writer.close();
                            ErrorCode code =
                                    error.code() == null ? ErrorCode.INTERNAL_ERROR : error.code();
                            ByteBuf out = ch.alloc().buffer();
                            FrameWriter.write(
                                    new Frame.Err(code.code(), 0, error.detail(), true), out);
                            ch.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
                        });
    }

    /** Tells the client the server is going away; it should reconnect elsewhere. */
    void goAway(long drainMs, String reason) {
        if (state == State.OPEN && !closing.get()) {
            writer.append(new Frame.GoAway(drainMs, reason), Overflow.REFUSE);
        }
    }

    /** Closes without a word (I/O errors, the end of a shutdown). */
    void closeNow() {
        closing.set(true);
        if (channel != null) {
            channel.close();
        }
    }

    /**
     * @return whether everything queued has been handed to the socket
     */
    boolean drained() {
        return writer == null
                || (writer.pendingBytes() == 0
                        && (channel.unsafe().outboundBuffer() == null
                                || channel.unsafe().outboundBuffer().totalPendingWriteBytes()
                                        == 0));
    }

    // ---- listings (system thread) ------------------------------------------------------------

    ConnectionInfo info() {
        return new ConnectionInfo(
                id,
                name,
                String.valueOf(channel.remoteAddress()),
                transport,
                principal.name(),
                connectedAt,
                subscriptions.size(),
                msgsIn,
                bytesIn,
                writer == null ? 0 : writer.messagesAppended(),
                writer == null ? 0 : writer.payloadBytesAppended(),
                writer == null ? 0 : writer.pendingBytes(),
                droppedNewest.sum() + (writer == null ? 0 : writer.droppedOlder()),
                slowConsumerEvents.sum());
    }

    List<ServerSubscription> subscriptionList() {
        return List.copyOf(subscriptions.values());
    }
}
