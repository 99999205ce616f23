package dev.switchboard.protocol;

import static dev.switchboard.protocol.Frames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.protocol.testing.NoLeaks;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link FrameWriter}'s layouts, and the server's PUB-to-MSG forwarding path. */
@ExtendWith(NoLeaks.class)
class FrameWriterTest {

    private static Frame decodeOne(boolean peerIsServer, byte[] bytes) {
        FrameCollector c = new FrameCollector();
        EmbeddedChannel ch = c.channel(peerIsServer, ProtocolLimits.DEFAULT);
        FrameCollector.feed(ch, bytes);
        ch.finishAndReleaseAll();
        assertThat(c.errors).isEmpty();
        assertThat(c.frames).hasSize(1);
        return c.frames.get(0);
    }

    @Test
    void msgFromPub_isTheSidFollowedByThePubBody() {
        for (Frame f : Frames.clientFrames()) {
            if (!(f instanceof Frame.Pub pub)) {
                continue;
            }
            byte[] pubFrame = Frames.bytes(pub);
            // Put the PUB body somewhere in the middle of a bigger buffer, as the decoder sees it.
            ByteBuf in = Unpooled.buffer();
            ByteBuf out = Unpooled.buffer();
            try {
                in.writeBytes(utf8("junk-before"));
                int bodyAt = in.writerIndex() + FrameLayout.HEADER;
                in.writeBytes(pubFrame);
                in.writeBytes(utf8("junk-after"));
                int bodyLen = pubFrame.length - FrameLayout.HEADER;

                FrameWriter.msgFromPub(out, 77, FrameFlags.MSG_NO_RESPONDERS, in, bodyAt, bodyLen);

                byte[] msg = ByteBufUtil.getBytes(out);
                assertThat(msg).hasSize(FrameLayout.HEADER + 4 + bodyLen);
                assertThat(Arrays.copyOfRange(msg, FrameLayout.HEADER + 4, msg.length))
                        .isEqualTo(
                                Arrays.copyOfRange(pubFrame, FrameLayout.HEADER, pubFrame.length));
                assertThat(in.readerIndex()).isZero(); // the source is not consumed
                assertThat(decodeOne(true, msg))
                        .usingRecursiveComparison()
                        .isEqualTo(
                                new Frame.Msg(
                                        77,
                                        pub.subject(),
                                        pub.replyTo(),
                                        pub.headers(),
                                        pub.payload(),
                                        true));
            } finally {
                in.release();
                out.release();
            }
        }
    }

    @Test
    void msgFromPub_equalsTheMsgWrittenFromParts() {
        Frame.Pub pub = new Frame.Pub("a.b", "r.s", Frames.SOME_HEADERS, utf8("data"), true);
        byte[] pubFrame = Frames.bytes(pub);
        ByteBuf fromPub = Unpooled.buffer();
        ByteBuf fromParts = Unpooled.buffer();
        try {
            FrameWriter.msgFromPub(
                    fromPub,
                    9,
                    0,
                    Unpooled.wrappedBuffer(pubFrame),
                    FrameLayout.HEADER,
                    pubFrame.length - FrameLayout.HEADER);
            FrameWriter.msg(fromParts, 9, "a.b", "r.s", Frames.SOME_HEADERS, utf8("data"), 0);
            assertThat(ByteBufUtil.getBytes(fromPub)).isEqualTo(ByteBufUtil.getBytes(fromParts));
        } finally {
            fromPub.release();
            fromParts.release();
        }
    }

