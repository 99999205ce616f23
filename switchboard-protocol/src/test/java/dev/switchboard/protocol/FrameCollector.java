package dev.switchboard.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link FrameHandler} for tests: decodes each frame with {@link FrameCodec} under the decoder's
 * limits and collects the frames, their raw bodies and the errors, noting anything that arrives
 * after an error (which the decoder must never deliver).
 */
final class FrameCollector implements FrameHandler {
    final List<Frame> frames = new ArrayList<>();
    final List<byte[]> bodies = new ArrayList<>();
    final List<Integer> flags = new ArrayList<>();
    final List<ProtocolException> errors = new ArrayList<>();
    int callsAfterError;
    FrameDecoder decoder;

    /**
     * @param peerIsServer whether the decoder reads a server's bytes
     * @param limits the decoder's limits
     * @return a channel with a decoder feeding this collector
     */
    EmbeddedChannel channel(boolean peerIsServer, ProtocolLimits limits) {
        decoder = new FrameDecoder(this, peerIsServer, limits);
        return new EmbeddedChannel(decoder);
    }

    @Override
    public void onFrame(
            ChannelHandlerContext ctx,
            Opcode opcode,
            int flags,
            ByteBuf buf,
            int index,
            int length) {
        if (!errors.isEmpty()) {
            callsAfterError++;
        }
        byte[] body = ByteBufUtil.getBytes(buf, index, length);
        frames.add(FrameCodec.decode(opcode, flags, buf, index, length, decoder.limits()));
        bodies.add(body);
        this.flags.add(flags);
    }

    @Override
    public void onProtocolError(ChannelHandlerContext ctx, ProtocolException error) {
        if (!errors.isEmpty()) {
            callsAfterError++;
        }
        errors.add(error);
    }

    /**
     * Writes bytes into the channel as one read.
     *
     * @param ch the channel
     * @param bytes the bytes
     */
    static void feed(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
    }

    /**
     * @param ch the channel
     * @param bytes the bytes
     * @param from first byte
     * @param to past the last byte
     */
    static void feed(EmbeddedChannel ch, byte[] bytes, int from, int to) {
        if (to > from) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, from, to - from));
        }
    }
}
