package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Receives the frames {@link FrameDecoder} cuts from a connection's byte stream. Called on the
 * channel's event loop, one frame at a time, in order.
 */
public interface FrameHandler {
    /**
     * One complete frame whose header passed the decoder's checks (known opcode, allowed sender,
     * length within limits). The body is {@code buf[index, index + length)}; it is only valid
     * during the call, so a handler that keeps any of it copies it or takes a retained slice.
     *
     * @param ctx the decoder's context
     * @param opcode the frame type
     * @param flags the flags byte (not yet checked against the opcode)
     * @param buf the buffer holding the body
     * @param index where the body starts
     * @param length the body length
     * @throws ProtocolException if the body is bad; the decoder then reports it through {@link
     *     #onProtocolError} and discards the rest of the input
     */
    void onFrame(
            ChannelHandlerContext ctx,
            Opcode opcode,
            int flags,
            ByteBuf buf,
            int index,
            int length);

    /**
     * The input broke the protocol. The decoder discards everything after this; the handler reports
     * the error to the peer if it can and closes.
     *
     * @param ctx the decoder's context
     * @param error what was wrong, with its stable code
     */
    void onProtocolError(ChannelHandlerContext ctx, ProtocolException error);
}
