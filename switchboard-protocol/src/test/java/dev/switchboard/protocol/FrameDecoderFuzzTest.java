package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Jazzer fuzz targets for {@link FrameDecoder} with {@link FrameCodec} behind it: the decoder of
 * untrusted bytes on both ends of a connection. In the normal suite they run in regression mode
 * over the seed inputs in src/test/resources/.../FrameDecoderFuzzTestInputs/&lt;method&gt;/; with
 * {@code JAZZER_FUZZ=1} they fuzz for real (docs/DEVELOPING.md).
 *
 * <p>Each input is fed twice: in one read, and cut into reads at positions drawn from a generator
 * seeded by the input (so a finding reproduces). The oracle:
 *
 * <ul>
 *   <li>the only failure is a {@link ProtocolException}, reported once through {@code
 *       onProtocolError}; nothing reaches the handler after it; no other exception escapes;
 *   <li>every frame that decodes re-encodes ({@link FrameWriter}) to a frame that decodes equal,
 *       and, except HELLO/WELCOME (containers), to the very same body bytes;
 *   <li>both feedings see the same frames and the same error code;
 *   <li>the decoder never holds more than one maximal frame under the limits in force, and every
 *       input buffer is released when the channel closes.
 * </ul>
 *
 * <p>Like the broker, the server side starts with {@link ProtocolLimits#HANDSHAKE} and switches to
 * {@link #LIMITS} after a HELLO; the client side after a WELCOME.
 */
class FrameDecoderFuzzTest {
    /** Small limits, so the fuzzer reaches every limit check quickly. */
    static final ProtocolLimits LIMITS = new ProtocolLimits(512, 64, 128, 1024);

    @FuzzTest(maxDuration = "2m")
    void serverSide(byte[] input) {
        check(false, input);
    }

    @FuzzTest(maxDuration = "2m")
    void clientSide(byte[] input) {
        check(true, input);
    }

    /**
     * The client's MSG fast path ({@link MsgReader}) decodes exactly what {@link FrameCodec}
     * decodes, and refuses what it refuses with the same code. The first input byte is the flags
     * byte, the rest a MSG body.
     */
    @FuzzTest(maxDuration = "2m")
    void msgReader(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int flags = input[0] & 0xFF;
        ByteBuf body = Unpooled.wrappedBuffer(input, 1, input.length - 1);
        MsgReader reader = new MsgReader();
        for (int round = 0; round < 2; round++) { // the second read hits the subject cache
            MsgReaderTest.assertReadsAlike(reader, flags, body, 0, body.readableBytes(), LIMITS);
        }
    }

    /** The broker's in-place header check accepts exactly what clients' decoder accepts. */
    @FuzzTest(maxDuration = "2m")
    void headers(byte[] input) {
        boolean decodes;
        try {
            Headers.decode(input);
            decodes = true;
        } catch (ProtocolException e) {
            decodes = false;
        }
        ByteBuf buf = Unpooled.wrappedBuffer(input);
        assertThat(Headers.validate(buf, 0, input.length) == null).isEqualTo(decodes);
        if (decodes && input.length > 2) {
            byte[] name = Arrays.copyOfRange(input, 2, 2 + buf.getUnsignedShort(0));
            long at = Headers.find(buf, 0, input.length, name);
            assertThat(at).isNotEqualTo(-1L);
        }
    }

    private static void check(boolean peerIsServer, byte[] input) {
        Run whole = run(peerIsServer, input, new int[0]);
        SplittableRandom r = new SplittableRandom(Arrays.hashCode(input));
        List<Integer> cuts = new ArrayList<>();
        for (int at = 0; at < input.length; ) {
            at += 1 + r.nextInt(r.nextBoolean() ? 4 : 64);
            if (at < input.length) {
                cuts.add(at);
            }
        }
        Run chunked = run(peerIsServer, input, cuts.stream().mapToInt(Integer::intValue).toArray());
        assertThat(chunked.bodies).as("frames, whole vs chunked").hasSize(whole.bodies.size());
        for (int i = 0; i < whole.bodies.size(); i++) {
            assertThat(chunked.bodies.get(i)).isEqualTo(whole.bodies.get(i));
        }
        assertThat(chunked.errorCode()).isEqualTo(whole.errorCode());
    }

    private static Run run(boolean peerIsServer, byte[] input, int[] cuts) {
        Run run = new Run(peerIsServer);
        run.decoder = new FrameDecoder(run, peerIsServer, ProtocolLimits.HANDSHAKE);
        EmbeddedChannel ch = new EmbeddedChannel(run.decoder);
        List<ByteBuf> fed = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            if (to > from) {
                ByteBuf b = Unpooled.wrappedBuffer(input, from, to - from);
                fed.add(b);
                ch.writeInbound(b); // rethrows anything the pipeline raised
                checkBounded(run);
            }
            from = to;
        }
        assertThat(ch.finishAndReleaseAll()).isFalse();
        assertThat(fed).allSatisfy(b -> assertThat(b.refCnt()).isZero());
        return run;
    }

    private static void checkBounded(Run run) {
        long max = 0;
        for (Opcode op : Opcode.values()) {
            max = Math.max(max, run.decoder.limits().maxBody(op));
        }
        // What is left after a read is less than one frame: a header, or a body not yet whole.
        ByteBuf held = run.decoder.held();
        if (held != null) {
            assertThat((long) held.readableBytes()).isLessThan(FrameLayout.HEADER + max);
            assertThat((long) held.capacity()).isLessThanOrEqualTo(FrameLayout.HEADER + max);
        }
    }

    /** One feeding: the handler, and what it saw. */
    private static final class Run implements FrameHandler {
        final boolean peerIsServer;
        final List<byte[]> bodies = new ArrayList<>();
        ProtocolException error;
        FrameDecoder decoder;

        Run(boolean peerIsServer) {
            this.peerIsServer = peerIsServer;
        }

        ErrorCode errorCode() {
            return error == null ? null : error.code();
        }

        @Override
        public void onFrame(
                ChannelHandlerContext ctx,
                Opcode opcode,
                int flags,
                ByteBuf buf,
                int index,
                int length) {
            assertThat(error).as("a frame after an error").isNull();
            assertThat(opcode.sendableBy(peerIsServer)).isTrue();
            assertThat((long) length).isLessThanOrEqualTo(decoder.limits().maxBody(opcode));
            Frame f = FrameCodec.decode(opcode, flags, buf, index, length, decoder.limits());
            assertThat(f.opcode()).isEqualTo(opcode);
            byte[] body = ByteBufUtil.getBytes(buf, index, length);
            bodies.add(body);

            ByteBuf again = Unpooled.buffer();
            try {
                FrameWriter.write(f, again);
                int len = again.getInt(0);
                assertThat(again.getUnsignedByte(4)).isEqualTo((short) opcode.code());
                assertThat(again.getUnsignedByte(5)).isEqualTo((short) flags);
                Frame f2 =
                        FrameCodec.decode(
                                opcode, flags, again, FrameLayout.HEADER, len, decoder.limits());
                assertThat(f2)
                        .usingRecursiveComparison()
                        .withEqualsForType(Arrays::equals, byte[].class)
                        .isEqualTo(f);
                if (opcode != Opcode.HELLO && opcode != Opcode.WELCOME) {
                    assertThat(ByteBufUtil.getBytes(again, FrameLayout.HEADER, len))
                            .isEqualTo(body);
                }
            } finally {
                again.release();
            }
            if (opcode == Opcode.HELLO || opcode == Opcode.WELCOME) {
                decoder.limits(LIMITS); // the handshake is done
            }
        }

        @Override
        public void onProtocolError(ChannelHandlerContext ctx, ProtocolException e) {
            assertThat(error).as("a second error").isNull();
            assertThat(e.code()).isNotNull();
            error = e;
        }
    }
}
