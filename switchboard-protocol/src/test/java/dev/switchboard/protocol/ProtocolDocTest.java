package dev.switchboard.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/PROTOCOL.md true to the code: the worked example's bytes are generated here from the
 * real writers (and decoded back), and the opcode and error code tables are compared with the
 * enums. On a mismatch the expected example is written to target/protocol-example.md for pasting.
 */
class ProtocolDocTest {
    private static final Path DOC = Path.of("../docs/PROTOCOL.md");

    static final Frame.Hello HELLO =
            new Frame.Hello(1, 1, "demo", null, "switchboard-java/0.1.0", true);
    static final Frame.Welcome WELCOME =
            new Frame.Welcome(
                    1, "srv-1", "demo", "0.1.0", 7, ProtocolLimits.DEFAULT, 10_000, 120_000);
    static final Frame.Sub SUB = new Frame.Sub(1, "orders.>", null, QueueMode.ROUND_ROBIN, null);
    static final Frame.Pub PUB =
            new Frame.Pub(
                    "orders.eu",
                    null,
                    Headers.encode(List.of(Map.entry("k", "v"))),
                    Frames.utf8("hi"),
                    false);

    private static String doc() throws IOException {
        return Files.readString(DOC, StandardCharsets.UTF_8);
    }

    /** Annotated bytes: each field on a line, its hex and what it is. */
    private static final class Listing {
        private final StringBuilder out = new StringBuilder();
        private final ByteBuf buf;

        Listing(byte[] frame) {
            this.buf = Unpooled.wrappedBuffer(frame);
        }

        Listing field(int n, String what) {
            String hex =
                    ByteBufUtil.hexDump(buf, buf.readerIndex(), n).replaceAll("(..)(?!$)", "$1 ");
            buf.skipBytes(n);
            out.append(String.format(Locale.ROOT, "%-26s %s%n", hex, what));
            return this;
        }

        Listing header(String op) {
            long len = buf.getUnsignedInt(buf.readerIndex());
            field(4, "body length " + len);
            field(1, "opcode " + op);
            return field(1, "flags");
        }

        Listing string16(String what) {
            int n = buf.getUnsignedShort(buf.readerIndex());
            field(2, what + " length " + n);
            if (n > 0) {
                field(n, "\"" + buf.toString(buf.readerIndex(), n, StandardCharsets.UTF_8) + "\"");
            }
            return this;
        }

        Listing rest(String what) {
            int n = buf.readableBytes();
            for (int i = 0; i < n; i += 16) {
                field(Math.min(16, n - i), i == 0 ? what : "");
            }
            return this;
        }

        String done() {
            assertThat(buf.isReadable()).as("every byte annotated").isFalse();
            return out.toString()
                    .lines()
                    .map(String::stripTrailing)
                    .reduce("", (a, b) -> a + b + "\n");
        }
    }

    private static Listing pubFields(Listing l) {
        l.string16("subject").string16("reply");
        return l.field(4, "headers length 6")
                .field(2, "  name length 1")
                .field(1, "  \"k\"")
                .field(2, "  value length 1")
                .field(1, "  \"v\"")
                .rest("payload \"hi\"");
    }

    /** The worked example, as docs/PROTOCOL.md shows it. */
    static String example() {
        byte[] hello = Frames.bytes(HELLO);
        byte[] welcome = Frames.bytes(WELCOME);
        byte[] sub = Frames.bytes(SUB);
        byte[] pub = Frames.bytes(PUB);
        ByteBuf msgBuf = Unpooled.buffer();
        FrameWriter.msgFromPub(
                msgBuf,
                1,
                0,
                Unpooled.wrappedBuffer(pub),
                FrameLayout.HEADER,
                pub.length - FrameLayout.HEADER);
        byte[] msg = ByteBufUtil.getBytes(msgBuf);
        msgBuf.release();

        StringBuilder md = new StringBuilder();
        md.append("C → S  HELLO ").append(HELLO).append('\n');
        md.append(new Listing(hello).header("HELLO").rest("container").done());
        md.append('\n');
        md.append("S → C  WELCOME ").append(WELCOME).append('\n');
        md.append(new Listing(welcome).header("WELCOME").rest("container").done());
        md.append('\n');
        md.append("C → S  SUB sid=1 pattern=\"orders.>\" (no group)\n");
        md.append(
                new Listing(sub)
                        .header("SUB")
                        .field(4, "sid 1")
                        .string16("pattern")
                        .string16("queue group")
                        .field(1, "group mode 0 (ROUND_ROBIN, unused without a group)")
                        .string16("hash header")
                        .done());
        md.append('\n');
        md.append("C → S  PUB subject=\"orders.eu\" headers={k: v} payload=\"hi\"\n");
        md.append(pubFields(new Listing(pub).header("PUB")).done());
        md.append('\n');
        md.append("S → C  MSG sid=1 (the PUB body, byte for byte, behind the sid)\n");
        md.append(pubFields(new Listing(msg).header("MSG").field(4, "sid 1")).done());

        // The listing must be what the decoder reads back.
        List<Frame> back = new ArrayList<>();
        back.addAll(decode(false, Frames.concat(hello)));
        back.addAll(decode(true, welcome));
        back.addAll(decode(false, Frames.concat(sub, pub)));
        back.addAll(decode(true, msg));
        Frames.assertSameFrames(
                back,
                List.of(
                        HELLO,
                        WELCOME,
                        SUB,
                        PUB,
                        new Frame.Msg(1, "orders.eu", null, PUB.headers(), PUB.payload(), false)),
                "example");
        return md.toString();
    }

