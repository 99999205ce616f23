package dev.switchboard.client;

import dev.switchboard.bus.routing.Match;
import dev.switchboard.bus.routing.QueueGroup;
import dev.switchboard.bus.routing.SubjectRouter;
import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameCodec;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameHandler;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolLimits;
import dev.switchboard.protocol.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small server for tests, over real sockets: it answers HELLO with a WELCOME (or an ERR, or
 * nothing), records every frame, answers PINGs (unless told not to), can push MSG, ERR, GOAWAY and
 * PING to its clients, and can be stopped and started again on the same port. With {@link #routing}
 * on it is a minimal broker: SUB/UNSUB/PUB are routed between its connections (queue groups round
 * robin, no-responders for requests), enough for request/reply and bus tests.
 *
 * <p>Everything runs on one event loop thread.
 */
final class ScriptedServer implements AutoCloseable {
    /** One client connection as the server sees it. */
    final class Conn extends ChannelInboundHandlerAdapter implements FrameHandler {
        final FrameDecoder decoder = new FrameDecoder(this, false, ProtocolLimits.HANDSHAKE);
        final List<Frame> frames = Collections.synchronizedList(new ArrayList<>());
        volatile Frame.Hello hello;
        volatile Channel channel;
        final Map<Integer, Route> subs = new HashMap<>();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            conns.add(this);
            ctx.fireChannelActive();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            conns.remove(this);
            for (Route r : subs.values()) {
                router.remove(r.pattern, r.group, r);
            }
            subs.clear();
            ctx.fireChannelInactive();
        }

        @Override
        public void onFrame(
                ChannelHandlerContext ctx,
                Opcode opcode,
                int flags,
                ByteBuf buf,
                int index,
                int length) {
            Frame f = FrameCodec.decode(opcode, flags, buf, index, length, decoder.limits());
            frames.add(f);
            allFrames.add(f);
            switch (f) {
                case Frame.Hello h -> {
                    hello = h;
                    if (refuse != null) {
                        send(refuse);
                        ctx.channel().close();
                    } else if (!silent) {
                        decoder.limits(limits);
                        send(
                                new Frame.Welcome(
                                        welcomeVersion,
                                        "srv-" + port,
                                        "scripted",
                                        "0.0.1",
                                        connectionIds.incrementAndGet(),
                                        limits,
                                        1000,
                                        30_000));
                    }
                }
                case Frame.Ping p -> {
                    if (answerPings) {
                        send(new Frame.Pong());
                    }
                }
                case Frame.Sub s -> {
                    if (routing) {
                        Route r = new Route(this, s.sid(), s.pattern(), s.queueGroup());
                        if (subs.putIfAbsent(s.sid(), r) != null) {
                            send(
                                    Frame.Err.of(
                                            ErrorCode.DUPLICATE_SUBSCRIPTION_ID,
                                            s.sid(),
                                            "sid " + s.sid() + " is in use"));
                        } else {
                            router.add(s.pattern(), s.queueGroup(), r);
                        }
                    }
                }
                case Frame.Unsub u -> {
                    Route r = subs.get(u.sid());
                    if (r != null) {
                        if (u.maxMessages() == 0) {
                            remove(r);
                        } else {
                            r.remaining = u.maxMessages();
                        }
                    }
                }
                case Frame.Pub p -> {
                    if (routing) {
                        route(this, p);
                    }
                }
                default -> {}
            }
        }

        void remove(Route r) {
            subs.remove(r.sid);
            router.remove(r.pattern, r.group, r);
        }

        @Override
        public void onProtocolError(ChannelHandlerContext ctx, ProtocolException error) {
            protocolErrors.add(error);
            send(Frame.Err.of(error.code(), 0, error.detail()));
            ctx.channel().close();
        }

        /** Writes a frame to this client. */
        void send(Frame f) {
            Channel ch = channel;
            ByteBuf buf = ch.alloc().buffer();
            FrameWriter.write(f, buf);
            ch.writeAndFlush(buf);
        }
    }

    /** A routed subscription. */
    static final class Route {
        final Conn conn;
        final int sid;
        final String pattern;
        final String group;
        long remaining = -1;

        Route(Conn conn, int sid, String pattern, String group) {
            this.conn = conn;
            this.sid = sid;
            this.pattern = pattern;
            this.group = group;
        }
    }

    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.newGroup(1, "scripted-server");
    private final Path socketPath;
    private volatile int port;
    private volatile Channel server;

    final List<Conn> conns = new CopyOnWriteArrayList<>();
    final List<Frame> allFrames = Collections.synchronizedList(new ArrayList<>());
    final List<ProtocolException> protocolErrors = new CopyOnWriteArrayList<>();
    final AtomicLong reads = new AtomicLong();
    private final AtomicLong connectionIds = new AtomicLong();
    private final AtomicInteger groupTurn = new AtomicInteger();
    private final SubjectRouter<Route> router = new SubjectRouter<>();

    volatile boolean answerPings = true;
    volatile boolean silent;
    volatile boolean routing;
    volatile Frame.Err refuse;
    volatile int welcomeVersion = 1;
    volatile ProtocolLimits limits = ProtocolLimits.DEFAULT;

    private ScriptedServer(Path socketPath) {
        this.socketPath = socketPath;
    }

    /** A TCP server on a free port, started. */
    static ScriptedServer tcp() {
        ScriptedServer s = new ScriptedServer(null);
        s.start();
        return s;
    }

    /** A Unix domain socket server, started. */
    static ScriptedServer unix(Path socket) {
        ScriptedServer s = new ScriptedServer(socket);
        s.start();
        return s;
    }

    ScriptedServer routing() {
        routing = true;
        return this;
    }

    int port() {
        return port;
    }

    String url() {
        return socketPath != null ? "unix://" + socketPath : "sb://127.0.0.1:" + port;
    }

    /** Starts listening (again, on the same port or socket). */
    void start() {
        ServerBootstrap b =
                new ServerBootstrap()
                        .group(group)
                        .channel(
                                socketPath != null
                                        ? transport.domainServerChannel()
                                        : transport.serverChannel())
                        .childHandler(
                                new ChannelInitializer<Channel>() {
                                    @Override
                                    protected void initChannel(Channel ch) {
                                        Conn c = new Conn();
                                        ch.pipeline().addLast(new ReadCounter(), c.decoder, c);
                                    }
                                });
        SocketAddress addr;
        if (socketPath != null) {
            try {
                java.nio.file.Files.deleteIfExists(socketPath);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            addr = transport.domainAddress(socketPath);
        } else {
            b.option(ChannelOption.SO_REUSEADDR, true);
            addr = new InetSocketAddress("127.0.0.1", port);
        }
        server = b.bind(addr).syncUninterruptibly().channel();
        if (socketPath == null) {
            port = ((InetSocketAddress) server.localAddress()).getPort();
        }
    }

    /** Counts socket reads (each carries one or more frames). */
    private final class ReadCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reads.incrementAndGet();
            ctx.fireChannelRead(msg);
        }
    }

    /** Stops listening and closes every client connection. */
    void stop() {
        server.close().syncUninterruptibly();
        for (Conn c : conns) {
            c.channel.close().syncUninterruptibly();
        }
    }

    /** The latest connection. */
    Conn last() {
        return conns.get(conns.size() - 1);
    }

    /** Sends a frame to every connection. */
    void sendAll(Frame f) {
        for (Conn c : conns) {
            c.channel.eventLoop().execute(() -> c.send(f));
        }
    }

    <T extends Frame> List<T> frames(Class<T> type) {
        synchronized (allFrames) {
            return allFrames.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private void route(Conn from, Frame.Pub p) {
        Match<Route> m = router.match(p.subject());
        int delivered = 0;
        for (Route r : m.targets()) {
            deliver(r, p);
            delivered++;
        }
        for (QueueGroup<Route> g : m.groups()) {
            List<Route> members = g.members();
            deliver(members.get(Math.floorMod(groupTurn.getAndIncrement(), members.size())), p);
            delivered++;
        }
        if (delivered == 0 && p.request()) {
            for (Route r : router.match(p.replyTo()).targets()) {
                if (r.conn == from) {
                    r.conn.send(
                            new Frame.Msg(
                                    r.sid, p.replyTo(), null, new byte[0], new byte[0], true));
                }
            }
        }
    }

    private void deliver(Route r, Frame.Pub p) {
        r.conn.send(
                new Frame.Msg(r.sid, p.subject(), p.replyTo(), p.headers(), p.payload(), false));
        if (r.remaining > 0 && --r.remaining == 0) {
            r.conn.remove(r);
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
