package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link FrameEncoder} writes exactly the bytes {@link FrameWriter#pub} and {@link FrameWriter#msg}
 * write.
 */
class FrameEncoderTest {
    private final FrameEncoder encoder = new FrameEncoder();

    private void check(
            CharSequence subject, CharSequence reply, byte[] headers, byte[] payload, int flags) {
        ByteBuf expected = Unpooled.buffer();
        ByteBuf actual = Unpooled.buffer();
        try {
            FrameWriter.pub(
                    expected, subject, reply, headers, payload, 1, payload.length - 1, flags);
            encoder.pub(
                    actual,
                    subject,
                    FrameWriter.utf8Length(subject),
                    reply,
                    FrameWriter.utf8Length(reply),
                    headers,
                    payload,
                    1,
                    payload.length - 1,
                    flags);
            assertThat(ByteBufUtil.hexDump(actual))
                    .as("PUB: subject %s, reply %s, payload %d", subject, reply, payload.length)
                    .isEqualTo(ByteBufUtil.hexDump(expected));
            expected.clear();
            actual.clear();
            FrameWriter.msg(expected, 77, subject, reply, headers, payload, flags);
            encoder.msg(
                    actual,
                    77,
                    subject,
                    encoder.subjectLength(subject),
                    reply,
                    FrameWriter.utf8Length(reply),
                    headers,
                    payload,
                    flags);
            assertThat(ByteBufUtil.hexDump(actual))
                    .as("MSG: subject %s, reply %s, payload %d", subject, reply, payload.length)
                    .isEqualTo(ByteBufUtil.hexDump(expected));
        } finally {
            expected.release();
            actual.release();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    @Test
    void smallAndLargePayloads_withAndWithoutReplyAndHeaders() {
        byte[] headers = Headers.encode(List.of(Map.entry("Sb-Msg-Id", "abc")));
        for (int size : new int[] {1, 17, 256, 257, 258, 4096, 70_000}) {
            check("orders.eu", null, Headers.EMPTY, bytes(size), 0);
            check("orders.eu", "_INBOX.x.1", headers, bytes(size), FrameFlags.PUB_REQUEST);
            check("orders.eu", new AsciiString("_INBOX.y.22"), headers, bytes(size), 0);
        }
    }

    @Test
    void nonAsciiSubjects_theSubjectCache_andHugeHeads() {
        String a = "caf\u00e9.\u6771\u4eac.\ud83d\ude00";
        check(a, null, Headers.EMPTY, bytes(10), 0);
        check(a, null, Headers.EMPTY, bytes(10), 0); // cached bytes for the same String
        check(new String("other.subject"), null, Headers.EMPTY, bytes(10), 0);
        check(new StringBuilder("built.subject"), "r", Headers.EMPTY, bytes(10), 0);
        String longSubject = "s." + "x".repeat(5_000);
        check(longSubject, null, Headers.EMPTY, bytes(10), 0); // head over 4 KiB: plain path
        check("after.huge", null, Headers.EMPTY, bytes(10), 0);
        assertThat(FrameWriter.utf8Length(a)).isEqualTo(a.getBytes(StandardCharsets.UTF_8).length);
        assertThat(encoder.subjectLength(a)).isEqualTo(a.getBytes(StandardCharsets.UTF_8).length);
        assertThat(encoder.subjectLength(new StringBuilder("sb.\u00e9"))).isEqualTo(5);
    }
}
