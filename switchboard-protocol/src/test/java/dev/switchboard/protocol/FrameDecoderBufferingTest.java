package dev.switchboard.protocol;

import static dev.switchboard.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.protocol.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * How {@link FrameDecoder} holds bytes between reads: only a cut-off frame's start, copied out of
 * its read, growing as its bytes arrive; released on close; reads keep their order when a handler
 * makes the channel read again.
 */
@ExtendWith(NoLeaks.class)
class FrameDecoderBufferingTest {
    private static Frame.Pub pub(String payload) {
        return new Frame.Pub("s", null, Headers.EMPTY, utf8(payload), false);
    }

    /** Keeps a retained slice of each body, as the broker does with payloads. */
    private static final class Retaining implements FrameHandler {
        final List<ByteBuf> slices = new ArrayList<>();
        Runnable onFirst;

        @Override
        public void onFrame(
                ChannelHandlerContext ctx,
                Opcode opcode,
                int flags,
                ByteBuf buf,
                int index,
                int length) {
            slices.add(buf.retainedSlice(index, length));
            if (slices.size() == 1 && onFirst != null) {
                onFirst.run();
            }
        }

        @Override
        public void onProtocolError(ChannelHandlerContext ctx, ProtocolException error) {
            throw new AssertionError(error);
        }

        List<byte[]> bodies() {
            List<byte[]> out = new ArrayList<>();
            for (ByteBuf s : slices) {
                byte[] b = new byte[s.readableBytes()];
                s.getBytes(s.readerIndex(), b);
                out.add(b);
            }
            return out;
        }

        void release() {
            slices.forEach(ByteBuf::release);
        }
    }

    private static byte[] body(Frame f) {
        byte[] bytes = Frames.bytes(f);
        return Arrays.copyOfRange(bytes, FrameLayout.HEADER, bytes.length);
    }

    @Test
    void slicesOfFramesCutAcrossReads_outliveTheReads() {
        Frame a = pub("first");
        Frame b = pub("second, cut across three reads");
        Frame c = pub("third");
        byte[] bytes = Frames.bytes(a, b, c);
        Retaining h = new Retaining();
        EmbeddedChannel ch =
                new EmbeddedChannel(new FrameDecoder(h, false, ProtocolLimits.DEFAULT));
        int bStart = Frames.bytes(a).length;
        List<ByteBuf> reads = new ArrayList<>();
        int[] cuts = {0, bStart + 3, bStart + 20, bytes.length};
        for (int i = 0; i + 1 < cuts.length; i++) {
            ByteBuf read = Unpooled.copiedBuffer(bytes, cuts[i], cuts[i + 1] - cuts[i]);
            reads.add(read);
            ch.writeInbound(read);
        }

        assertThat(reads.get(1).refCnt()).as("copied into the cut-off frame's own buffer").isZero();
        assertThat(h.bodies()).containsExactly(body(a), body(b), body(c));
        h.release();
        assertThat(reads).allSatisfy(r -> assertThat(r.refCnt()).isZero());
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aDeclaredLargeBody_isHeldOnlyAsItsBytesArrive() {
        FrameCollector c = new FrameCollector();
        EmbeddedChannel ch = c.channel(false, ProtocolLimits.DEFAULT);
        byte[] payload = new byte[1 << 20]; // the largest payload the limits allow
        Arrays.fill(payload, (byte) 7);
        byte[] bytes = Frames.bytes(new Frame.Pub("s", null, Headers.EMPTY, payload, false));

        FrameCollector.feed(ch, bytes, 0, 100);
        assertThat(c.decoder.held().readableBytes()).isEqualTo(100);
        assertThat(c.decoder.held().capacity())
                .as("not the declared %d bytes", bytes.length)
                .isLessThanOrEqualTo(4096);
        for (int from = 100; from < bytes.length; from += 65536) {
            FrameCollector.feed(ch, bytes, from, Math.min(bytes.length, from + 65536));
        }

        assertThat(c.errors).isEmpty();
        assertThat(c.bodies).hasSize(1);
        assertThat(((Frame.Pub) c.frames.get(0)).payload()).isEqualTo(payload);
        assertThat(c.decoder.held()).isNull();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void closingWithAFrameUnfinished_releasesWhatWasHeld() {
        FrameCollector c = new FrameCollector();
        EmbeddedChannel ch = c.channel(false, ProtocolLimits.DEFAULT);
        byte[] bytes = Frames.bytes(pub("never finished"));
        FrameCollector.feed(ch, bytes, 0, bytes.length - 1);
        ByteBuf held = c.decoder.held();
        assertThat(held.refCnt()).isEqualTo(1);

        ch.close();

        assertThat(held.refCnt()).isZero();
        assertThat(c.frames).isEmpty();
    }

    @Test
    void aReadStartedByAHandler_waitsForTheReadInProgress() {
        Frame a = pub("a");
        Frame b = pub("b");
        Frame later = pub("arrives while a is handled");
        Retaining h = new Retaining();
        EmbeddedChannel ch =
                new EmbeddedChannel(new FrameDecoder(h, false, ProtocolLimits.DEFAULT));
        h.onFirst = () -> ch.writeInbound(Unpooled.wrappedBuffer(Frames.bytes(later)));

        ch.writeInbound(Unpooled.wrappedBuffer(Frames.bytes(a, b)));

        assertThat(h.bodies()).containsExactly(body(a), body(b), body(later));
        h.release();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void aHandlerThatThrows_stopsTheDecoder_andTheErrorReachesThePipeline() {
        List<String> seen = new ArrayList<>();
        FrameHandler h =
                new FrameHandler() {
                    @Override
                    public void onFrame(
                            ChannelHandlerContext ctx,
                            Opcode opcode,
                            int flags,
                            ByteBuf buf,
                            int index,
                            int length) {
                        seen.add(buf.toString(index, length, StandardCharsets.ISO_8859_1));
                        throw new IllegalStateException("handler bug");
                    }

                    @Override
                    public void onProtocolError(ChannelHandlerContext ctx, ProtocolException e) {
                        throw new AssertionError(e);
                    }
                };
        EmbeddedChannel ch =
                new EmbeddedChannel(new FrameDecoder(h, false, ProtocolLimits.DEFAULT));

        assertThatThrownBy(
                        () ->
                                ch.writeInbound(
                                        Unpooled.wrappedBuffer(Frames.bytes(pub("x"), pub("y")))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("handler bug");
        FrameCollector.feed(ch, Frames.bytes(pub("z")));

        assertThat(seen).hasSize(1);
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }
}