    @Test
    void asciiStringSubjects_areWrittenAsTheSameBytesAsStrings() {
        // An AsciiString view into a larger array, as the broker's ack-subject writer hands out.
        byte[] backing =
                "xx$SYS.ACK.S.c.1.2.3.4.5yy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        io.netty.util.AsciiString reply = new io.netty.util.AsciiString(backing, 2, 22, false);
        io.netty.util.AsciiString subject = new io.netty.util.AsciiString("orders.eu");
        ByteBuf ascii = Unpooled.buffer();
        ByteBuf strings = Unpooled.buffer();
        try {
            FrameWriter.msg(ascii, 3, subject, reply, Frames.SOME_HEADERS, utf8("p"), 0);
            FrameWriter.msg(
                    strings,
                    3,
                    "orders.eu",
                    "$SYS.ACK.S.c.1.2.3.4.5",
                    Frames.SOME_HEADERS,
                    utf8("p"),
                    0);
            byte[] bytes = ByteBufUtil.getBytes(ascii);
            assertThat(bytes).isEqualTo(ByteBufUtil.getBytes(strings));
            Frame.Msg m = (Frame.Msg) decodeOne(true, bytes);
            assertThat(m.subject()).isEqualTo("orders.eu");
            assertThat(m.replyTo()).isEqualTo("$SYS.ACK.S.c.1.2.3.4.5");
        } finally {
            ascii.release();
            strings.release();
        }
    }

    @Test
    void header_isBigEndianLengthOpcodeFlags() {
        ByteBuf out = Unpooled.buffer();
        try {
            FrameWriter.header(out, Opcode.PUB_CODE, 0x01, 0x01020304);
            assertThat(ByteBufUtil.hexDump(out)).isEqualTo("010203041001");
        } finally {
            out.release();
        }
    }

    @Test
    void utf8Length() {
        assertThat(FrameWriter.utf8Length(null)).isZero();
        assertThat(FrameWriter.utf8Length("")).isZero();
        assertThat(FrameWriter.utf8Length("abc")).isEqualTo(3);
        assertThat(FrameWriter.utf8Length("ü主🚀")).isEqualTo(2 + 3 + 4);
    }

    @Test
    void fixedSizes_matchTheLayouts() {
        assertThat(Frames.bytes(new Frame.Ping())).hasSize(FrameLayout.HEADER);
        assertThat(Frames.bytes(new Frame.Unsub(1, 2)))
                .hasSize(FrameLayout.HEADER + FrameLayout.UNSUB_BODY);
        assertThat(Frames.bytes(new Frame.Sub(1, "", null, QueueMode.ROUND_ROBIN, null)))
                .hasSize(FrameLayout.HEADER + FrameLayout.SUB_FIXED);
        assertThat(Frames.bytes(new Frame.Pub("", null, Headers.EMPTY, new byte[0], false)))
                .hasSize(FrameLayout.HEADER + FrameLayout.PUB_FIXED);
        assertThat(Frames.bytes(new Frame.Msg(1, "", null, Headers.EMPTY, new byte[0], false)))
                .hasSize(FrameLayout.HEADER + FrameLayout.MSG_FIXED);
        assertThat(Frames.bytes(new Frame.Err(1, 0, "", false)))
                .hasSize(FrameLayout.HEADER + FrameLayout.ERR_FIXED);
        assertThat(Frames.bytes(new Frame.GoAway(1, "")))
                .hasSize(FrameLayout.HEADER + FrameLayout.GOAWAY_FIXED);
    }

    @Test
    void errOf_takesFatalFromTheCode() {
        assertThat(Frame.Err.of(ErrorCode.BAD_FRAME, 0, "x").fatal()).isTrue();
        assertThat(Frame.Err.of(ErrorCode.PERMISSION_DENIED, 3, "x"))
                .isEqualTo(new Frame.Err(201, 3, "x", false));
        byte[] fatal = Frames.bytes(Frame.Err.of(ErrorCode.STALE_CONNECTION, 0, "x"));
        assertThat(fatal[5]).isEqualTo((byte) FrameFlags.ERR_FATAL);
    }

    @Test
    void helloToString_hidesTheToken() {
        assertThat(new Frame.Hello(1, 1, "n", "s3cret", "c", true).toString())
                .doesNotContain("s3cret")
                .contains("***");
        assertThat(new Frame.Hello(1, 1, "n", null, "c", true).toString()).contains("none");
    }

    @Test
    void everyFrameType_isCovered() {
        List<Opcode> covered =
                java.util.stream.Stream.concat(
                                Frames.clientFrames().stream(), Frames.serverFrames().stream())
                        .map(Frame::opcode)
                        .distinct()
                        .toList();
        assertThat(covered).containsExactlyInAnyOrder(Opcode.values());
    }
}
