package dev.switchboard.client.internal;

import dev.switchboard.protocol.ErrorCode;
import dev.switchboard.protocol.Frame;
import dev.switchboard.protocol.FrameCodec;
import dev.switchboard.protocol.FrameDecoder;
import dev.switchboard.protocol.FrameHandler;
import dev.switchboard.protocol.FrameWriter;
import dev.switchboard.protocol.MsgReader;
import dev.switchboard.protocol.Opcode;
import dev.switchboard.protocol.ProtocolException;
import dev.switchboard.protocol.ProtocolVersion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One socket's worth of protocol: sends HELLO, waits for WELCOME within the handshake timeout, then
 * turns frames into calls on the {@link ClientConnection}. The last handler of the pipeline {@code
 * [SslHandler] → FrameDecoder → ClientSession}.
 *
 * <p>Thread-safety: runs on the connection's I/O thread; {@link #pongs} is also appended to by
 * flushing threads (under the connection lock, in the same order as their PINGs enter the outbound
 * buffer, so PONGs answer them first in, first out).
 */
final class ClientSession extends ChannelInboundHandlerAdapter implements FrameHandler {
    private final MsgReader msgReader = new MsgReader();

    /** Limits until WELCOME: only control frames are expected; be generous with them. */
    static final dev.switchboard.protocol.ProtocolLimits PRE_WELCOME =
            new dev.switchboard.protocol.ProtocolLimits(1 << 20, 1024, 64 << 10, 1 << 20);

    final ClientConnection owner;
    final ServerAddress server;
    final CompletableFuture<ClientSession> ready = new CompletableFuture<>();
    final ConcurrentLinkedQueue<CompletableFuture<Void>> pongs = new ConcurrentLinkedQueue<>();
    private final FrameDecoder decoder;
    private Channel channel;
    private volatile Frame.Welcome welcome;
    private ScheduledFuture<?> handshakeTimeout;
    private ScheduledFuture<?> keepalive;

    /** Keepalive PINGs sent since the last PONG; I/O thread (and the connection lock). */
    int pingsOut;

    /** Set under the connection lock once the session was reported lost. */
    boolean lost;

    /** Why the session ends, if we know better than "closed". */
    volatile String closeReason;

    ClientSession(ClientConnection owner, ServerAddress server) {
        this.owner = owner;
        this.server = server;
        this.decoder = new FrameDecoder(this, true, PRE_WELCOME);
    }

    FrameDecoder decoder() {
        return decoder;
    }

    Channel channel() {
        return channel;
    }

    Frame.Welcome welcome() {
        return welcome;
    }

    /** Closes the socket, remembering why. */
    void close(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        if (channel != null) {
            channel.close();
        }
    }

    /** Writes a frame straight to the socket, bypassing the outbound buffer. I/O thread. */
    void writeDirect(Frame frame) {
        ByteBuf buf = channel.alloc().buffer();
        FrameWriter.write(frame, buf);
        channel.write(buf, channel.voidPromise());
    }

    void startKeepalive(long intervalNanos) {
        keepalive =
                channel.eventLoop()
                        .scheduleAtFixedRate(
                                () -> owner.keepalive(this),
                                intervalNanos,
                                intervalNanos,
                                TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        writeDirect(owner.hello());
        channel.flush();
        handshakeTimeout =
                ctx.executor()
                        .schedule(
                                () -> {
                                    ready.completeExceptionally(
                                            new IOException(
                                                    "no WELCOME within the handshake timeout of "
                                                            + owner.options().handshakeTimeout()));
                                    close("handshake timeout");
                                },
                                owner.options().handshakeTimeout().toNanos(),
                                TimeUnit.NANOSECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        owner.readComplete(); // one dispatcher wake-up per read, not per message
        ctx.fireChannelReadComplete();
    }

    @Override
    public void onFrame(
            ChannelHandlerContext ctx,
            Opcode opcode,
            int flags,
            ByteBuf buf,
            int index,
            int length) {
        if (opcode == Opcode.MSG && welcome != null) {
            owner.onMsg(this, msgReader.read(flags, buf, index, length, decoder.limits()));
            return;
        }
        Frame frame = FrameCodec.decode(opcode, flags, buf, index, length, decoder.limits());
        if (welcome == null) {
            handshakeFrame(frame);
            return;
        }
        switch (frame) {
            case Frame.Msg m -> owner.onMsg(this, m);
            case Frame.Ping p -> {
                writeDirect(new Frame.Pong());
                channel.flush();
            }
            case Frame.Pong p -> owner.onPong(this);
            case Frame.Err e -> owner.onErr(this, e);
            case Frame.GoAway g -> owner.onGoAway(this, g);
            default ->
                    throw new ProtocolException(
                            ErrorCode.UNEXPECTED_FRAME, opcode + " after the handshake");
        }
    }

    private void handshakeFrame(Frame frame) {
        switch (frame) {
            case Frame.Welcome w -> {
                if (w.version() < ProtocolVersion.MIN || w.version() > ProtocolVersion.MAX) {
                    fail(
                            new ProtocolException(
                                    ErrorCode.UNSUPPORTED_VERSION,
                                    "server "
                                            + server
                                            + " chose protocol version "
                                            + w.version()
                                            + "; this client speaks "
                                            + ProtocolVersion.MIN
                                            + ".."
                                            + ProtocolVersion.MAX));
                    return;
                }
                handshakeTimeout.cancel(false);
                decoder.limits(w.limits());
                welcome = w;
                owner.onWelcome(this);
            }
            case Frame.Err e ->
                    fail(
                            new ProtocolException(
                                    e.code(),
                                    "server " + server + " refused the handshake: " + e.text()));
            case Frame.Ping p -> {
                writeDirect(new Frame.Pong());
                channel.flush();
            }
            case Frame.GoAway g -> fail(new IOException("server is going away: " + g.reason()));
            default ->
                    fail(
                            new ProtocolException(
                                    ErrorCode.UNEXPECTED_FRAME,
                                    frame.opcode() + " before WELCOME from " + server));
        }
    }

    private void fail(Throwable error) {
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        ready.completeExceptionally(error);
        close(error.getMessage());
    }

    @Override
    public void onProtocolError(ChannelHandlerContext ctx, ProtocolException error) {
        if (welcome == null) {
            fail(error);
        } else {
            owner.onProtocolError(this, error);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            owner.onWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        owner.readComplete(); // hand over whatever the last read queued
        if (handshakeTimeout != null) {
            handshakeTimeout.cancel(false);
        }
        if (keepalive != null) {
            keepalive.cancel(false);
        }
        ready.completeExceptionally(
                new IOException(
                        closeReason != null
                                ? closeReason
                                : "connection closed during the handshake"));
        owner.onSessionClosed(this, closeReason != null ? closeReason : "connection closed");
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        close(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