    private static List<Frame> decode(boolean peerIsServer, byte[] bytes) {
        FrameCollector c = new FrameCollector();
        var ch = c.channel(peerIsServer, ProtocolLimits.DEFAULT);
        FrameCollector.feed(ch, bytes);
        ch.finishAndReleaseAll();
        assertThat(c.errors).isEmpty();
        return c.frames;
    }

    @Test
    void workedExample_matchesTheCode() throws IOException {
        String expected = example();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/protocol-example.md"), expected);
        assertThat(doc())
                .as("docs/PROTOCOL.md must contain the example in target/protocol-example.md")
                .contains(expected);
    }

    @Test
    void workedExample_hexIsStable() {
        // Pins the frame bytes independently of the doc (a change here is a wire change).
        assertThat(HexFormat.of().formatHex(Frames.bytes(SUB)))
                .isEqualTo(
                        "00000013" // body length 19
                                + "11" // SUB
                                + "00" // flags
                                + "00000001" // sid
                                + "0008"
                                + "6f72646572732e3e" // "orders.>"
                                + "0000" // no group
                                + "00" // ROUND_ROBIN
                                + "0000");
        assertThat(HexFormat.of().formatHex(Frames.bytes(PUB)))
                .isEqualTo(
                        "00000019" // body length 25
                                + "10" // PUB
                                + "00" // flags
                                + "0009"
                                + "6f72646572732e6575" // "orders.eu"
                                + "0000"
                                + "00000006"
                                + "0001"
                                + "6b"
                                + "0001"
                                + "76"
                                + "6869");
    }

    @Test
    void opcodeTable_matchesTheEnum() throws IOException {
        Matcher m =
                Pattern.compile("(?m)^\\| `0x([0-9a-f]{2})` \\| `([A-Z]+)` \\| ([^|]+) \\|")
                        .matcher(doc());
        List<String> rows = new ArrayList<>();
        while (m.find()) {
            Opcode op = Opcode.valueOf(m.group(2));
            assertThat(op.code()).as(m.group()).isEqualTo(Integer.parseInt(m.group(1), 16));
            String dir = m.group(3).trim();
            String expected =
                    switch (op.direction()) {
                        case CLIENT -> "client → server";
                        case SERVER -> "server → client";
                        case BOTH -> "either";
                    };
            assertThat(dir).as(m.group()).isEqualTo(expected);
            rows.add(op.name());
        }
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        java.util.Arrays.stream(Opcode.values())
                                .map(Enum::name)
                                .toArray(String[]::new));
    }

    @Test
    void errorTable_matchesTheEnum() throws IOException {
        Matcher m =
                Pattern.compile("(?m)^\\| (\\d{3}) \\| `([A-Z_]+)` \\| (yes|no) \\|")
                        .matcher(doc());
        List<String> rows = new ArrayList<>();
        while (m.find()) {
            ErrorCode e = ErrorCode.valueOf(m.group(2));
            assertThat(e.code()).as(m.group()).isEqualTo(Integer.parseInt(m.group(1)));
            assertThat(e.fatal()).as(m.group()).isEqualTo(m.group(3).equals("yes"));
            rows.add(e.name());
        }
        assertThat(rows)
                .containsExactlyInAnyOrder(
                        java.util.Arrays.stream(ErrorCode.values())
                                .map(Enum::name)
                                .toArray(String[]::new));
    }
}
