package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Test helpers: frames to bytes and back, and a sample of every frame type. */
final class Frames {
    private Frames() {}

    static byte[] bytes(Frame... frames) {
        ByteBuf out = Unpooled.buffer();
        try {
            for (Frame f : frames) {
                FrameWriter.write(f, out);
            }
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /** A raw frame from a header and body bytes. */
    static byte[] raw(int opcode, int flags, byte[] body) {
        ByteBuf out = Unpooled.buffer();
        try {
            FrameWriter.header(out, opcode, flags, body.length);
            out.writeBytes(body);
            return ByteBufUtil.getBytes(out);
        } finally {
            out.release();
        }
    }

    /** Frames compare by content: records compare arrays by reference. */
    static void assertSameFrames(List<Frame> actual, List<Frame> expected, String context) {
        assertThat(actual).as(context).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i))
                    .as("%s: frame %d", context, i)
                    .usingRecursiveComparison()
                    .withEqualsForType(java.util.Arrays::equals, byte[].class)
                    .isEqualTo(expected.get(i));
        }
    }

    static final byte[] SOME_HEADERS =
            Headers.encode(List.of(Map.entry("trace-id", "abc123"), Map.entry("ünï", "")));

    /** Frames a client sends, covering each variant. */
    static List<Frame> clientFrames() {
        return List.of(
                new Frame.Hello(1, 1, "orders-service", "s3cret", "switchboard-java/0.1.0", true),
                new Frame.Hello(1, 3, "", null, "", false),
                new Frame.Ping(),
                new Frame.Pong(),
                new Frame.Pub("orders.created", null, Headers.EMPTY, utf8("hello"), false),
                new Frame.Pub("orders.created", "_INBOX.x1", Headers.EMPTY, new byte[0], false),
                new Frame.Pub("rpc.echo", "_INBOX.x2", SOME_HEADERS, utf8("ping?"), true),
                new Frame.Pub("ünïcödé.主题", null, SOME_HEADERS, new byte[300], false),
                new Frame.Sub(1, "orders.>", null, QueueMode.ROUND_ROBIN, null),
                new Frame.Sub(2, "orders.*.eu", "workers", QueueMode.ROUND_ROBIN, null),
                new Frame.Sub(3, "a.#", "workers", QueueMode.RANDOM, null),
                new Frame.Sub(4, "b", "workers", QueueMode.LEAST_OUTSTANDING, null),
                new Frame.Sub(Integer.MAX_VALUE, "c", "g", QueueMode.HASH, "customer-id"),
                new Frame.Unsub(1, 0),
                new Frame.Unsub(2, 0xFFFF_FFFFL));
    }

    /** Frames a server sends, covering each variant. */
    static List<Frame> serverFrames() {
        return List.of(
                new Frame.Welcome(
                        1,
                        "srv-7f3a",
                        "eu-1",
                        "0.1.0",
                        42L,
                        ProtocolLimits.DEFAULT,
                        10_000,
                        30_000),
                new Frame.Ping(),
                new Frame.Pong(),
                Frame.Err.of(ErrorCode.PERMISSION_DENIED, 5, "may not subscribe to 'x.y'"),
                Frame.Err.of(ErrorCode.SLOW_CONSUMER, 0, "outbound buffer full"),
                new Frame.Err(999, 0, "a newer server's code", false),
                new Frame.GoAway(5_000, "shutting down"),
                new Frame.GoAway(0, ""),
                new Frame.Msg(1, "orders.created", null, Headers.EMPTY, utf8("hello"), false),
                new Frame.Msg(7, "rpc.echo", "_INBOX.x2", SOME_HEADERS, utf8("pong"), false),
                new Frame.Msg(
                        Integer.MAX_VALUE, "_INBOX.x2", null, Headers.EMPTY, new byte[0], true));
    }
}
