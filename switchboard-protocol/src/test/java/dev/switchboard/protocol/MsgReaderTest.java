package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link MsgReader} decodes what {@link FrameCodec#decode} decodes, and refuses what it refuses.
 */
class MsgReaderTest {
    private static final ProtocolLimits LIMITS = ProtocolLimits.DEFAULT;
    private final MsgReader reader = new MsgReader();

    private static ByteBuf frame(
            String subject, String reply, byte[] headers, int payloadSize, int flags) {
        ByteBuf b = Unpooled.directBuffer();
        byte[] payload = new byte[payloadSize];
        for (int i = 0; i < payloadSize; i++) {
            payload[i] = (byte) (i * 7);
        }
        FrameWriter.msg(b, 42, subject, reply, headers, payload, flags);
        return b;
    }

    /** Both decoders on the same body: equal messages, or the same error code. */
    private void same(ByteBuf b) {
        int flags = b.getUnsignedByte(5);
        assertReadsAlike(
                reader,
                flags,
                b,
                FrameLayout.HEADER,
                b.readableBytes() - FrameLayout.HEADER,
                LIMITS);
    }

    /**
     * Asserts that {@code reader} reads the MSG body at {@code index} as {@link FrameCodec#decode}
     * does: an equal message, or a {@link ProtocolException} with the same code.
     */
    static void assertReadsAlike(
            MsgReader reader, int flags, ByteBuf b, int index, int length, ProtocolLimits limits) {
        Object expected;
        try {
            expected = FrameCodec.decode(Opcode.MSG, flags, b, index, length, limits);
        } catch (ProtocolException e) {
            expected = e.code();
        }
        Object actual;
        try {
            actual = reader.read(flags, b, index, length, limits);
        } catch (ProtocolException e) {
            actual = e.code();
        }
        if (expected instanceof Frame.Msg m && actual instanceof Frame.Msg a) {
            assertThat(a.sid()).isEqualTo(m.sid());
            assertThat(a.subject()).isEqualTo(m.subject());
            assertThat(a.replyTo()).isEqualTo(m.replyTo());
            assertThat(a.headers()).isEqualTo(m.headers());
            assertThat(a.payload()).isEqualTo(m.payload());
            assertThat(a.noResponders()).isEqualTo(m.noResponders());
        } else {
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void smallAndLargeBodies_withAndWithoutReplyAndHeaders_decodeAlike() {
        byte[] headers = Headers.encode(List.of(Map.entry("k", "v")));
        for (int size : new int[] {0, 1, 16, 100, 400, 450, 460, 470, 480, 500, 600, 5000}) {
            for (String subject : new String[] {"a", "a.b.c", "telemetry.eu.device-1.temp"}) {
                ByteBuf[] frames = {
                    frame(subject, null, Headers.EMPTY, size, 0),
                    frame(subject, "_INBOX.abc.1", Headers.EMPTY, size, 0),
                    frame(subject, null, headers, size, 0),
                    frame(subject, "r", headers, size, FrameFlags.MSG_NO_RESPONDERS),
                    frame("caf\u00e9.\u6771\u4eac", null, Headers.EMPTY, size, 0)
                };
                for (ByteBuf f : frames) {
                    same(f);
                    f.release();
                }
            }
        }
    }

    @Test
    void subjectsThatDifferOnlyInTheMiddle_areEachDecodedRight_andRepeatsReuseTheString() {
        List<String> subjects = new ArrayList<>();
        for (int d = 0; d < 1000; d++) {
            subjects.add("telemetry.eu-west.device-" + d + ".temperature");
        }
        for (int round = 0; round < 2; round++) {
            for (String s : subjects) {
                ByteBuf f = frame(s, null, Headers.EMPTY, 16, 0);
                int length = f.readableBytes() - FrameLayout.HEADER;
                Frame.Msg first = reader.read(0, f, FrameLayout.HEADER, length, LIMITS);
                Frame.Msg again = reader.read(0, f, FrameLayout.HEADER, length, LIMITS);
                assertThat(first.subject()).isEqualTo(s);
                assertThat(again.subject()).isSameAs(first.subject());
                f.release();
            }
        }
    }

    @Test
    void corruptedBodies_areRefusedWithTheSameCode() {
        SplittableRandom r = new SplittableRandom(7);
        byte[] headers = Headers.encode(List.of(Map.entry("k", "v")));
        for (int i = 0; i < 20_000; i++) {
            ByteBuf f =
                    frame(
                            "subject.number." + r.nextInt(50),
                            r.nextBoolean() ? null : "reply.to",
                            r.nextInt(4) == 0 ? headers : Headers.EMPTY,
                            r.nextInt(64),
                            0);
            int body = f.readableBytes() - FrameLayout.HEADER;
            for (int k = 1 + r.nextInt(3); k > 0; k--) {
                int at = FrameLayout.HEADER + r.nextInt(Math.min(body, 40));
                f.setByte(at, r.nextInt(256));
            }
            if (r.nextInt(8) == 0) {
                f.writerIndex(f.writerIndex() - 1 - r.nextInt(Math.min(body, 10)));
            }
            same(f);
            f.release();
        }
    }
}
