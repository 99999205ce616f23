package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayDeque;

/**
 * Cuts a connection's byte stream into frames and hands each to a {@link FrameHandler} in place,
 * without building an object per frame. Before waiting for a frame's body it checks the header: the
 * opcode must be known and sendable by the peer's side, and the declared length within the
 * negotiated {@link ProtocolLimits} for that opcode, so a peer can never make it buffer more than
 * one maximal frame. While the limits are {@link ProtocolLimits#HANDSHAKE} (before the handshake),
 * only handshake frames are accepted: HELLO from a client; WELCOME or ERR from a server. A
 * violation is reported once through {@link FrameHandler#onProtocolError} and all later input is
 * discarded.
 *
 * <p>Design note — frames are decoded in the buffer each read delivers, and only the frame a read
 * cuts off is copied, into a buffer of its own that the next reads complete. Netty's {@code
 * ByteToMessageDecoder} instead appends each read to the one before when a frame straddles them,
 * which is nearly every read under load: it copied whole reads, grew the accumulated buffer
 * (copying it again, consumed bytes included) and, past the pooled sizes, allocated zeroed unpooled
 * memory for it. That was 15–17% of a broker or client event loop at 128 B messages
 * (async-profiler, bin/load 1→1, 2026-11-27).
 *
 * <p>Thread-safety: used on its channel's event loop only; {@link #limits(ProtocolLimits)} too.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** The smallest buffer started for a cut-off frame: most frames then fit it at once. */
    private static final int PARTIAL_START = 512;

    private final FrameHandler handler;
    private final boolean peerIsServer;
    private ProtocolLimits limits;
    private boolean stopped;

    /** The start of a frame the last read cut off (copied out of it), or {@code null}. */
    private ByteBuf partial;

    /** Reads that arrived while a handler call was running (a re-entrant read), else null. */
    private ArrayDeque<ByteBuf> pending;

    private boolean decoding;

    /**
     * @param handler receives the frames
     * @param peerIsServer whether the bytes come from a server (the client's decoder) or from a
     *     client (the server's)
     * @param limits the limits until {@link #limits(ProtocolLimits)} changes them; servers start
     *     with {@link ProtocolLimits#HANDSHAKE}
     */
    public FrameDecoder(FrameHandler handler, boolean peerIsServer, ProtocolLimits limits) {
        this.handler = handler;
        this.peerIsServer = peerIsServer;
        this.limits = limits;
    }

    /**
     * Changes the limits for frames not yet started (after the handshake).
     *
     * @param limits the new limits
     */
    public void limits(ProtocolLimits limits) {
        this.limits = limits;
    }

    /**
     * @return the limits in force
     */
    public ProtocolLimits limits() {
        return limits;
    }

    /**
     * @return the buffer holding the start of a frame a read cut off, or {@code null} (for tests)
     */
    ByteBuf held() {
        return partial;
    }

    /** Discards all further input (the handler is closing the connection). */
    public void stop() {
        stopped = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (decoding) {
            // A handler made the channel read while it handled a frame: keep the order.
            if (pending == null) {
                pending = new ArrayDeque<>(2);
            }
            pending.add(in);
            return;
        }
        decoding = true;
        try {
            read(ctx, in);
            ByteBuf next;
            while (pending != null && (next = pending.poll()) != null) {
                read(ctx, next);
            }
        } catch (Throwable t) {
            // A handler's bug, or no memory for a cut-off frame: where the next frame starts is no
            // longer certain, so nothing more is decoded.
            stopped = true;
            discardPartial();
            releasePending();
            throw t;
        } finally {
            decoding = false;
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.forEach(ByteBuf::release);
            pending.clear();
        }
    }

    /** Decodes one read's bytes and releases them; keeps a cut-off frame's start. */
    private void read(ChannelHandlerContext ctx, ByteBuf in) {
        try {
            if (stopped) {
                discardPartial();
                return;
            }
            if (partial != null && !completePartial(ctx, in)) {
                return; // all of it went into the partial frame, or the input broke the protocol
            }
            decodeFrames(ctx, in);
            if (in.isReadable() && !stopped) {
                keepPartial(ctx, in);
            }
        } finally {
            in.release();
        }
    }

    /**
     * Hands every complete frame in {@code in} to the handler, checking each header first (also the
     * header of a frame whose body has not all arrived). Leaves {@code in} at the first incomplete
     * frame, or empties it once the input broke the protocol.
     */
    private void decodeFrames(ChannelHandlerContext ctx, ByteBuf in) {
        while (!stopped && in.readableBytes() >= FrameLayout.HEADER) {
            int at = in.readerIndex();
            long length = in.getUnsignedInt(at);
            int code = in.getUnsignedByte(at + 4);
            int flags = in.getUnsignedByte(at + 5);
            try {
                Opcode opcode = checkHeader(code, length);
                if (in.readableBytes() - FrameLayout.HEADER < length) {
                    return; // wait for the rest of the body
                }
                int bodyAt = at + FrameLayout.HEADER;
                handler.onFrame(ctx, opcode, flags, in, bodyAt, (int) length);
                in.readerIndex(bodyAt + (int) length);
            } catch (ProtocolException e) {
                stopped = true;
                handler.onProtocolError(ctx, e);
            }
        }
        if (stopped) {
            in.skipBytes(in.readableBytes());
        }
    }

    /**
     * Copies the start of a frame that {@code in} ends with into a buffer of its own: at most the
     * frame's size, whose header {@link #decodeFrames} has checked if it is all there.
     */
    private void keepPartial(ChannelHandlerContext ctx, ByteBuf in) {
        int have = in.readableBytes();
        if (have < FrameLayout.HEADER) {
            partial = ctx.alloc().buffer(FrameLayout.HEADER, FrameLayout.HEADER);
        } else {
            partial =
                    frameBuffer(
                            ctx, FrameLayout.HEADER + in.getUnsignedInt(in.readerIndex()), have);
        }
        partial.writeBytes(in, have);
    }

    /**
     * A buffer for a frame of {@code frame} bytes, {@code have} of them at hand: it grows with the
     * bytes that arrive and never past the frame, so a peer that declares a large body and sends
     * little of it does not get the memory for the rest.
     */
    private static ByteBuf frameBuffer(ChannelHandlerContext ctx, long frame, int have) {
        int max = (int) frame; // within the limits, which checkHeader enforced
        return ctx.alloc().buffer(Math.min(max, Math.max(have, PARTIAL_START)), max);
    }

    /**
     * Moves bytes from {@code in} into the partial frame until it is complete, then hands it to the
     * handler.
     *
     * @return whether the frame was completed (the rest of {@code in} is decoded next); false if
     *     {@code in} ran out first, or the frame's header broke the protocol
     */
    private boolean completePartial(ChannelHandlerContext ctx, ByteBuf in) {
        ByteBuf p = partial;
        if (p.readableBytes() < FrameLayout.HEADER) {
            p.writeBytes(in, Math.min(FrameLayout.HEADER - p.readableBytes(), in.readableBytes()));
            if (p.readableBytes() < FrameLayout.HEADER) {
                return false;
            }
        }
        long length = p.getUnsignedInt(p.readerIndex());
        try {
            checkHeader(p.getUnsignedByte(p.readerIndex() + 4), length);
        } catch (ProtocolException e) {
            stopped = true;
            discardPartial();
            handler.onProtocolError(ctx, e);
            return false;
        }
        if (p.maxCapacity() < FrameLayout.HEADER + length) {
            // It held just the header: now that the header passed, room for the frame.
            ByteBuf grown = frameBuffer(ctx, FrameLayout.HEADER + length, p.readableBytes());
            grown.writeBytes(p);
            p.release();
            partial = p = grown;
        }
        long missing = FrameLayout.HEADER + length - p.readableBytes();
        int take = (int) Math.min(missing, in.readableBytes());
        p.writeBytes(in, take);
        if (take < missing) {
            return false;
        }
        partial = null;
        try {
            decodeFrames(ctx, p);
        } finally {
            p.release();
        }
        return !stopped;
    }

    private void discardPartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        discardPartial(); // a frame the peer never finished
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopped = true; // a read in progress keeps nothing after this
        discardPartial();
        releasePending();
    }

    private boolean handshakeFrame(Opcode opcode) {
        return peerIsServer
                ? opcode == Opcode.WELCOME || opcode == Opcode.ERR
                : opcode == Opcode.HELLO;
    }

    private Opcode checkHeader(int code, long length) {
        Opcode opcode = Opcode.of(code);
        if (opcode == null) {
            throw new ProtocolException(
                    ErrorCode.UNKNOWN_OPCODE, "opcode 0x" + Integer.toHexString(code));
        }
        if (limits == ProtocolLimits.HANDSHAKE && !handshakeFrame(opcode)) {
            throw new ProtocolException(
                    ErrorCode.UNEXPECTED_FRAME,
                    opcode
                            + " before the handshake completed ("
                            + (peerIsServer ? "WELCOME" : "HELLO")
                            + " expected)");
        }
        if (!opcode.sendableBy(peerIsServer)) {
            throw new ProtocolException(
                    ErrorCode.UNEXPECTED_FRAME,
                    opcode + " may not be sent by a " + (peerIsServer ? "server" : "client"));
        }
        long max = limits.maxBody(opcode);
        if (length > max) {
            boolean payload = opcode == Opcode.PUB || opcode == Opcode.MSG;
            throw new ProtocolException(
                    payload ? ErrorCode.PAYLOAD_TOO_LARGE : ErrorCode.FRAME_TOO_LARGE,
                    opcode
                            + " frame declares "
                            + length
                            + " body bytes; the limit is "
                            + max
                            + (payload ? " (payload limit " + limits.maxPayload() + ")" : ""));
        }
        return opcode;
    }
}
