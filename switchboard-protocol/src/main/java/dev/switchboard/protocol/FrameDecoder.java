package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

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
 * <p>Thread-safety: used on its channel's event loop only; {@link #limits(ProtocolLimits)} too.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final FrameHandler handler;
    private final boolean peerIsServer;
    private ProtocolLimits limits;
    private boolean stopped;

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

    /** Discards all further input (the handler is closing the connection). */
    public void stop() {
        stopped = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
